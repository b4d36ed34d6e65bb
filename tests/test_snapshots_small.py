"""Snapshot tests at 80x24 and 60x20: every screen shows where help is, dialogs scroll,
columns keep their meaning (SVGs in __snapshots__)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from studyapp.tui.screens.study import StudyScreen
from tests.test_snapshots import keys
from tests.tui_support import NOW, demo_app

SIZES = [(80, 24), (60, 20)]


@pytest.fixture(autouse=True)
def fixed_clock_and_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    monkeypatch.setattr(StudyScreen, "clock", staticmethod(lambda: 1000.0))


def snap(snap_compare: Any, size: tuple[int, int], presses: Iterable[str]) -> bool:
    result: bool = snap_compare(demo_app(), terminal_size=size, run_before=keys(*presses))
    return result


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_home_small(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap(snap_compare, size, [])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_help_dialog_small(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap(snap_compare, size, ["question_mark"])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_question_revealed_small(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap(snap_compare, size, ["i", "t", *"a rounder cost surface", "escape", "space"])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_reorder_given_up_small(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap(snap_compare, size, ["r", "enter", "space"])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_deck_view_small(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap(snap_compare, size, ["f", "space", "2", "escape", "enter", "o"])
