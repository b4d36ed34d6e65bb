"""Study queues, daily new limit, tier gating, cram, undo and item edits, as a learner sees them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.config import Settings
from studyapp.model import (
    Deck,
    Flashcard,
    ItemKind,
    ItemRef,
    Question,
    ReorderExercise,
    Tier,
)
from studyapp.session import QueueEntry, StudyService

DAY1 = datetime(2026, 4, 1, 10, tzinfo=UTC)


def card(ident: str, front: str = "front") -> Flashcard:
    return Flashcard(ident, front, "back")


def question(ident: str, tier: Tier) -> Question:
    return Question(ident, tier, "prompt", "answer", ("point",))


def reorder(ident: str) -> ReorderExercise:
    return ReorderExercise(ident, "prompt", ("a", "b", "c"))


def make_deck(
    deck_id: str = "deck-a", cards: int = 4, questions: int = 2, reorders: int = 2
) -> Deck:
    return Deck(
        deck_id, deck_id.title(), f"{deck_id}.yaml",
        flashcards=tuple(card(f"c{i}") for i in range(cards)),
        questions=tuple(question(f"q{i}", Tier.BEGINNER) for i in range(questions)),
        reorder=tuple(reorder(f"r{i}") for i in range(reorders)),
    )


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY1)


def open_progress(tmp_path: Path, clock: Clock, settings: Settings | None = None) -> StudyService:
    progress = StudyService.at(tmp_path / "progress.sqlite3", settings or Settings())
    progress.clock = clock
    return progress


def ids(queue: list[QueueEntry]) -> list[str]:
    return [entry.item.id for entry in queue]


def answer(progress: StudyService, deck: Deck, item_id: str, correct: bool = True) -> None:
    item = deck.item(item_id)
    assert item is not None
    progress.record_answer(ItemRef(deck.id, item_id), item.kind, correct)


def test_a_fresh_queue_offers_new_items_with_kinds_interleaved(
    tmp_path: Path, clock: Clock
) -> None:
    progress = open_progress(tmp_path, clock)
    queue = progress.build_queue([make_deck()])
    assert ids(queue) == ["c0", "q0", "r0", "c1", "q1", "r1", "c2", "c3"]


def test_due_items_come_first_most_overdue_first(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck()
    progress = open_progress(tmp_path, clock)
    answer(progress, deck, "c0", correct=False)  # box 1: due on day 2
    clock.advance(days=1)
    answer(progress, deck, "q0", correct=False)  # box 1: due on day 3
    answer(progress, deck, "r0", correct=True)   # box 2: due on day 4
    clock.advance(days=3)
    queue = progress.build_queue([deck])
    assert ids(queue)[:3] == ["c0", "q0", "r0"]
    assert [entry.is_new for entry in queue[:3]] == [False, False, False]
    assert all(entry.is_new for entry in queue[3:])


def test_the_daily_new_limit_holds_until_the_next_study_day(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=30, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock, Settings(new_per_day=5))
    session = progress.start_session([deck])
    assert len(session.queue) == 5
    while session.current is not None:
        session.answer(True)
    assert progress.build_queue([deck]) == []
    assert progress.new_allowance() == 0
    clock.moment = datetime(2026, 4, 2, 3, 59, tzinfo=UTC)  # still day 1: it ends at 04:00
    assert progress.new_allowance() == 0
    clock.moment = datetime(2026, 4, 2, 4, 0, tzinfo=UTC)
    assert progress.new_allowance() == 5
    assert ids(progress.build_queue([deck])) == ["c5", "c6", "c7", "c8", "c9"]


def test_filters_by_kind_and_question_tier(tmp_path: Path, clock: Clock) -> None:
    deck = Deck("deck-a", "A", "a.yaml", flashcards=(card("c0"),), questions=(
        question("easy", Tier.BEGINNER), question("mid", Tier.INTERMEDIATE),
    ), reorder=(reorder("r0"),))
    progress = open_progress(tmp_path, clock)
    assert ids(progress.build_queue([deck], kinds=["question"])) == ["easy", "mid"]
    assert ids(progress.build_queue([deck], tiers=["intermediate"])) == ["c0", "mid", "r0"]
    beginner = progress.build_queue([deck], kinds=[ItemKind.QUESTION], tiers=["beginner"])
    assert ids(beginner) == ["easy"]


def test_a_queue_can_be_limited_to_one_deck(tmp_path: Path, clock: Clock) -> None:
    first, second = make_deck("deck-a", 2, 0, 0), make_deck("deck-b", 2, 0, 0)
    progress = open_progress(tmp_path, clock)
    queue = progress.build_queue([first, second], deck_ids=["deck-b"])
    assert {entry.deck.id for entry in queue} == {"deck-b"}
    from studyapp.errors import SelectionError

    with pytest.raises(SelectionError, match="unknown deck 'deck-bb' \\(did you mean 'deck-b'"):
        progress.build_queue([first, second], deck_ids=["deck-bb"])


def test_expert_questions_wait_until_most_intermediate_ones_left_box_1(
    tmp_path: Path, clock: Clock
) -> None:
    deck = Deck("deck-a", "A", "a.yaml", questions=(
        question("i1", Tier.INTERMEDIATE), question("i2", Tier.INTERMEDIATE),
        question("i3", Tier.INTERMEDIATE), question("x1", Tier.EXPERT),
    ))
    progress = open_progress(tmp_path, clock)
    assert "x1" not in ids(progress.build_queue([deck]))
    answer(progress, deck, "i1")
    answer(progress, deck, "i2", correct=False)
    assert "x1" not in ids(progress.build_queue([deck]))  # 1 of 3 left box 1
    answer(progress, deck, "i3")
    assert "x1" in ids(progress.build_queue([deck]))      # 2 of 3 did
    ungated = open_progress(tmp_path / "other", clock, Settings(tier_gating=False))
    assert "x1" in ids(ungated.build_queue([deck]))


def test_cram_answers_are_recorded_but_move_no_box(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    answer(progress, deck, "c0")
    before = progress.store.state(ItemRef("deck-a", "c0"))
    session = progress.start_session([deck], cram=True)
    assert ids(session.queue) == ["c0", "c1"]  # seen items first, then unseen
    outcome = session.answer(False)
    assert outcome.text == "Practice only: stays in box 2 of 5"
    assert session.answer(True).text == "Practice only: still new"
    assert progress.store.state(ItemRef("deck-a", "c0")) == before
    assert progress.store.state(ItemRef("deck-a", "c1")) is None
    assert [r.mode for r in progress.store.reviews()] == ["review", "cram", "cram"]


def test_answer_feedback_says_where_the_item_went(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck(cards=1, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    session = progress.start_session([deck])
    assert progress.status_of(session.current.state).text == "New: not studied yet"  # type: ignore[union-attr]
    assert session.answer(True).text == "New → box 2 of 5, next review in 2 days"
    clock.advance(days=2)
    session = progress.start_session([deck])
    assert progress.status(ItemRef("deck-a", "c0")).text == "Box 2 of 5, due now"
    assert session.answer(True).text == "Box 2 → 3 of 5, next review in 4 days"
    assert progress.status(ItemRef("deck-a", "c0")).text == "Box 3 of 5, next review in 4 days"
    clock.advance(days=4)
    assert session.progress.start_session([deck]).answer(False).text == (
        "Box 3 → 1 of 5, next review tomorrow"
    )


def test_undo_walks_back_through_the_session_and_restores_the_database(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=3, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock, Settings(relearn_in_session=False))
    answer(progress, deck, "c0")
    clock.advance(days=2)
    before = progress.store.states()
    session = progress.start_session([deck])
    assert ids(session.queue) == ["c0", "c1", "c2"]
    for correct in (True, False, True):
        session.answer(correct)
    assert session.current is None
    assert session.undo() is session.queue[2]
    assert session.undo() is session.queue[1]
    assert session.current is session.queue[1] and session.remaining == 2
    assert session.undo() is session.queue[0]
    assert session.undo() is None
    assert progress.store.states() == before
    assert len(progress.store.reviews()) == 1


def test_editing_text_keeps_progress_and_removal_keeps_history(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=3, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    for ident in ("c0", "c1"):
        answer(progress, deck, ident)
    edited = Deck("deck-a", "A", "a.yaml", flashcards=(card("c0", "a new front"), card("c2")))
    (view,) = progress.overview([edited])
    assert view.boxes[2] == 1 and view.unseen == 1
    assert view.orphaned == ("c1",)
    clock.advance(days=2)
    assert ids(progress.build_queue([edited])) == ["c0", "c2"]  # c1 is not offered
    restored = make_deck(cards=3, questions=0, reorders=0)
    queue = progress.build_queue([restored])
    assert ids(queue)[:2] == ["c0", "c1"] and queue[1].state is not None  # c1 resumes in box 2
    assert len(progress.store.reviews(ItemRef("deck-a", "c1"))) == 1


def test_overview_counts_due_and_new_by_kind_and_the_next_due_time(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck()
    progress = open_progress(tmp_path, clock, Settings(new_per_day=3))
    answer(progress, deck, "c0")
    answer(progress, deck, "q0", correct=False)
    (view,) = progress.overview([deck])
    assert view.due_total == 0
    # Two of today's three new items are used: one left, taken by the kind rotation.
    assert {k.value: n for k, n in view.new.items() if n} == {"flashcard": 1}
    assert view.next_due == datetime(2026, 4, 2, 4, tzinfo=UTC)
    clock.advance(days=1)
    (view,) = progress.overview([deck])
    assert {k.value: n for k, n in view.due.items() if n} == {"question": 1}
    assert view.next_due == datetime(2026, 4, 3, 4, tzinfo=UTC)
    assert view.new_total == 3


def test_the_service_of_a_context_answers_and_undoes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.context import Context

    deck_file = tmp_path / "decks" / "mini.yaml"
    deck_file.parent.mkdir()
    deck_file.write_text(
        "deck: {id: mini, title: Mini}\nflashcards:\n  - {id: one, front: f, back: b}\n",
        encoding="utf-8",
    )
    empty = tmp_path / "no-bundled"
    empty.mkdir()
    monkeypatch.setattr("studyapp.paths.bundled_content_dir", lambda: empty)
    monkeypatch.setenv("STUDYAPP_NOW", "2026-04-01T10:00:00+00:00")
    ctx = Context.create(None, [str(deck_file)])
    decks = ctx.decks().decks
    progress = StudyService.open(ctx)
    try:
        (entry,) = progress.build_queue(decks)
        review = progress.record_answer(
            entry.ref, entry.kind, True, answer_ms=900, detail={"k": 1}
        )
        assert (review.box_before, review.box_after, review.answer_ms) == (None, 2, 900)
        assert progress.build_queue(decks) == []
        assert progress.undo_last() == review
        assert [e.item.id for e in progress.build_queue(decks)] == ["one"]
        assert progress.undo_last() is None
    finally:
        progress.close()
