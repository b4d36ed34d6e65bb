"""Recording, importing and undoing answers: what is stored and returned, answers out of the
time range left out whichever way they arrive, and imports into a store that has many items."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.errors import StoreCorrupt
from studyapp.model import ItemKind, ItemRef, Review, ReviewMode
from studyapp.scheduling import LeitnerState
from studyapp.store import IgnoredEvent, ProgressStore, write_jsonl
from studyapp.store._rows import new_event_id

CARD = ItemRef("deck-a", "card-1")
START = datetime(2026, 5, 1, 9, tzinfo=UTC)
EARLIEST = "2000-01-01T00:00:00.000+00:00"


def stamp(hours: float) -> str:
    return (START + timedelta(hours=hours)).isoformat(timespec="milliseconds")


def answer(ident: str, hours: float, correct: bool = True, ref: ItemRef = CARD) -> Review:
    return Review(ident, ref, ItemKind.FLASHCARD, stamp(hours), correct)


def test_what_record_returns_is_what_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    store = ProgressStore(path)
    detail = {"zeta": 1, "alpha": "naïve"}
    returned = store.record(CARD, "question", False, stamp(0), mode="practice",  # type: ignore[arg-type]
                            answer_ms=2500, detail=detail)
    assert (returned.kind, returned.mode, returned.answer_ms, returned.detail) == (
        ItemKind.QUESTION, ReviewMode.PRACTICE, 2500, detail
    )
    assert store.reviews() == [returned]
    db = sqlite3.connect(path)
    stored = db.execute("SELECT kind, mode, answer_ms, detail FROM review_log").fetchone()
    db.close()
    # Keys sorted and text kept as written: one stored form for equal details.
    assert stored == ("question", "practice", 2500, '{"alpha":"naïve","zeta":1}')
    with pytest.raises(ValueError):
        store.record(CARD, ItemKind.QUESTION, True, stamp(1), mode="exam")
    assert len(store.reviews()) == 1


def test_an_answer_dated_before_2000_is_left_out_when_recorded(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    old = store.record(CARD, ItemKind.FLASHCARD, True, "1999-12-31T23:59:59.999+00:00")
    assert (old.box_before, old.box_after) == (None, None)
    assert store.state(CARD) is None
    assert store.ignored_events() == [IgnoredEvent(old.id, "deck-a", "card-1", old.at)]
    first = store.record(CARD, ItemKind.FLASHCARD, True, EARLIEST)  # the first time that counts
    assert (first.box_before, first.box_after) == (None, 2)
    assert store.state(CARD) == LeitnerState(2, EARLIEST, EARLIEST, 1, 0)


def test_answers_after_the_horizon_are_left_out_by_every_replay(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    horizon = stamp(10)
    store = ProgressStore(path, horizon=lambda: horizon)
    for n in range(8):  # enough other items that an import replays only what it touched
        store.record(ItemRef("deck-b", f"other-{n}"), ItemKind.FLASHCARD, True, stamp(0))
    # Imported: one at the horizon itself (counts), one after it (left out).
    assert store.merge([answer("now", 10), answer("later", 11)]) == (2, 0)
    assert store.state(CARD) == LeitnerState(2, stamp(10), stamp(10), 1, 0)
    assert [event.id for event in store.ignored_events()] == ["later"]
    assert sorted(store.answer_minutes()) == [stamp(0)[:16], stamp(10)[:16]]
    # An answer older than the latest is replayed: the later one stays out.
    store.record(CARD, ItemKind.FLASHCARD, True, stamp(5))
    assert store.state(CARD) == LeitnerState(3, stamp(5), stamp(10), 2, 0)
    assert store.undo() is not None
    assert store.state(CARD) == LeitnerState(2, stamp(10), stamp(10), 1, 0)
    assert store.rebuild() == 9
    assert store.state(CARD) == LeitnerState(2, stamp(10), stamp(10), 1, 0)
    assert [event.id for event in store.ignored_events()] == ["later"]
    removed, _ = store.drop(["now"])
    assert [r.id for r in removed] == ["now"] and store.state(CARD) is None
    store.close()
    # Once the horizon has passed the answer's time, opening the store brings it in.
    with ProgressStore(path, horizon=lambda: stamp(12)) as later:
        assert later.state(CARD) == LeitnerState(2, stamp(11), stamp(11), 1, 0)
        assert later.ignored_events() == []


def test_an_import_into_a_store_with_many_items_replays_only_what_it_touched(
    tmp_path: Path,
) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    items = [ItemRef("deck-a", f"card-{n}") for n in range(8)]
    assert store.merge([answer(f"old-{n}", n, ref=ref) for n, ref in enumerate(items)]) == (8, 0)
    detail = {"note": "from the laptop"}
    imported = [
        Review("laptop-1", items[0], ItemKind.FLASHCARD, stamp(30), True, detail=detail),
        Review("laptop-2", items[0], ItemKind.FLASHCARD, stamp(20), False),  # older: replayed
        Review("laptop-3", items[1], ItemKind.FLASHCARD, stamp(40), True),
    ]
    assert store.merge(imported) == (3, 0)
    assert store.state(items[0]) == LeitnerState(2, stamp(0), stamp(30), 3, 1)
    assert store.state(items[1]) == LeitnerState(3, stamp(1), stamp(40), 2, 0)
    assert store.state(items[2]) == LeitnerState(2, stamp(2), stamp(2), 1, 0)
    logged = {r.id: r for r in store.reviews(items[0])}
    assert logged["laptop-1"].detail == detail
    assert [(r.box_before, r.box_after) for r in store.reviews(items[0])] == [
        (None, 2), (2, 1), (1, 2)
    ]


def test_undo_by_id_restores_that_items_state_only(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    other = ItemRef("deck-a", "card-2")
    first = store.record(CARD, ItemKind.FLASHCARD, True, stamp(0))
    store.record(other, ItemKind.FLASHCARD, True, stamp(1))
    second = store.record(CARD, ItemKind.FLASHCARD, True, stamp(30))
    removed = store.undo(first.id, CARD)
    assert removed is not None and removed.id == first.id and removed.box_after == 2
    assert store.state(CARD) == LeitnerState(2, stamp(30), stamp(30), 1, 0)
    assert store.state(other) == LeitnerState(2, stamp(1), stamp(1), 1, 0)
    assert store.undo(second.id, other) is None  # not that item's answer
    assert store.undo("no-such-id") is None
    assert [r.id for r in store.reviews(CARD)] == [second.id]


def test_event_ids_are_random_in_every_bit_but_version_and_variant() -> None:
    ids = [uuid.UUID(new_event_id()) for _ in range(300)]
    assert len(set(ids)) == 300
    assert all(ident.version == 4 and ident.variant == uuid.RFC_4122 for ident in ids)
    fixed = [bit for bit in range(128) if len({ident.int >> bit & 1 for ident in ids}) == 1]
    # The 4 version bits (76-79) and the 2 variant bits (62-63) alone never change.
    assert fixed == [62, 63, 76, 77, 78, 79]


def test_an_answer_that_cannot_be_read_back_is_reported_as_damage(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store.record(CARD, ItemKind.FLASHCARD, True, stamp(0), detail={"a": 1})
    db = sqlite3.connect(path)
    db.execute("UPDATE review_log SET detail = CAST(x'7b22ff22' AS TEXT)")
    db.commit()
    db.close()
    with ProgressStore(path) as store, pytest.raises(StoreCorrupt) as caught:
        store.reviews()
    assert str(caught.value).startswith(f"{path}: the progress database is damaged (")


def test_an_export_lists_answers_with_their_boxes(tmp_path: Path) -> None:
    import io

    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record(CARD, ItemKind.FLASHCARD, True, stamp(0), answer_ms=700)
    store.record(CARD, ItemKind.FLASHCARD, False, stamp(30))
    out = io.StringIO()
    assert write_jsonl(store.iter_reviews(), out) == 2
    lines = out.getvalue().splitlines()
    assert '"answer_ms":700,"box_before":null,"box_after":2' in lines[0]
    assert '"correct":false' in lines[1] and '"box_before":2,"box_after":1' in lines[1]
