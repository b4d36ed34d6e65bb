"""Store guarantees that only show under stress or after a change: several writers at once,
repeated ids, a clock that went back, changed rules, durable commits."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp.model import ItemKind, ItemRef, Review
from studyapp.scheduling import Rules
from studyapp.store import ProgressStore

CARD = ItemRef("deck-a", "card-1")
START = datetime(2026, 5, 1, 9, tzinfo=UTC)
WRITERS = 3
ANSWERS = 40


def stamp(hours: float) -> str:
    return (START + timedelta(hours=hours)).isoformat(timespec="milliseconds")


def _write_answers(path: str, writer: int, errors: multiprocessing.Queue[str]) -> None:
    try:
        with ProgressStore(path) as store:
            for number in range(ANSWERS):
                ref = ItemRef("deck-a", f"w{writer}-{number % 5}")
                store.record(ref, ItemKind.FLASHCARD, number % 3 != 0, stamp(number))
    except Exception as error:  # reported to the parent, which fails the test
        errors.put(repr(error))


def test_several_writers_at_once_lose_nothing_and_never_fail(tmp_path: Path) -> None:
    path = str(tmp_path / "p.sqlite3")
    ProgressStore(path).close()
    errors: multiprocessing.Queue[str] = multiprocessing.Queue()
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_write_answers, args=(path, n, errors)) for n in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []  # e.g. no "database is locked" from a deferred BEGIN
    with ProgressStore(path) as store:
        assert len(store.reviews()) == WRITERS * ANSWERS
        assert sum(len(items) for items in store.states().values()) == WRITERS * 5


def test_an_id_repeated_inside_one_import_is_stored_once(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    review = Review("same-id", CARD, ItemKind.FLASHCARD, stamp(0), True)
    assert store.merge([review, review, review]) == (1, 2)
    assert [r.id for r in store.reviews()] == ["same-id"]
    assert store.merge([review]) == (0, 1)


def test_undo_without_an_id_removes_the_answer_recorded_last_even_if_older(
    tmp_path: Path,
) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    later = store.record(CARD, ItemKind.FLASHCARD, True, stamp(10))
    other = ItemRef("deck-a", "card-2")
    earlier = store.record(other, ItemKind.FLASHCARD, False, stamp(1))  # the clock went back
    removed = store.undo()
    assert removed is not None and removed.id == earlier.id
    assert [r.id for r in store.reviews()] == [later.id]
    assert store.state(other) is None


def test_changed_intervals_rebuild_the_boxes(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path, Rules()) as store:
        for day in range(4):
            store.record(CARD, ItemKind.FLASHCARD, True, stamp(24 * day))
        assert store.state(CARD).box == 5  # type: ignore[union-attr]
    with ProgressStore(path, Rules(intervals=(1, 3, 9))) as store:
        state = store.state(CARD)
        assert state is not None and state.box == 3
        assert store.reviews()[-1].box_after == 3


def test_same_box_count_with_other_days_still_rebuilds(tmp_path: Path) -> None:
    # Same number of boxes, different intervals: the stored rules must say so.
    path = tmp_path / "p.sqlite3"
    ProgressStore(path, Rules()).close()
    db = sqlite3.connect(path)
    before = db.execute("SELECT value FROM meta WHERE key = 'rules'").fetchone()
    db.close()
    ProgressStore(path, Rules(intervals=(1, 3, 7, 14, 30))).close()
    db = sqlite3.connect(path)
    after = db.execute("SELECT value FROM meta WHERE key = 'rules'").fetchone()
    db.close()
    assert before != after and "30" in after[0]


def test_commits_wait_for_the_disk(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    level = store._read(lambda db: db.execute("PRAGMA synchronous").fetchone()[0])
    assert level == 2  # FULL: an answer shown as recorded survives a power cut
