"""Studying end to end with Pilot: what the learner sees and what reaches the store."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from studyapp.session import item_label
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.study import StudyScreen
from studyapp.tui.screens.summary import SummaryScreen
from studyapp.tui.widgets.checklist import Checklist
from studyapp.tui.widgets.reorder_view import ReorderView
from studyapp.tui.widgets.views import FlashcardView, QuestionView
from tests.tui_support import NOW, demo_app, reviews, settle


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)


def text_of(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_flashcard_reveal_grade_and_undo() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and isinstance(screen.view, FlashcardView)
        assert not screen.view.query_one("#back").display
        await pilot.press("space")
        assert screen.view.query_one("#back").display
        await pilot.press("2")
        await settle(app, pilot)
        (review,) = reviews(app)
        assert review.correct and review.ref.item_id == "alpha" and review.box_after == 2
        assert "Good: new → box 2 of 5, next review in 2 days" in text_of(app, "Receipt")
        assert isinstance(screen.view, FlashcardView) and screen.view.card.id == "beta"
        await pilot.press("space", "1")
        await settle(app, pilot)
        assert [r.correct for r in reviews(app)] == [True, False]
        # Nothing else is left, so the card answered "again" comes back at once, as practice.
        assert text_of(app, "Receipt") == (
            "Again: new → box 1 of 5, next review tomorrow; once more now"
        )
        assert screen.view.card.id == "beta" and "again, as practice" in text_of(app, "#position")
        await pilot.press("space", "2")
        await settle(app, pilot)
        assert [r.mode for r in reviews(app)] == ["review", "review", "practice"]
        assert isinstance(app.screen, SummaryScreen)  # both flashcards done: session over
        rows = dict(app.screen.rows)
        assert rows["Reviewed"] == "2 of 2" and rows["Correct"] == "1 (50%)"
        assert rows["Relearned"] == "1 practice answer"
        assert rows["Moved up"] == "1" and rows["Next review"] == "tomorrow at 04:00"


async def test_undo_restores_the_store_and_shows_the_item_again() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        first = screen.session.current
        assert first is not None
        if isinstance(screen.view, ReorderView):
            await pilot.press("enter", "space")
        else:
            await pilot.press("ctrl+r", "1")
        await settle(app, pilot)
        assert len(reviews(app)) == 1
        await pilot.press("u")
        await settle(app, pilot)
        assert reviews(app) == []
        assert app.service is not None and app.service.store.state(first.ref) is None
        assert screen.session.current == first
        assert text_of(app, "Receipt") == f"Undone: “{item_label(first.item)}” is back as it was."
        await pilot.press("u")
        assert text_of(app, "Receipt") == "Nothing to undo."


async def test_undo_gives_the_typed_answer_back() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("i", "t")
        await settle(app, pilot)
        await pilot.press(*"sigmoid", "escape", "space", "1")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session.current is not None
        assert screen.session.current.relearn  # answered "again": it comes back at once
        await pilot.press("u")
        await settle(app, pilot)
        assert reviews(app) == [] and len(screen.session.queue) == 1
        view = screen.view
        assert isinstance(view, QuestionView) and view.typed == "sigmoid"


async def test_question_typed_answer_ticks_key_points_and_records_the_grade() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and isinstance(screen.view, QuestionView)
        assert "Intermediate tier" in str(screen.view.query_one(".kind-line", Static).render())
        await pilot.press("t")
        await pilot.press(*"scaling makes a rounder cost surface")
        await pilot.press("space")  # still typing: space is a space
        assert not screen.view.revealed
        await pilot.press("escape", "space")
        assert screen.view.revealed
        points = screen.view.query_one("#key-points", Checklist)
        assert points.ticked == {0}
        assert str(points.get_option_at_index(0).prompt).startswith("[x] rounder")
        assert str(points.get_option_at_index(2).prompt) == "[ ] [b]no markup[/b] here"
        assert "1 of 3 key points ticked. Suggested: 1 again." in text_of(app, "#suggestion")
        await pilot.press("down", "space")  # the learner ticks another point
        await pilot.pause()
        assert "2 of 3 key points ticked. Suggested: 2 good." in text_of(app, "#suggestion")
        await pilot.press("2")
        await settle(app, pilot)
        (review,) = reviews(app)
        assert review.correct and review.kind == "question"
        assert review.detail is not None
        assert review.detail["ticked"] == [0, 1] and review.detail["tier"] == "intermediate"
        assert review.detail["typed"] == "scaling makes a rounder cost surface "


async def test_reorder_first_attempt_counts_and_help_after_three_wrong() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        view = screen.view
        assert isinstance(view, ReorderView)
        shown = list(view.order)
        assert shown != sorted(shown)
        await pilot.press("enter")
        await settle(app, pilot)
        (review,) = reviews(app)
        assert not review.correct
        assert review.detail is not None and review.detail["order"] == shown
        assert "must move" in text_of(app, "#feedback")
        await pilot.press("enter", "enter")  # more wrong attempts: practice, not recorded
        assert len(reviews(app)) == 1
        assert "Press h" in text_of(app, "#feedback")
        for _ in range(len(view.order)):
            await pilot.press("h")
        await pilot.press("enter")
        assert view.solved and "Right order" in text_of(app, "#feedback")
        assert len(reviews(app)) == 1
        await pilot.press("space")
        await settle(app, pilot)
        # The first attempt was wrong: the exercise comes back, reshuffled, as practice.
        repeat = app.screen.view  # type: ignore[attr-defined]
        assert isinstance(repeat, ReorderView) and repeat is not view
        assert app.screen.session.current.relearn  # type: ignore[attr-defined]


async def test_reorder_moves_with_shift_keys() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        view = app.screen.view  # type: ignore[attr-defined]
        before = list(view.order)
        await pilot.press("shift+down")
        assert view.order == [before[1], before[0], *before[2:]]
        await pilot.press("K")
        assert view.order == before


async def test_nothing_due_says_when_to_come_back() -> None:
    import os
    from pathlib import Path

    config = Path(os.environ["STUDYAPP_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.yaml").write_text("relearn_in_session: false\n")
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "space", "2", "space", "2")
        await settle(app, pilot)
        await pilot.press("enter")  # summary -> home
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("i", "ctrl+r", "2")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("r", "enter", "space")  # wrong, then give up: the right order shows
        await settle(app, pilot)
        assert "This is the right order" in text_of(app, "#feedback")
        await pilot.press("space")  # then on
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        hint = text_of(app, "#hint")
        assert "Nothing due. Next review tomorrow at" in hint and "Press c to practise" in hint
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")  # cram: practice, boxes stay
        await settle(app, pilot)
        assert isinstance(app.screen, StudyScreen) and app.screen.session.mode == "cram"


async def test_keymap_from_config_remaps_a_binding() -> None:
    import os
    from pathlib import Path

    config = Path(os.environ["STUDYAPP_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.yaml").write_text('keymap:\n  grade-good: "g"\ntheme: ansi-dark\n')
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme == "ansi-dark"
        await pilot.press("f", "space", "g")
        await settle(app, pilot)
        (review,) = reviews(app)
        assert review.correct
        await pilot.press("space", "2")  # the old key no longer grades
        await settle(app, pilot)
        assert len(reviews(app)) == 1


async def test_deck_screen_lists_items_with_where_they_stand() -> None:
    from textual.widgets import DataTable

    from studyapp.tui.screens.deck import DeckScreen

    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "space", "2", "escape")  # one card answered, session left
        await settle(app, pilot)
        await pilot.press("enter")  # summary -> home
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, DeckScreen)
        table = app.screen.query_one("#item-table", DataTable)
        rows = {str(table.get_row_at(i)[1]): table.get_row_at(i)[2] for i in range(table.row_count)}
        assert (
            rows["What does the learning rate control?"] == "Box 2 of 5, next review in 2 days"
        )
        assert rows["What is sigma(0)?"] == "New: not studied yet"
        await pilot.press("enter")  # study this deck
        await settle(app, pilot)
        assert isinstance(app.screen, StudyScreen)


async def test_palette_offers_sessions_by_tier_and_every_deck() -> None:
    from studyapp.tui.commands import StudyCommands

    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        provider = StudyCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert "Study expert interview questions" in names
        assert {"Study deck: Study demo", "Open deck: Study demo", "Cram deck: Study demo"} <= set(
            names
        )
        hits = [hit async for hit in provider.search("beginner questions")]
        assert hits and "beginner" in str(hits[0].text)
        (_, start_intermediate, _) = next(
            c for c in provider._commands() if c[0] == "Study intermediate interview questions"
        )
        start_intermediate()
        await settle(app, pilot)
        assert isinstance(app.screen, StudyScreen)
        assert isinstance(app.screen.view, QuestionView)
