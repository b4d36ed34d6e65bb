"""Snapshot tests at 100x30 of the screens a learner sees most (SVGs in __snapshots__)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from studyapp.tui.screens.study import StudyScreen
from tests.tui_support import NOW, demo_app, settle

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def fixed_clock_and_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    monkeypatch.setattr(StudyScreen, "clock", staticmethod(lambda: 1000.0))


def keys(*presses: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await settle(app, pilot)  # type: ignore[arg-type]
        for key in presses:
            await pilot.press(key)
            await settle(app, pilot)  # type: ignore[arg-type]
        await pilot.pause()

    return run_before


def snap(snap_compare: Any, presses: Iterable[str]) -> bool:
    result: bool = snap_compare(demo_app(), terminal_size=SIZE, run_before=keys(*presses))
    return result


def test_home(snap_compare: Any) -> None:
    assert snap(snap_compare, [])


def test_card_front(snap_compare: Any) -> None:
    assert snap(snap_compare, ["f"])


def test_card_back(snap_compare: Any) -> None:
    assert snap(snap_compare, ["f", "space"])


def test_question_revealed(snap_compare: Any) -> None:
    assert snap(snap_compare, ["i", "t", *"a rounder cost surface", "escape", "space"])


def test_reorder_feedback(snap_compare: Any) -> None:
    assert snap(snap_compare, ["r", "enter"])


def test_session_summary(snap_compare: Any) -> None:
    assert snap(snap_compare, ["f", "space", "2", "space", "1", "space", "2"])


def coding_snap(snap_compare: Any, size: tuple[int, int], presses: Iterable[str]) -> bool:
    """The coding screen of the demo coding deck's `double`, cursor steady."""
    from studyapp.tui.screens.coding import CodingScreen
    from tests.test_tui_coding import coding_app

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await settle(app, pilot)  # type: ignore[arg-type]
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.query_one("#editor", TextArea).cursor_blink = False
        for key in presses:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen.clock = staticmethod(lambda: 0.0)
        await pilot.pause()

    result: bool = snap_compare(coding_app(), terminal_size=size, run_before=run_before)
    return result


def test_coding_screen(snap_compare: Any) -> None:
    assert coding_snap(snap_compare, SIZE, [])


def test_coding_screen_small_after_a_check(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from studyapp.sandbox import CheckResult, WarmChecker

    def steady(self: WarmChecker, *args: Any, **kwargs: Any) -> CheckResult:
        return replace(real_check(self, *args, **kwargs), seconds=0.25)  # a time that holds

    real_check = WarmChecker.check
    monkeypatch.setattr(WarmChecker, "check", steady)
    assert coding_snap(snap_compare, (80, 24), ["end", "x", "f5"])
