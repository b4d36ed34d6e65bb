"""Snapshot tests of the stats screen at 80x24 and 100x30 (SVGs in __snapshots__)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.screens.study import StudyScreen
from tests.tui_support import NOW, demo_app, settle

ANSWERS = ("f", "space", "2", "space", "1", "space", "2", "enter")
"""Two flashcards answered (one right, one again then right as practice), back home."""


@pytest.fixture(autouse=True)
def fixed_clock_and_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    monkeypatch.setattr(StudyScreen, "clock", staticmethod(lambda: 1000.0))


async def answer_then_open_stats(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await settle(app, pilot)  # type: ignore[arg-type]
    for key in (*ANSWERS, "t"):
        await pilot.press(key)
        await settle(app, pilot)  # type: ignore[arg-type]
    for _ in range(50):
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        if screen.report is not None:
            break
        await settle(app, pilot)  # type: ignore[arg-type]
    await pilot.pause()


def test_stats_small(snap_compare: Any) -> None:
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=answer_then_open_stats)


def test_stats(snap_compare: Any) -> None:
    assert snap_compare(demo_app(), terminal_size=(100, 30), run_before=answer_then_open_stats)
