"""A deck's next due time with items gone from the content, decks only the log knows, the
streak of study days in the learner's zone, and accuracy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from studyapp.clock import iso_utc
from studyapp.config import Settings
from studyapp.model import KINDS, ItemKind, ItemRef
from studyapp.scheduling import Rules
from studyapp.session import accuracy, streak_days
from tests.test_session import DAY1, Clock, make_deck, open_progress


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY1)


@pytest.mark.parametrize("with_orphan", [False, True])
def test_the_next_due_time_is_the_earliest_wait_among_items_not_due(
    tmp_path: Path, clock: Clock, with_orphan: bool
) -> None:
    deck = make_deck(cards=4, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    card = ItemKind.FLASHCARD
    progress.record_answer(ItemRef(deck.id, "c3"), card, False)  # box 1, due on day 2
    clock.advance(days=1, hours=2)  # day 2, 12:00
    progress.record_answer(ItemRef(deck.id, "c1"), card, True)  # box 2, due on day 4
    clock.advance(days=1)  # day 3, 12:00
    progress.record_answer(ItemRef(deck.id, "c0"), card, True)  # box 2, due on day 5
    progress.record_answer(ItemRef(deck.id, "c2"), card, True)  # box 2, due on day 5
    if with_orphan:  # counted item by item: the deck's history holds an item it lost
        progress.store.record(ItemRef(deck.id, "gone"), card, True, iso_utc(clock.moment))
    (view,) = progress.overview([deck])
    assert view.due[ItemKind.FLASHCARD] == 1  # c3, overdue: not what comes next
    assert view.next_due == datetime(2026, 4, 4, 4, tzinfo=UTC)
    assert view.boxes == {1: 1, 2: 3, 3: 0, 4: 0, 5: 0}
    assert view.orphaned == (("gone",) if with_orphan else ())


def test_a_deck_only_the_log_knows_shows_its_items_and_nothing_due(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=1, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock, Settings(boxes=3, intervals=(1, 2, 4)))
    for item in ("z-last", "a-first"):
        progress.record_answer(ItemRef("retired", item), ItemKind.FLASHCARD, True)
    report = progress.stats([deck])
    gone = next(stats for stats in report.decks if stats.deck_id == "retired")
    view = gone.overview
    assert (view.title, view.next_due, view.unseen) == ("", None, 0)
    assert view.orphaned == ("a-first", "z-last")
    assert view.due == dict.fromkeys(KINDS, 0) and view.new == dict.fromkeys(KINDS, 0)
    assert view.boxes == {1: 0, 2: 0, 3: 0}
    assert view.due_total == 0 and view.new_total == 0
    only = progress.stats([deck], deck_id="retired")
    assert [stats.overview for stats in only.decks] == [view]


RULES = Rules()


def test_no_answers_no_streak() -> None:
    assert streak_days([], RULES, DAY1) == 0


def test_a_streak_counts_back_from_today_or_from_yesterday() -> None:
    # DAY1 is 2026-04-01 10:00 UTC; study days start at 04:00.
    today = ["2026-04-01T09:00", "2026-03-31T12:00", "2026-03-30T04:00", "2026-03-28T12:00"]
    assert streak_days(today, RULES, DAY1) == 3
    not_yet_today = ["2026-03-31T12:00", "2026-03-30T12:00"]
    assert streak_days(not_yet_today, RULES, DAY1) == 2
    broken = ["2026-03-30T12:00", "2026-03-29T12:00"]
    assert streak_days(broken, RULES, DAY1) == 0
    # 03:59 still belongs to the study day before.
    early = ["2026-04-01T03:59", "2026-03-31T03:59"]
    assert streak_days(early, RULES, DAY1) == 2


def test_streak_days_are_the_learners_local_study_days() -> None:
    zone = timezone(timedelta(hours=10))  # study days start at 04:00 there: 18:00 UTC
    now = datetime(2026, 4, 3, 6, 0, tzinfo=zone)  # 20:00 UTC on the 2nd
    minutes = ["2026-04-02T05:00", "2026-04-02T19:00"]  # 15:00 on the 2nd, 05:00 on the 3rd
    assert streak_days(minutes, RULES, now) == 2
    assert streak_days(minutes[:1], RULES, now) == 1


def test_accuracy_is_a_share_to_three_places() -> None:
    assert accuracy(0, 0) is None
    assert accuracy(3, 2) == 0.667
    assert accuracy(3, 1) == 0.333
    assert accuracy(4, 4) == 1.0
    assert accuracy(8, 1) == 0.125


@pytest.mark.parametrize("with_orphan", [False, True])
def test_a_deck_with_every_item_seen_has_nothing_new(
    tmp_path: Path, clock: Clock, with_orphan: bool
) -> None:
    deck = make_deck(cards=2, questions=1, reorders=1)
    progress = open_progress(tmp_path, clock)
    progress.record_answer(ItemRef(deck.id, "q0"), ItemKind.QUESTION, True)  # due on day 3
    clock.advance(days=1)
    for item, kind in (("c0", ItemKind.FLASHCARD), ("c1", ItemKind.FLASHCARD),
                       ("r0", ItemKind.REORDER)):
        progress.record_answer(ItemRef(deck.id, item), kind, True)  # due on day 4
    if with_orphan:
        progress.store.record(
            ItemRef(deck.id, "gone"), ItemKind.FLASHCARD, True, iso_utc(clock.moment)
        )
    nothing = dict.fromkeys(KINDS, 0)
    (view,) = progress.overview([deck])
    assert (view.deck_id, view.title) == ("deck-a", "Deck-A")
    assert view.due == nothing and view.new == nothing and view.unseen_by_kind == nothing
    assert view.next_due == datetime(2026, 4, 3, 4, tzinfo=UTC)  # the question's, not the rest
    assert view.boxes == {1: 0, 2: 4, 3: 0, 4: 0, 5: 0}  # the orphan left out
    assert view.unseen == 0 and view.new_total == 0
    assert view.orphaned == (("gone",) if with_orphan else ())
    clock.moment = datetime(2026, 4, 3, 10, tzinfo=UTC)
    (later,) = progress.overview([deck])
    assert later.due == {**nothing, ItemKind.QUESTION: 1} and later.due_total == 1
    assert later.next_due == datetime(2026, 4, 4, 4, tzinfo=UTC)


def test_unseen_items_are_counted_by_kind_with_absent_kinds_at_zero(
    tmp_path: Path, clock: Clock
) -> None:
    deck = make_deck(cards=3, questions=2, reorders=0)
    progress = open_progress(tmp_path, clock)
    progress.record_answer(ItemRef(deck.id, "c1"), ItemKind.FLASHCARD, True)
    (view,) = progress.overview([deck])
    assert view.unseen_by_kind == {
        **dict.fromkeys(KINDS, 0), ItemKind.FLASHCARD: 2, ItemKind.QUESTION: 2
    }
    assert view.unseen == 4 and view.new_total == 4
