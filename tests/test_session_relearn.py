"""Relearning in a session: an item answered "again" comes back as practice until right."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.config import Settings
from studyapp.model import ItemRef, ReviewMode
from studyapp.session import RELEARN_GAP, QueueEntry, StudySession
from tests.test_session import DAY1, Clock, ids, make_deck, open_progress


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY1)


def _answer_through(session: StudySession, wrong: set[str]) -> list[str]:
    """Answer every entry (wrong for ids in `wrong`, once each), return the ids shown."""
    shown = []
    missed: set[str] = set()
    while session.current is not None:
        item = session.current.item.id
        shown.append(item)
        first_time = item not in missed
        if item in wrong and first_time:
            missed.add(item)
        session.answer(not (item in wrong and first_time))
    return shown


def test_a_wrong_item_comes_back_after_a_few_others_as_practice(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=6, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    outcome = session.answer(False)  # c0
    assert outcome.comes_back == RELEARN_GAP == 3
    assert outcome.receipt == "Again: new → box 1 of 5, next review tomorrow; back after 3 items"
    assert ids(session.queue) == ["c0", "c1", "c2", "c3", "c0", "c4", "c5"]
    for _ in range(3):
        session.answer(True)
    repeat = session.current
    assert repeat is not None and repeat.item.id == "c0" and repeat.relearn
    before = progress.store.state(ItemRef("deck-a", "c0"))
    practice = session.answer(True)
    assert practice.review.mode == ReviewMode.PRACTICE
    assert practice.receipt == "Good, practice: stays in box 1 of 5"
    assert progress.store.state(ItemRef("deck-a", "c0")) == before  # the first answer counts
    assert [r.correct for r in session.first_answers] == [False, True, True, True]
    assert session.planned == 6 and len(session.answered) == 5


def test_it_comes_back_at_once_when_nothing_else_is_left_until_answered_right(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=1, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    assert session.answer(False).receipt.endswith("; once more now")
    assert session.answer(False).receipt == "Again, practice: stays in box 1 of 5; once more now"
    assert session.answer(True).comes_back is None
    assert session.current is None
    assert [r.mode for r in progress.store.reviews()] == ["review", "practice", "practice"]
    assert progress.store.state(ItemRef("deck-a", "c0")).box == 1  # type: ignore[union-attr]


def test_a_short_queue_brings_it_back_after_what_is_left(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=3, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    assert _answer_through(session, wrong={"c1"}) == ["c0", "c1", "c2", "c1"]


def test_undo_removes_the_repeat_and_restores_exactly(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=5, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    planned = list(session.queue)
    session.answer(True)
    after_first = (list(session.queue), progress.store.states())
    session.answer(False)  # c1: its repeat goes in after c4
    session.answer(False)  # c2: its repeat after c1's
    assert ids(session.queue) == ["c0", "c1", "c2", "c3", "c4", "c1", "c2"]
    assert session.undo() is planned[2]
    assert ids(session.queue) == ["c0", "c1", "c2", "c3", "c4", "c1"]
    assert session.undo() is planned[1]
    assert (session.queue, progress.store.states()) == after_first
    assert session.undo() is planned[0]
    assert session.queue == planned and progress.store.reviews() == []


def test_undo_of_a_practice_repeat_puts_its_own_repeat_back_out(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=1, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    session.answer(False)
    session.answer(False)  # the repeat, wrong again: a second repeat
    assert len(session.queue) == 3
    undone = session.undo()
    assert undone is not None and undone.relearn and len(session.queue) == 2
    assert [r.mode for r in progress.store.reviews()] == ["review"]


def test_relearning_can_be_switched_off(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock, Settings(relearn_in_session=False))
    session = progress.start_session([deck])
    outcome = session.answer(False)
    assert outcome.comes_back is None and outcome.receipt.endswith("next review tomorrow")
    assert ids(session.queue) == ["c0", "c1"]


def test_cram_repeats_are_practice_too(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck], cram=True)
    _answer_through(session, wrong={"c0"})
    assert [r.mode for r in progress.store.reviews()] == ["cram", "cram", "practice"]


def test_coding_exercises_wait_for_their_next_review(tmp_path: Path, clock: Clock) -> None:
    from studyapp.model import Deck, SandboxExercise

    exercise = SandboxExercise("sigmoid", "Sigmoid", "Write it.", "sigmoid", "", "")
    deck = Deck("deck-a", "A", "a.yaml", sandbox=(exercise,))
    progress = open_progress(tmp_path, clock)
    session = StudySession(progress, [QueueEntry(deck, exercise, None, None)])
    assert session.answer(False).comes_back is None
    assert session.current is None
