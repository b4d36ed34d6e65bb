"""What issue 14 fixed on screen: the home New column, small terminals, scrolling, wording."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Static

from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.widgets.decklist import DeckList
from tests.tui_support import NOW, demo_app, settle


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)


def write_config(text: str) -> None:
    config = Path(os.environ["STUDYAPP_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.yaml").write_text(text, encoding="utf-8")


def text_of(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_home_new_column_shows_what_the_deck_has_and_the_hint_what_today_allows() -> None:
    write_config("new_per_day: 2\nrelearn_in_session: false\n")
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#deck-table", DeckList)
        assert table.row_text(0).split()[-7] == "4"  # every item of the deck is new
        hint = text_of(app, "#hint")
        assert "0 due and 2 new today." in hint
        assert "Today's limit lets 2 of the 4 new items in (2 a day)." in hint
        await pilot.press("enter")  # study: two new items
        await settle(app, pilot)
        await pilot.press("space", "2", "space", "2")
        await settle(app, pilot)
        await pilot.press("enter")  # summary -> home
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#deck-table", DeckList)
        assert table.row_text(0).split()[-7] == "2"  # two never studied, whatever today allows
        hint = text_of(app, "#hint")
        assert "The 2 new items a day are used up: more tomorrow." in hint
