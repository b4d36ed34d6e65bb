"""Working through a session: skipping, answers recorded elsewhere, what is kept, what undo finds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from studyapp.config import Settings
from studyapp.errors import SelectionError
from studyapp.model import Deck, ItemKind, ItemRef, ReviewMode, SandboxExercise
from studyapp.sandbox import CheckResult
from studyapp.session import StudySession
from tests.test_session import DAY1, Clock, ids, make_deck, open_progress


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY1)


def test_skipping_moves_on_without_answering_and_stops_at_the_end(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=3, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    session.skip()
    assert session.current is not None and session.current.item.id == "c1"
    assert session.remaining == 2
    session.skip()
    session.skip()
    assert session.current is None and session.remaining == 0
    session.skip()  # past the end: still over, not beyond it
    assert session.current is None and session.remaining == 0
    assert session.position == 3
    assert progress.store.reviews() == [] and not session.can_undo


def test_an_answer_to_a_skipped_item_goes_to_the_next_one(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=3, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    session.skip()
    session.answer(True)
    assert [r.ref.item_id for r in progress.store.reviews()] == ["c1"]
    assert session.current is not None and session.current.item.id == "c2"


def test_a_counted_check_taken_into_the_session_moves_it_on_and_undoes(
    tmp_path: Path, clock: Clock
) -> None:
    exercise = SandboxExercise(
        "sig", "Sigmoid", "Write it.", "sigmoid", starter="def sigmoid(z):\n    pass\n",
        reference="def sigmoid(z):\n    return z\n",
    )
    deck = Deck("deck-a", "A", "a.yaml", sandbox=(exercise,), flashcards=make_deck().flashcards)
    progress = open_progress(tmp_path, clock)
    session = StudySession(progress, progress.build_queue([deck], kinds=["sandbox", "flashcard"]))
    assert ids(session.queue)[:2] == ["c0", "sig"]
    session.answer(True)
    ref = ItemRef("deck-a", "sig")
    record = progress.record_check(
        ref, exercise, "def sigmoid(z):\n    return z\n", CheckResult("sig", True, 4, 0.1)
    )
    assert record.review is not None
    outcome = session.accept(record.review)
    assert outcome.text == "New → box 2 of 5, next review in 2 days"
    assert session.current is not None and session.current.item.id == "c1"
    assert session.answered == session.first_answers
    assert [r.ref.item_id for r in session.answered] == ["c0", "sig"]
    back = session.undo()
    assert back is not None and back.item.id == "sig"
    assert session.undone == record.review
    assert progress.status(ref).box is None
    assert [r.ref.item_id for r in progress.store.reviews()] == ["c0"]


def test_an_answer_after_the_last_item_is_refused(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=1, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    session.answer(True)
    with pytest.raises(SelectionError, match=r"^the session is over: there is nothing left to"):
        session.answer(True)


def test_the_answer_time_and_what_was_typed_are_kept(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=0, questions=1, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    assert session.undone is None  # nothing undone yet
    outcome = session.answer(True, answer_ms=4200, detail={"typed": "the step size"})
    assert (outcome.review.answer_ms, outcome.review.detail) == (4200, {"typed": "the step size"})
    (stored,) = progress.store.reviews()
    assert (stored.answer_ms, stored.detail) == (4200, {"typed": "the step size"})
    session.undo()
    assert session.undone is not None and session.undone.detail == {"typed": "the step size"}


def test_the_relearning_repeat_shows_where_the_item_now_stands(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock, Settings(relearn_in_session=False))
    progress.start_session([deck]).answer(True)  # c0: box 2, due on day 3
    clock.moment = datetime(2026, 4, 4, 10, tzinfo=UTC)
    session = progress.start_session([deck], kinds=["flashcard"])
    due = session.current
    assert due is not None and due.item.id == "c0" and due.due_at is not None
    relearning = StudySession(progress, session.queue, relearn=True)
    relearning.answer(False)
    repeat = relearning.queue[2]
    assert repeat.relearn and repeat.item.id == "c0"
    assert repeat.state == progress.store.state(ItemRef("deck-a", "c0"))
    assert repeat.due_at is None
    assert progress.status_of(repeat.state).text == "Box 1 of 5, next review tomorrow"


def test_the_session_setting_gives_way_to_an_explicit_choice(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)  # relearning on by default
    session = StudySession(progress, progress.build_queue([deck]), relearn=False)
    assert session.answer(False).comes_back is None
    assert ids(session.queue) == ["c0", "c1"]


def test_undo_removes_the_sessions_answer_even_when_another_came_later(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    mine = session.answer(True).review
    clock.advance(minutes=1)
    # Another front end (a check on the command line) answers in between.
    other = progress.record_answer(ItemRef("deck-b", "x"), ItemKind.FLASHCARD, True)
    back = session.undo()
    assert back is not None and back.item.id == "c0"
    assert session.undone == mine
    assert [r.id for r in progress.store.reviews()] == [other.id]
    assert progress.status(ItemRef("deck-b", "x")).box == 2


def test_undo_after_the_clock_went_back_removes_the_sessions_answer(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    session.answer(True)  # c0 at 10:00
    clock.advance(hours=-2)  # the clock was set back
    second = session.answer(False).review  # c1 at 08:00: the earliest answer in time
    assert second.mode is ReviewMode.REVIEW
    back = session.undo()
    assert back is not None and back.item.id == "c1"
    assert [r.ref.item_id for r in progress.store.reviews()] == ["c0"]
    assert progress.status(ItemRef("deck-a", "c1")).box is None
