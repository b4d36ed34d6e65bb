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


LONG_DECK = """\
deck:
  id: long
  title: Long deck
questions:
  - id: long-question
    tier: beginner
    prompt: Why do we scale features before running gradient descent?
    answer: |-
{answer}
    key_points: [rounder contours, one learning rate for all, faster convergence]
    senior_angle: Fit the scaling statistics on training data only.
reorder:
  - id: code-steps
    prompt: Order one step of training.
    steps:
      - "compute `z = X @ w + b` for every example of the batch, in one vectorised line"
      - "apply `sigmoid(z)`"
      - "update `w` against the gradient"
    explanation: Each step needs the one before.
"""


def long_app(tmp_path: Path) -> object:
    from dataclasses import replace

    from studyapp.context import Context
    from studyapp.paths import resolve_locations
    from studyapp.tui.app import StudyApp

    folder = tmp_path / "decks"
    folder.mkdir()
    answer = "\n".join(f"      Line {n} of a long model answer about scaling." for n in range(30))
    (folder / "long.yaml").write_text(LONG_DECK.format(answer=answer), encoding="utf-8")
    return StudyApp(Context(replace(resolve_locations(), bundled_content=folder)))


def screen_text(app: object) -> str:
    """The screen as plain text lines (from the SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()  # type: ignore[attr-defined]
    rows: dict[int, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" ' \
        r'clip-path="url\(#[^"]*-line-(\d+)\)">(.*?)</text>'
    for match in re.finditer(pattern, svg):
        rows.setdefault(int(match.group(2)), []).append(
            (float(match.group(1)), html.unescape(match.group(3)))
        )
    lines = []
    for number in sorted(rows):
        line = ""
        for x, text in sorted(rows[number]):
            line = line.ljust(round(x / 12.2)) + text
        lines.append(line.replace("\xa0", " ").rstrip())
    return "\n".join(lines)


def footer_keys(app: object) -> list[str]:
    return [str(node.render()) for node in app.screen.query("FooterKey")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_screen_shows_where_help_is_on_a_small_terminal(
    size: tuple[int, int]
) -> None:
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        for keys in ([], ["f"], ["escape", "i"], ["escape", "r", "enter"], ["escape", "o"]):
            await settle(app, pilot)
            for key in keys:
                await pilot.press(key)
                await settle(app, pilot)
            assert "Help" in footer_keys(app)[0], (keys, footer_keys(app))
            assert "? Help" in screen_text(app).splitlines()[-1]


async def test_while_typing_the_footer_says_esc_stops_typing() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("i", "t")
        await settle(app, pilot)
        keys = footer_keys(app)
        assert any("Stop typing" in key for key in keys) and not any("End" in key for key in keys)
        await pilot.press("escape")
        await settle(app, pilot)
        assert any("End" in key for key in footer_keys(app))


async def test_help_scrolls_instead_of_clipping_and_lists_hidden_keys() -> None:
    from textual.containers import VerticalScroll

    app = demo_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        box = app.screen.query_one("#help-box", VerticalScroll)
        assert box.max_scroll_y > 0  # taller than the terminal: it scrolls
        from rich.console import Console

        console = Console(width=70)
        with console.capture() as captured:
            console.print(app.screen._table())  # type: ignore[attr-defined]
        text = captured.get()
        assert "⏎" in text and "Study deck" in text  # Enter, though the deck list hides it
        assert "Problems" in text and "Reload" in text
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        assert "Press Esc to close." in screen_text(app)


async def test_a_long_question_keeps_its_prompt_in_sight_and_scrolls_by_keys(
    tmp_path: Path,
) -> None:
    from textual.containers import VerticalScroll

    app = long_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:  # type: ignore[attr-defined]
        await settle(app, pilot)  # type: ignore[arg-type]
        await pilot.press("i", "t", *"rounder contours", "escape", "space")
        await settle(app, pilot)  # type: ignore[arg-type]
        screen = app.screen  # type: ignore[attr-defined]
        container = screen.query_one("#item", VerticalScroll)
        suggestion = screen.query_one("#suggestion", Static)
        # The checklist and the suggestion are in view after the reveal...
        assert container.region.contains_region(suggestion.region)
        assert "Suggested:" in screen_text(app)
        # ... and the question, scrolled away, is pinned above the item.
        pinned = screen.query_one("#pinned", Static)
        assert pinned.display and "Why do we scale features" in str(pinned.render())
        where = container.scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert container.scroll_y < where  # the key-point list did not swallow PageUp
        await pilot.press("pagedown")
        await pilot.pause()
        assert container.scroll_y > 0


async def test_reorder_explains_only_once_right_or_given_up_and_draws_code(
    tmp_path: Path,
) -> None:
    app = long_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:  # type: ignore[attr-defined]
        await settle(app, pilot)  # type: ignore[arg-type]
        await pilot.press("r", "enter")
        await settle(app, pilot)  # type: ignore[arg-type]
        view = app.screen.view  # type: ignore[attr-defined]
        assert not view.query_one("#back").display  # a wrong order: no explanation yet
        text = screen_text(app)
        assert "`" not in text and "z = X @ w + b" in text
        # The long step wraps under its own text, not under its number.
        lines = text.splitlines()
        first = next(i for i, line in enumerate(lines) if "compute" in line)
        indent = lines[first].index("compute")
        assert lines[first + 1][:indent].strip("▊ ") == ""
        await pilot.press("space")  # give up: the right order and why
        await settle(app, pilot)  # type: ignore[arg-type]
        assert view.query_one("#back").display and view.order == [0, 1, 2]
        assert "This is the right order" in screen_text(app)


async def test_the_theme_picked_is_remembered_and_config_still_wins() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.theme = "nord"  # what the palette's theme picker does
    state = Path(os.environ["STUDYAPP_DATA_DIR"]) / "state.json"
    assert '"theme": "nord"' in state.read_text(encoding="utf-8")
    again = demo_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.theme == "nord"
    write_config("theme: ansi-dark\n")
    configured = demo_app()
    async with configured.run_test(size=(80, 24)) as pilot:
        await settle(configured, pilot)
        assert configured.theme == "ansi-dark"
    assert '"theme": "nord"' in state.read_text(encoding="utf-8")  # config is not a pick


async def test_palette_reloads_decks() -> None:
    from studyapp.tui.commands import StudyCommands

    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        provider = StudyCommands(app.screen)
        commands = {name: run for name, run, _ in provider._commands()}
        before = app.content
        commands["Reload decks"]()
        await settle(app, pilot)
        assert app.content is not None and app.content is not before


async def test_enter_in_the_deck_view_practises_that_item() -> None:
    from textual.widgets import DataTable

    from studyapp.tui.screens.deck import DeckScreen
    from studyapp.tui.screens.study import StudyScreen

    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, DeckScreen)
        table = app.screen.query_one("#item-table", DataTable)
        cells = [table.get_row_at(i) for i in range(table.row_count)]
        assert [row[0] for row in cells] == ["Flashcard", "Flashcard", "Question (I)", "Reorder"]
        assert cells[0][2] == "new"  # the short form keeps its meaning at 80 columns
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session.mode == "cram"
        assert [entry.item.id for entry in screen.session.queue] == ["why-scale"]
