"""The stats screen with Pilot: what a learner answered shows in its heatmap, forecast and boxes."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from studyapp.tui.app import StudyApp
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.screens.summary import SummaryScreen
from tests.tui_support import NOW, demo_app, settle


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)


def shown(screen: Screen[Any], selector: str) -> str:
    """A section's text as the learner reads it."""
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


async def open_stats(app: StudyApp, pilot: Pilot[None], *keys: str) -> StatsScreen:
    """Press `keys` (t by default) and wait for the report to show."""
    await pilot.press(*(keys or ("t",)))
    for _ in range(50):
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        if screen.report is not None:
            return screen
    raise AssertionError("the report never showed")


async def test_stats_show_the_answers_of_today() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "space", "2", "space", "1", "space", "2")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        screen = await open_stats(app, pilot)
        assert screen.report is not None
        # Two review answers and one practice answer, two of them right.
        assert "Today 3 reviews (2 correct)" in shown(screen, "#stats-heatmap")
        assert app.content is not None and app.service is not None
        due = sum(view.due_total for view in app.service.overview(app.content.decks))
        first = shown(screen, "#stats-forecast").splitlines()[0].split()
        assert first[0] == "Today" and first[-1] == str(due)
        boxes = [line.split("│") for line in shown(screen, "#stats-boxes").splitlines()]
        deck_row = next(cells for cells in boxes if "study-demo" in "".join(cells))
        counts = [cell.strip() for cell in deck_row[2:-1]]
        assert counts[:2] == ["1", "1"]  # alpha moved up to box 2; beta stays in box 1
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_stats_before_any_answer_and_from_the_palette() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert "Statistics" in shown(app.screen, "#help-text")  # t is in help, not the footer
        await pilot.press("escape")
        await settle(app, pilot)
        screen = await open_stats(app, pilot, "ctrl+p", *"Statistics", "enter")
        assert "Today 0 reviews" in shown(screen, "#stats-heatmap")
        assert "Streak: 0 days." in shown(screen, "#stats-totals")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
