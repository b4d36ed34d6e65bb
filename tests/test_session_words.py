"""What the session says after an answer or an undo, and how it shows shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.config import Settings
from studyapp.model import Flashcard, Question, ReorderExercise, Tier
from studyapp.session import item_label, percent, undo_message
from tests.test_session import DAY1, Clock, make_deck, open_progress


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY1)


def test_again_in_box_1_says_it_stays_there(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=1, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock, Settings(relearn_in_session=False))
    progress.start_session([deck]).answer(False)
    clock.advance(days=1)
    outcome = progress.start_session([deck]).answer(False)
    assert outcome.text == "Stays in box 1 of 5, next review tomorrow"
    assert outcome.receipt == "Again: stays in box 1 of 5, next review tomorrow"
    assert "→ 1 of" not in outcome.receipt


def test_practice_receipts_never_stack_two_labels(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck], cram=True)
    assert session.answer(True).receipt == "Good, practice: still new"
    assert session.answer(False).receipt == "Again, practice: still new; once more now"


def test_undo_names_the_item_by_what_the_learner_saw(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=1, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    session.answer(True)
    assert undo_message(session.undo()) == "Undone: “front” is back as it was."
    assert undo_message(session.undo()) == "Nothing to undo."


def test_item_labels_are_short_plain_text() -> None:
    card = Flashcard("z-score-vs-min-max", "What does the **learning rate** control?", "b")
    assert item_label(card) == "What does the learning rate control?"
    long = Question("q", Tier.BEGINNER, "Why " + "very " * 20 + "long?", "a", ("p",))
    label = item_label(long)
    assert len(label) <= 60 and label.endswith("very…")
    steps = ReorderExercise("r", "Order one\n`vectorised` iteration.", ("a", "b"))
    assert item_label(steps) == "Order one vectorised iteration."


def test_percentages_round_half_up() -> None:
    assert [percent(4, 6), percent(1, 3), percent(1, 8), percent(0, 0)] == [67, 33, 13, 0]


def test_overview_says_what_a_deck_has_besides_what_today_allows(
    tmp_path: Path, clock: Clock
) -> None:
    from studyapp.model import ItemKind

    deck = make_deck(cards=4, questions=2, reorders=2)
    progress = open_progress(tmp_path, clock, Settings(new_per_day=3))
    session = progress.start_session([deck])
    for _ in range(2):
        session.answer(True)
    (view,) = progress.overview([deck])
    assert view.new_total == 1  # today's limit: one more
    assert view.unseen_by_kind[ItemKind.FLASHCARD] == 3
    assert sum(view.unseen_by_kind.values()) == view.unseen == 6
