"""The home screen lists the bundled decks and reports content problems without crashing."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from studyapp.context import Context
from studyapp.tui.app import StudyApp
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.widgets.decklist import DeckList
from tests.helpers import VALID_DECK, write_deck
from tests.tui_support import settle


async def _loaded(app: StudyApp, pilot: Pilot[None]) -> HomeScreen:
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    return screen


async def test_home_lists_the_bundled_deck() -> None:
    app = StudyApp(Context.create())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _loaded(app, pilot)
        table = screen.query_one("#deck-table", DeckList)
        rows = [table.row_text(i) for i in range(table.row_count)]
        assert any(row.startswith("Gradient Descent for Logistic Regression") for row in rows)
        assert screen.result is not None and screen.result.ok


async def test_broken_deck_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    bad = write_deck(tmp_path, "bad.yaml", VALID_DECK.replace("tier: beginner", "tier: guru"))
    app = StudyApp(Context.create(content=[str(bad)]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _loaded(app, pilot)
        notes = list(app._notifications)
        assert notes and "1 problem in deck files" in notes[0].title
        assert f"{bad}:10:11: tier 'guru'" in notes[0].message
        status = str(screen.query_one("#status", Static).render())
        assert "1 problem in deck files: press p" in status
        await pilot.press("p")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemsScreen"


async def test_markup_in_content_is_shown_literally(tmp_path: Path) -> None:
    deck = write_deck(
        tmp_path, "m.yaml", VALID_DECK.replace("title: Demo deck", "title: '[b]Bold[/b] deck'")
    )
    app = StudyApp(Context.create(content=[str(deck)]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _loaded(app, pilot)
        table = screen.query_one("#deck-table", DeckList)
        rows = [table.rows.get_option_at_index(i).prompt for i in range(table.row_count)]
        mine = [row for row in rows if "Bold" in str(row)]
        assert len(mine) == 1 and isinstance(mine[0], Text)
        assert str(mine[0]).startswith("[b]Bold[/b] deck") and not mine[0].spans


async def test_help_opens_and_closes() -> None:
    app = StudyApp(Context.create())
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_big_content_loads_and_plans_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    # Content over SMALL_CONTENT bytes goes through the worker path with progress messages.
    from studyapp.tui import loading
    from studyapp.tui.screens.study import StudyScreen

    monkeypatch.setattr(loading, "SMALL_CONTENT", 0)
    seen: list[tuple[int, int]] = []
    original = HomeScreen._loading_changed

    def spy(self: HomeScreen, files: tuple[int, int]) -> None:
        seen.append(files)
        original(self, files)

    monkeypatch.setattr(HomeScreen, "_loading_changed", spy)
    app = StudyApp(Context.create())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _loaded(app, pilot)
        assert not app.small_content and screen.result is not None
        assert seen and seen[-1][0] == seen[-1][1] == len(screen.result.files)
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
