"""What the store reads back: states, boxes, the due test, log summaries and statistics of a
small known history, down to each count (the overview, `due` and `stats` are built on these)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.model import ItemKind, ItemRef, Review, ReviewMode
from studyapp.scheduling import LeitnerState
from studyapp.store import ProgressStore
from studyapp.store._history import DeckCounts, StateSummary

SUMMARISED = pytest.mark.parametrize(
    "summarised", [False, True], ids=["counted from the rows", "read from the summaries"]
)
"""Reports count a deck from its rows, or read the summaries kept for it (store/_summary.py)
when they are current: both must give the same figures."""

A, B, C = "deck-a", "deck-b", "deck-c"
START = datetime(2026, 5, 1, 9, tzinfo=UTC)
FLASH, QUESTION, SANDBOX = ItemKind.FLASHCARD, ItemKind.QUESTION, ItemKind.SANDBOX
PRACTICE, CRAM = ReviewMode.PRACTICE, ReviewMode.CRAM


def stamp(hours: float) -> str:
    return (START + timedelta(hours=hours)).isoformat(timespec="milliseconds")


def filled(path: Path) -> ProgressStore:
    """A store holding the history below (default rules: boxes 1-5, a wrong answer to box 1)."""
    store = ProgressStore(path)
    store.record(ItemRef(A, "c1"), FLASH, True, stamp(0))  # box 2
    store.record(ItemRef(A, "c2"), FLASH, False, stamp(1))  # box 1, one lapse
    store.record(ItemRef(A, "q1"), QUESTION, True, stamp(2), answer_ms=1500)  # box 2
    store.record(ItemRef(A, "q1"), QUESTION, False, stamp(3), mode=PRACTICE, answer_ms=500)
    store.record(ItemRef(A, "s1"), SANDBOX, True, stamp(4), mode=PRACTICE)  # no state
    store.record(ItemRef(B, "c9"), FLASH, True, stamp(5), mode=CRAM)  # no state yet
    store.record(ItemRef(C, "x1"), FLASH, True, stamp(6), mode=PRACTICE)  # a deck without states
    store.record(ItemRef(A, "c1"), FLASH, True, stamp(24))  # box 3
    store.record(ItemRef(B, "c9"), FLASH, True, stamp(48))  # box 2
    return store


STATES_A = {
    "c1": LeitnerState(3, stamp(0), stamp(24), 2, 0),
    "c2": LeitnerState(1, stamp(1), stamp(1), 1, 1),
    "q1": LeitnerState(2, stamp(2), stamp(2), 1, 0),
}
STATES_B = {"c9": LeitnerState(2, stamp(48), stamp(48), 1, 0)}


def test_states_of_every_deck_of_one_and_of_one_item(tmp_path: Path) -> None:
    store = filled(tmp_path / "p.sqlite3")
    assert store.states() == {A: STATES_A, B: STATES_B}
    assert store.states(A) == {A: STATES_A}
    assert store.states(C) == {C: {}}
    assert store.deck_states(B) == STATES_B
    assert store.deck_boxes(A) == {"c1": 3, "c2": 1, "q1": 2}
    assert store.state(ItemRef(A, "c1")) == STATES_A["c1"]
    assert store.state(ItemRef(A, "s1")) is None  # practice only: never moved
    assert sorted(store.state_deck_ids()) == [A, B]


def test_decks_and_items_with_answers_in_any_mode(tmp_path: Path) -> None:
    store = filled(tmp_path / "p.sqlite3")
    assert store.deck_ids() == [A, B, C]
    assert store.logged_items(A) == {"c1", "c2", "q1", "s1"}
    assert store.logged_items(C) == {"x1"}
    assert store.state_deck_ids() == [A, B]
    assert store.deck_item_ids(A) == "c1\nc2\nq1"
    assert store.deck_item_ids(C) == ""
    assert ProgressStore(tmp_path / "empty.sqlite3").deck_ids() == []


def test_reviews_come_in_time_order_whatever_order_they_were_recorded_in(tmp_path: Path) -> None:
    store = filled(tmp_path / "p.sqlite3")
    late = store.record(ItemRef(A, "c2"), FLASH, True, stamp(0.5))  # the clock went back
    times = [review.at for review in store.reviews()]
    assert times == sorted(times) and len(times) == 10
    assert [review.at for review in store.iter_reviews()] == times
    of_c2 = store.reviews(ItemRef(A, "c2"))
    assert [review.id for review in of_c2] == [late.id, of_c2[1].id]
    assert [(r.correct, r.box_before, r.box_after) for r in of_c2] == [(True, None, 2),
                                                                       (False, 2, 1)]
    practice = store.reviews(ItemRef(A, "q1"))[1]
    assert (practice.mode, practice.answer_ms, practice.box_before, practice.box_after) == (
        PRACTICE, 500, 2, 2
    )


def test_the_due_test_uses_each_boxs_own_threshold(tmp_path: Path) -> None:
    store = filled(tmp_path / "p.sqlite3")
    # Box 1 due when last reviewed before 1:30, box 2 before 0:30, box 3 on before day 2.
    thresholds = (stamp(1.5), stamp(0.5), stamp(30), stamp(30), stamp(30))
    assert sorted(store.deck_rows(A, thresholds)) == [
        ("c1", 3, stamp(24), 1),
        ("c2", 1, stamp(1), 1),
        ("q1", 2, stamp(2), 0),
    ]
    # Boxes past the last threshold use the last one: box 3 is judged by the second here.
    assert sorted(store.deck_rows(A, (stamp(0.5), stamp(24)))) == [
        ("c1", 3, stamp(24), 0),
        ("c2", 1, stamp(1), 0),
        ("q1", 2, stamp(2), 1),
    ]


@SUMMARISED
def test_deck_counts_give_boxes_due_items_per_kind_and_the_earliest_wait(tmp_path: Path, summarised: bool) -> None:
    store = filled(tmp_path / "p.sqlite3")
    store.record(ItemRef(A, "c3"), FLASH, True, stamp(25))  # box 2, not due below
    if summarised:
        store.summarise()
    thresholds = (stamp(1.5), stamp(2.5), stamp(20), stamp(30), stamp(30))
    counts = store.deck_counts([A, C], thresholds, stamp(1))
    assert list(counts) == [A, C]
    due = dict.fromkeys(ItemKind, 0) | {FLASH: 1, QUESTION: 1}
    assert counts[A] == DeckCounts(
        StateSummary((1, 2, 1, 0, 0), due, (None, stamp(25), stamp(24), None, None)),
        "c1\nc2\nc3\nq1",
        3,  # first reviewed at or after 1:00: c2, q1, c3
    )
    assert counts[C] == DeckCounts(
        StateSummary((0,) * 5, dict.fromkeys(ItemKind, 0), (None,) * 5), "", 0
    )
    # Boxes past the last threshold count in the last box and use its threshold.
    (folded,) = store.deck_counts([A], (stamp(0.5), stamp(24)), stamp(30)).values()
    assert folded == DeckCounts(
        StateSummary((1, 3), dict.fromkeys(ItemKind, 0) | {QUESTION: 1}, (stamp(1), stamp(24))),
        "c1\nc2\nc3\nq1",
        0,
    )


@SUMMARISED
def test_deck_histories_count_the_log_per_kind_mode_box_and_period(tmp_path: Path, summarised: bool) -> None:
    store = filled(tmp_path / "p.sqlite3")
    store.record(ItemRef(A, "c2"), FLASH, True, stamp(24).replace(":00.000", ":30.000"))
    if summarised:
        store.summarise()
    # Week from 3:00, month from 1:00, answers per minute from 2:00, new items from 1:00.
    history = store.deck_histories([A, B], stamp(3), stamp(1), stamp(2), stamp(1))
    assert list(history) == [A, B]
    a = history[A]
    assert sorted(a.log) == [
        # kind, review mode, box answered from, in the month, in the week, answers, right, ms
        ("flashcard", 1, 1, 0, 0, 1, 1, 0),  # c1's first answer, before the month
        ("flashcard", 1, 1, 1, 0, 1, 0, 0),  # c2
        ("flashcard", 1, 1, 1, 1, 1, 1, 0),  # c2 again, at 24:00:30
        ("flashcard", 1, 2, 1, 1, 1, 1, 0),  # c1 from box 2
        ("question", 0, 2, 1, 1, 1, 0, 500),  # the practice answer
        ("question", 1, 1, 1, 0, 1, 1, 1500),
        ("sandbox", 0, 1, 1, 1, 1, 1, 0),
    ]
    assert sorted(a.days) == [
        (stamp(2)[:16], 1, 1),
        (stamp(3)[:16], 1, 0),
        (stamp(4)[:16], 1, 1),
        (stamp(24)[:16], 2, 2),  # two answers in one minute
    ]
    assert a.logged_ids == "c1\nc2\nq1\ns1"  # s1 has practice answers only
    assert sorted(a.minutes) == [
        ("flashcard", 2, stamp(24)[:16], 1),  # c2
        ("flashcard", 3, stamp(24)[:16], 1),  # c1
        ("question", 2, stamp(2)[:16], 1),
    ]
    assert a.introduced == 2  # c2 and q1 first reviewed at or after 1:00
    b = history[B]
    assert b.logged_ids == "c9"
    assert sorted(b.days) == [(stamp(5)[:16], 1, 1), (stamp(48)[:16], 1, 1)]
    assert sorted(b.log) == [("flashcard", 0, 1, 1, 1, 1, 1, 0), ("flashcard", 1, 1, 1, 1, 1, 1, 0)]


def test_items_known_only_by_a_left_out_answer_are_still_listed(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record(ItemRef(A, "kept"), FLASH, True, stamp(0))
    store.record(ItemRef(A, "old"), FLASH, True, "1999-06-01T00:00:00.000+00:00")  # left out
    store.record(ItemRef(B, "b1"), FLASH, True, stamp(1))
    history = store.deck_histories([A, B], stamp(0), stamp(0), stamp(0), stamp(0))
    assert history[A].logged_ids == "kept\nold"
    assert history[B].logged_ids == "b1"  # review answers only: the states list them
    assert store.deck_item_ids(A) == "kept"


def test_item_totals_count_questions_and_exercises_only(tmp_path: Path) -> None:
    store = filled(tmp_path / "p.sqlite3")
    store.record(ItemRef(B, "q7"), QUESTION, True, stamp(50))
    assert sorted(store.item_totals(stamp(3))) == [
        (A, "q1", "question", 2, 1, 1, 0),
        (A, "s1", "sandbox", 1, 1, 1, 1),
        (B, "q7", "question", 1, 1, 1, 1),
    ]
    assert sorted(store.item_totals(stamp(0), [B])) == [(B, "q7", "question", 1, 1, 1, 1)]
    assert sorted(store.item_totals(stamp(0), [A, C])) == [
        (A, "q1", "question", 2, 1, 2, 1),
        (A, "s1", "sandbox", 1, 1, 1, 1),
    ]
    assert store.item_totals(stamp(0), []) == []


def test_items_introduced_since_follow_new_answers_here_and_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    store = filled(path)
    assert store.introduced_since(stamp(0)) == 4
    assert store.introduced_since(stamp(1)) == 3
    assert store.introduced_since(stamp(1)) == 3  # asked again: the same
    store.record(ItemRef(A, "new"), FLASH, True, stamp(60))
    assert store.introduced_since(stamp(1)) == 4
    with ProgressStore(path) as other:  # another process answering
        other.record(ItemRef(B, "other"), FLASH, False, stamp(61))
    assert store.introduced_since(stamp(1)) == 5
    store.record(ItemRef(A, "seen"), FLASH, True, stamp(62), mode=PRACTICE)  # not a review
    assert store.introduced_since(stamp(1)) == 5


def test_dropping_answers_replays_their_items_and_names_unknown_ids(tmp_path: Path) -> None:
    store = filled(tmp_path / "p.sqlite3")
    c1 = store.reviews(ItemRef(A, "c1"))
    c2 = store.reviews(ItemRef(A, "c2"))
    removed, missing = store.drop([c1[0].id, "nope", c2[0].id, c1[0].id])
    assert sorted(r.id for r in removed) == sorted([c1[0].id, c2[0].id])
    assert missing == ["nope"]
    assert store.state(ItemRef(A, "c1")) == LeitnerState(2, stamp(24), stamp(24), 1, 0)
    assert store.state(ItemRef(A, "c2")) is None
    assert store.reviews(ItemRef(A, "c1"))[0].box_before is None
    assert store.drop(["nope"]) == ([], ["nope"])


def test_dropping_more_answers_than_one_statement_holds(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    answers = [
        Review(f"id-{n}", ItemRef(A, f"i{n % 7}"), FLASH, stamp(n), n % 2 == 0) for n in range(600)
    ]
    assert store.merge(answers) == (600, 0)
    ids = [answer.id for answer in answers]
    removed, missing = store.drop([*ids[:550], "gone-1", "gone-2"])
    assert len(removed) == 550 and missing == ["gone-1", "gone-2"]
    left = store.reviews()
    assert [review.id for review in left] == ids[550:]
    states = store.deck_states(A)
    assert sorted(states) == [f"i{n}" for n in range(7)]
    assert sum(state.reviews for state in states.values()) == 50
    db = sqlite3.connect(tmp_path / "p.sqlite3")
    assert db.execute("SELECT count(*) FROM review_log").fetchone() == (50,)
    db.close()


def test_deck_ids_of_any_spelling_are_all_found(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    for deck in ("b-deck", "Alpha", "9-lives", "b-deck"):
        store.record(ItemRef(deck, "i"), FLASH, True, stamp(0))
    store.record(ItemRef("Zed", "i"), FLASH, True, stamp(1), mode=PRACTICE)
    assert store.deck_ids() == ["9-lives", "Alpha", "Zed", "b-deck"]
    assert store.state_deck_ids() == ["9-lives", "Alpha", "b-deck"]


def test_a_single_box_is_due_by_its_one_threshold(tmp_path: Path) -> None:
    store = filled(tmp_path / "p.sqlite3")
    assert sorted(store.deck_rows(A, (stamp(1.5),))) == [
        ("c1", 3, stamp(24), 0), ("c2", 1, stamp(1), 1), ("q1", 2, stamp(2), 0)
    ]
    (counts,) = store.deck_counts([A], (stamp(1.5),), stamp(0)).values()
    assert counts.summary == StateSummary(
        (3,), dict.fromkeys(ItemKind, 0) | {FLASH: 1}, (stamp(2),)
    )


@SUMMARISED
def test_deck_histories_add_up_time_and_list_practice_only_items(tmp_path: Path, summarised: bool) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    # Two practice answers of one kind and box, in different minutes: one log row.
    store.record(ItemRef(A, "q"), QUESTION, True, stamp(1), mode=PRACTICE, answer_ms=400)
    store.record(ItemRef(A, "q"), QUESTION, False, stamp(2), mode=PRACTICE, answer_ms=700)
    store.record(ItemRef(A, "r"), QUESTION, True, stamp(3), answer_ms=50)
    if summarised:
        store.summarise()
    history = store.deck_histories([A, "deck-z"], stamp(0), stamp(0), stamp(0), stamp(0))
    assert sorted(history[A].log) == [
        ("question", 0, 1, 1, 1, 2, 1, 1100),
        ("question", 1, 1, 1, 1, 1, 1, 50),
    ]
    assert history[A].logged_ids == "q\nr"  # q has practice answers only
    assert history["deck-z"] == ([], [], "", [], 0)
