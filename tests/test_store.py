"""The progress store: committed answers, exact undo, rebuild equals incremental state."""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from studyapp.model import ItemKind, ItemRef
from studyapp.scheduling import Answer, Rules, replay
from studyapp.store import SCHEMA_VERSION, ProgressStore
from studyapp.store._rows import new_event_id

CARD = ItemRef("deck-a", "card-1")
START = datetime(2026, 5, 1, 9, tzinfo=UTC)


def stamp(hours: float) -> str:
    return (START + timedelta(hours=hours)).isoformat(timespec="milliseconds")


def test_an_answer_is_committed_before_record_returns(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    review = store.record(CARD, ItemKind.FLASHCARD, True, stamp(0), answer_ms=1200,
                          detail={"order": [2, 1, 3]})
    # A second, independent connection sees it: it is on disk, not in a pending transaction.
    other = sqlite3.connect(tmp_path / "p.sqlite3")
    sql = "SELECT id, correct, box_before, box_after, detail FROM review_log"
    row = other.execute(sql).fetchone()
    assert row == (review.id, 1, None, 2, '{"order":[2,1,3]}')
    assert other.execute("SELECT box FROM item_state").fetchone() == (2,)
    assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert other.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_the_review_carries_boxes_before_and_after(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    first = store.record(CARD, ItemKind.QUESTION, True, stamp(0))
    second = store.record(CARD, ItemKind.QUESTION, True, stamp(48))
    third = store.record(CARD, ItemKind.QUESTION, False, stamp(200))
    assert [(r.box_before, r.box_after) for r in (first, second, third)] == [
        (None, 2), (2, 3), (3, 1)
    ]
    assert [r.id for r in store.reviews(CARD)] == [first.id, second.id, third.id]


def test_undo_restores_the_exact_previous_state_repeatedly(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    snapshots = [store.state(CARD)]
    for hours, correct in [(0, True), (30, True), (80, False), (100, True)]:
        store.record(CARD, ItemKind.FLASHCARD, correct, stamp(hours))
        snapshots.append(store.state(CARD))
    while len(snapshots) > 1:
        snapshots.pop()
        assert store.undo() is not None
        assert store.state(CARD) == snapshots[-1]
    assert store.undo() is None
    assert store.reviews() == []


def test_undo_survives_reopening_the_database(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store.record(CARD, ItemKind.FLASHCARD, True, stamp(0))
        store.record(CARD, ItemKind.FLASHCARD, True, stamp(30))
        store.undo()
    with ProgressStore(path) as store:
        state = store.state(CARD)
        assert state is not None and state.box == 2 and state.reviews == 1


def test_undo_of_a_named_answer_removes_that_one_found_by_id_or_through_its_item(
    tmp_path: Path,
) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    other = ItemRef("deck-a", "card-2")
    first = store.record(CARD, ItemKind.FLASHCARD, True, stamp(0))
    store.record(other, ItemKind.FLASHCARD, True, stamp(1))
    second = store.record(CARD, ItemKind.FLASHCARD, True, stamp(30))
    assert store.undo(first.id, other) is None  # the id is not an answer to that item
    assert store.undo(second.id, CARD) == second
    assert store.undo(first.id) == first
    assert store.state(CARD) is None
    assert [review.ref for review in store.reviews()] == [other]


def test_event_ids_are_distinct_random_uuids_also_after_a_fork() -> None:
    ids = [new_event_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(str(uuid.UUID(value)) == value for value in ids)  # the usual text form
    assert {(uuid.UUID(value).version, uuid.UUID(value).variant) for value in ids} == {
        (4, uuid.RFC_4122)
    }
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child inherits the parent's batch of random bytes, and must drop it
        os.write(write, new_event_id().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 100).decode() != new_event_id()


def test_an_answer_older_than_the_latest_is_replayed_in_time_order(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record(CARD, ItemKind.FLASHCARD, True, stamp(100))
    late = store.record(CARD, ItemKind.FLASHCARD, False, stamp(10))  # the clock went back
    assert (late.box_before, late.box_after) == (None, 1)
    state = store.state(CARD)
    assert state is not None and state.box == 2 and state.last_at == stamp(100)


def test_changed_rules_rebuild_the_boxes_on_open(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        for hours, correct in [(0, True), (30, True), (80, True), (200, False)]:
            store.record(CARD, ItemKind.FLASHCARD, correct, stamp(hours))
        assert store.state(CARD).box == 1  # type: ignore[union-attr]
    with ProgressStore(path, Rules(on_wrong="previous-box")) as store:
        assert store.state(CARD).box == 3  # type: ignore[union-attr]
        assert store.reviews()[-1].box_after == 3


answers = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),       # item
        st.booleans(),                           # correct
        st.sampled_from(["review", "review", "cram"]),
        st.integers(min_value=-30, max_value=400),  # hours after the previous answer
        st.booleans(),                           # undo right after?
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(answers, st.sampled_from(["first-box", "previous-box"]))
# A review answer stamped before the item's only (cram) answer: the log is replayed in order.
@example([("b", False, "cram", 0, False), ("b", False, "review", -1, False)], "first-box")
def test_rebuilding_from_the_log_equals_the_incremental_state(
    sequence: list[tuple[str, bool, str, int, bool]], on_wrong: str
) -> None:
    rules = Rules(on_wrong=on_wrong)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder:
        store = ProgressStore(Path(folder) / "p.sqlite3", rules)
        hours = 0
        for item, correct, mode, step, undo in sequence:
            hours += step
            store.record(ItemRef("d", item), ItemKind.REORDER, correct, stamp(hours), mode=mode)
            if undo:
                store.undo()
        incremental = store.states()
        log_boxes = [(r.box_before, r.box_after) for r in store.reviews()]
        # The pure scheduler over each item's log, in time order, gives the same states.
        for item, state in incremental.get("d", {}).items():
            history = [Answer(r.at, r.correct, r.mode) for r in store.reviews(ItemRef("d", item))]
            assert replay(rules, history) == state
        store.rebuild()
        assert store.states() == incremental
        assert [(r.box_before, r.box_after) for r in store.reviews()] == log_boxes
        store.close()


def test_merge_is_idempotent_and_recomputes_boxes(tmp_path: Path) -> None:
    source = ProgressStore(tmp_path / "a.sqlite3")
    for hours, correct in [(0, True), (30, True), (80, False)]:
        source.record(CARD, ItemKind.FLASHCARD, correct, stamp(hours))
    events = source.reviews()
    target = ProgressStore(tmp_path / "b.sqlite3")
    target.record(CARD, ItemKind.FLASHCARD, True, stamp(50))
    assert target.merge(events) == (3, 0)
    assert target.merge(events) == (0, 3)
    merged = target.reviews(CARD)
    assert [r.at for r in merged] == [stamp(0), stamp(30), stamp(50), stamp(80)]
    assert [r.box_after for r in merged] == [2, 3, 4, 1]
    assert target.state(CARD).reviews == 4  # type: ignore[union-attr]


@settings(max_examples=40, deadline=None)
@given(answers, st.randoms(use_true_random=False))
def test_importing_an_export_in_any_order_rebuilds_the_same_boxes(
    sequence: list[tuple[str, bool, str, int, bool]], shuffler: random.Random
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = ProgressStore(Path(folder) / "a.sqlite3")
        hours = 0
        for item, correct, mode, step, _ in sequence:
            # Distinct times: answers at the very same millisecond replay in insertion order,
            # which an import from elsewhere cannot know.
            hours += abs(step) + 1
            source.record(ItemRef("d", item), ItemKind.SANDBOX, correct, stamp(hours), mode=mode)
        events = source.reviews()
        shuffler.shuffle(events)
        target = ProgressStore(Path(folder) / "b.sqlite3")
        half = len(events) // 2
        assert target.merge(events[:half]) == (half, 0)
        assert target.merge(events) == (len(events) - half, half)
        assert target.states() == source.states()
        assert target.reviews() == source.reviews()
        source.close()
        target.close()


def test_a_second_connection_sees_answers_while_the_first_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    writer = ProgressStore(path)
    reader = ProgressStore(path)
    writer.record(CARD, ItemKind.FLASHCARD, True, stamp(0))
    assert reader.state(CARD) == writer.state(CARD)
    reader.undo()
    assert writer.state(CARD) is None
    writer.close()
    reader.close()
