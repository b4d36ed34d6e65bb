"""The summaries the reports read (store/_summary.py: the log counted per minute, and the
states counted per minute for decks whose summary is current) match the log and the states
after every kind of write: recording, an answer out of order, undo, drop, small and large
merges, a replay under new rules, a hand edit in the sqlite3 shell, the upgrade of a schema
3 file."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.model import ItemKind, ItemRef, Review, ReviewMode
from studyapp.scheduling import Rules
from studyapp.store import ProgressStore
from studyapp.store._schema import MIGRATIONS
from studyapp.store._summary import FOLD_EVERY, TAIL_SQL, mark, tail_decks

START = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
CARD = ItemRef("deck-a", "card-1")
QUESTION = ItemRef("deck-b", "q-1")


def counted_afresh(db: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The log counted now, as log_minute should hold it."""
    return sorted(db.execute(
        "SELECT deck, kind, substr(at, 1, 16), mode = 'review', coalesce(box_before, 1),"
        " count(*), sum(correct), total(answer_ms) FROM review_log GROUP BY 1, 2, 3, 4, 5"
    ))


def kept(db: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """What a reader sees: log_minute plus the answers after its mark, counted alike."""
    totals: dict[tuple[Any, ...], list[float]] = {}
    table = db.execute("SELECT * FROM log_minute").fetchall()
    for *key, answers, right, ms in table + db.execute(TAIL_SQL, (mark(db),)).fetchall():
        counts = totals.setdefault(tuple(key), [0, 0, 0.0])
        counts[0] += answers
        counts[1] += right
        counts[2] += ms
    return sorted((*key, *counts) for key, counts in totals.items())


def folded(path: Path) -> tuple[int, int]:
    """(groups in log_minute, answers after its mark)."""
    db = sqlite3.connect(path)
    try:
        groups = db.execute("SELECT count(*) FROM log_minute").fetchone()[0]
        after = db.execute("SELECT count(*) FROM review_log WHERE seq > ?", (mark(db),))
        return groups, after.fetchone()[0]
    finally:
        db.close()


def assert_states_in_step(db: sqlite3.Connection) -> None:
    """Every deck whose summary is current (a summary row, no answers after the mark) has
    its states' counts and ids there."""
    changed = tail_decks(db, mark(db))
    for deck, ids, first_at in db.execute("SELECT * FROM deck_summary").fetchall():
        if deck in changed or ids is None:
            continue
        assert sorted(db.execute(
            "SELECT kind, box, minute, items FROM state_minute WHERE deck = ?", (deck,)
        )) == sorted(db.execute(
            "SELECT kind, box, substr(last_at, 1, 16), count(*) FROM item_state WHERE deck = ?"
            " GROUP BY 1, 2, 3", (deck,),
        ))
        assert (ids, first_at) == db.execute(
            "SELECT group_concat(item, char(10)), max(first_at) FROM item_state WHERE deck = ?",
            (deck,),
        ).fetchone()


def assert_in_step(path: Path, rules: Rules | None = None) -> list[tuple[Any, ...]]:
    """The summaries match the tables, before and after the store counts what changed."""
    rows: list[tuple[Any, ...]] = []
    for counted in (False, True):
        if counted:
            with ProgressStore(path, rules) as store:
                store.summarise()
        db = sqlite3.connect(path)
        try:
            rows = kept(db)
            assert rows == counted_afresh(db)
            assert_states_in_step(db)
            if counted:  # every deck with states is counted again
                assert {r[0] for r in db.execute("SELECT DISTINCT deck FROM item_state")} == {
                    r[0] for r in db.execute("SELECT deck FROM deck_summary")
                }
        finally:
            db.close()
    return rows


def review(n: int, ref: ItemRef = CARD, at: str = "2026-03-01T10:00:05.000+00:00",
           correct: bool = True, mode: ReviewMode = ReviewMode.REVIEW) -> Review:
    kind = ItemKind.FLASHCARD if ref == CARD else ItemKind.QUESTION
    return Review(f"e-{n}", ref, kind, at, correct, mode, answer_ms=1000 + n)


def test_recording_counts_each_answer_in_its_minute_mode_and_box(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store.record(CARD, ItemKind.FLASHCARD, True, "2026-03-01T10:00:05.000+00:00",
                     answer_ms=1500)
        store.record(CARD, ItemKind.FLASHCARD, False, "2026-03-01T10:00:40.000+00:00",
                     answer_ms=2500)
        store.record(CARD, ItemKind.FLASHCARD, True, "2026-03-01T10:00:50.000+00:00",
                     mode="practice")
    # The first answer from box 1, the second from box 2; practice in its own row.
    assert assert_in_step(path) == [
        ("deck-a", "flashcard", "2026-03-01T10:00", 0, 1, 1, 1, 0.0),
        ("deck-a", "flashcard", "2026-03-01T10:00", 1, 1, 1, 1, 1500.0),
        ("deck-a", "flashcard", "2026-03-01T10:00", 1, 2, 1, 0, 2500.0),
    ]


def test_a_writer_folds_the_answers_in_and_counted_answers_stay_true(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    cards = [ItemRef("deck-a", f"card-{n}") for n in range(FOLD_EVERY + 10)]
    with ProgressStore(path) as store:
        for n, card in enumerate(cards):
            store.record(card, ItemKind.FLASHCARD, n % 3 > 0,
                         f"2026-03-01T10:{n % 60:02d}:00.000+00:00", answer_ms=n)
        groups, after = folded(path)
        assert groups > 0 and after < FOLD_EVERY
        # A counted answer out of order re-derives counted boxes; undoing counted answers
        # (the latest among them) lets new answers reuse their seq, counted once.
        store.record(cards[0], ItemKind.FLASHCARD, False, "2026-02-01T10:00:00.000+00:00")
        assert_in_step(path)
        for _ in range(after + 1 + 3):  # the tail, the answer out of order, three counted
            store.undo()
        assert_in_step(path)
        store.record(cards[1], ItemKind.FLASHCARD, True, "2026-03-02T10:00:00.000+00:00")
        assert_in_step(path)
    rows = assert_in_step(path)
    assert sum(row[5] for row in rows) == FOLD_EVERY + 10 - after - 3 + 1


def test_an_answer_out_of_order_and_undo_and_drop_move_the_counts(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store.record(CARD, ItemKind.FLASHCARD, True, "2026-03-02T10:00:00.000+00:00")
        store.record(CARD, ItemKind.FLASHCARD, True, "2026-03-03T10:00:00.000+00:00")
        # Dated before both: the replay re-derives the later answers' boxes.
        store.record(CARD, ItemKind.FLASHCARD, False, "2026-03-01T10:00:00.000+00:00")
        boxes = assert_in_step(path)
        assert [row[4] for row in boxes] == [1, 1, 2]
        store.undo()
        assert_in_step(path)
        latest = store.reviews(CARD)[-1]
        store.drop([latest.id])
        rows = assert_in_step(path)
        assert [(row[2], row[5]) for row in rows] == [("2026-03-02T10:00", 1)]
        store.undo()
    assert assert_in_step(path) == []


def test_small_and_large_merges_and_a_replay_under_new_rules_keep_the_counts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        # Large (every item new): counted afresh in one pass.
        store.merge(review(n, at=f"2026-03-{1 + n:02d}T10:00:00.000+00:00") for n in range(6))
        assert_in_step(path)
        for n in range(20):
            store.record(ItemRef("deck-a", f"other-{n}"), ItemKind.FLASHCARD, True,
                         "2026-03-20T09:00:00.000+00:00")
        # Small (one item of many): counted by the triggers, box fields re-derived.
        store.merge([review(50, QUESTION), review(51, at="2026-02-01T10:00:00.000+00:00")])
        assert_in_step(path)
    with ProgressStore(path, Rules(intervals=(1, 3))) as store:  # two boxes: every box redone
        assert store.state(CARD) is not None
    rows = assert_in_step(path, Rules(intervals=(1, 3)))
    assert max(row[4] for row in rows) == 2


def test_a_hand_edit_of_the_log_keeps_the_counts(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store.merge(review(n, at=f"2026-03-01T10:0{n}:00.000+00:00") for n in range(5))
    db = sqlite3.connect(path)
    db.execute("UPDATE review_log SET at = '2026-04-01T08:00:00.000+00:00' WHERE id = 'e-1'")
    db.execute("UPDATE review_log SET correct = 0, answer_ms = 9 WHERE id = 'e-2'")
    db.execute("UPDATE review_log SET detail = '{}' WHERE id = 'e-3'")
    db.execute("DELETE FROM review_log WHERE id = 'e-4'")
    db.commit()
    db.close()
    rows = assert_in_step(path)
    assert ("deck-a", "flashcard", "2026-04-01T08:00", 1, 2, 1, 1, 1001.0) in rows


def test_a_huge_imported_answer_time_saturates_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    big = 2**63 - 1
    with ProgressStore(path) as store:
        store.merge([Review("e-1", CARD, ItemKind.FLASHCARD, "2026-03-01T10:00:00.000+00:00",
                            True, answer_ms=big)])
        store.record(CARD, ItemKind.FLASHCARD, True, "2026-03-01T10:00:01.000+00:00",
                     answer_ms=big)
    db = sqlite3.connect(path)
    assert db.execute("SELECT CAST(total(ms) AS INTEGER) FROM log_minute").fetchone() == (big,)


def test_a_schema_3_file_is_counted_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:3]:
        old.executescript(script)
    old.execute("PRAGMA user_version = 3")
    old.executemany(
        "INSERT INTO review_log (id, deck, item, kind, at, correct, mode, answer_ms, box_before)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(f"e-{n}", "deck-a", f"card-{n % 3}", "flashcard",
          f"2026-03-01T10:0{n % 2}:00.000+00:00", n % 2, "review", 100 * n, 1 + n % 2)
         for n in range(8)],
    )
    old.close()
    # A read-only open counts in a private copy and leaves the file at schema 3.
    with ProgressStore(path, read_only=True) as store:
        assert store.deck_ids() == ["deck-a"]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (3,)
    db.close()
    ProgressStore(path).close()
    assert len(assert_in_step(path)) >= 2


def test_an_answer_coming_into_range_changes_a_counted_deck(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    early = "2026-03-01T10:00:00.000+00:00"
    late = "2026-03-09T10:00:00.000+00:00"
    with ProgressStore(path, horizon=lambda: "2026-03-05T00:00:00.000+00:00") as store:
        store.merge([review(1, at=early), review(2, at=late)])  # the second is left out
        assert [event.id for event in store.ignored_events()] == ["e-2"]
        store.summarise()
        counts = store.deck_counts(["deck-a"], ("9999",) * 5, early)["deck-a"]
        assert counts.summary.boxes == (0, 1, 0, 0, 0)
    # A day later the answer is in range: the replay counts it, the summary follows.
    with ProgressStore(path, horizon=lambda: "2026-03-10T00:00:00.000+00:00") as store:
        assert store.ignored_events() == []
        counts = store.deck_counts(["deck-a"], ("9999",) * 5, early)["deck-a"]
        assert counts.summary.boxes == (0, 0, 1, 0, 0)
    assert_in_step(path)


operations = st.lists(
    st.tuples(
        st.sampled_from(["record", "record", "record", "undo", "drop", "merge", "summarise"]),
        st.sampled_from(["d1", "d2"]),            # deck
        st.sampled_from(["a", "b", "c"]),         # item
        st.booleans(),                            # correct
        st.sampled_from(["review", "review", "practice"]),
        st.integers(min_value=-50, max_value=300),  # minutes after the previous answer
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(operations)
def test_any_sequence_of_writes_keeps_the_summaries_true(
    sequence: list[tuple[str, str, str, bool, str, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.sqlite3"
        minutes = 0
        with ProgressStore(path) as store:
            for number, (action, deck, item, correct, mode, step) in enumerate(sequence):
                minutes += step
                at = (START + timedelta(minutes=minutes)).isoformat(timespec="milliseconds")
                ref = ItemRef(deck, item)
                if action == "record":
                    store.record(ref, ItemKind.REORDER, correct, at, mode=mode)
                elif action == "undo":
                    store.undo()
                elif action == "drop" and (answers := store.reviews(ref)):
                    store.drop([answers[len(answers) // 2].id])
                elif action == "merge":
                    store.merge([Review(f"m-{number}", ref, ItemKind.REORDER, at, correct,
                                        ReviewMode(mode))])
                elif action == "summarise":
                    store.summarise()
                db = sqlite3.connect(path)
                try:
                    assert kept(db) == counted_afresh(db)
                    assert_states_in_step(db)
                finally:
                    db.close()
        assert_in_step(path)


def test_a_counted_deck_moves_items_by_their_latest_answer_in_time(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"

    def at(hours: int) -> str:
        return (START + timedelta(hours=hours)).isoformat(timespec="milliseconds")

    with ProgressStore(path, horizon=lambda: at(500)) as store:
        for hours in range(0, 250, 50):  # five right answers: the last box
            store.record(CARD, ItemKind.FLASHCARD, True, at(hours))
        store.summarise()
        # Right again, dated before the latest: in the last box nothing is re-derived, so
        # the deck's summary stays current while its latest answer by seq is not its latest
        # in time.
        store.record(CARD, ItemKind.FLASHCARD, True, at(190))
        store.summarise()
        assert_in_step(path)
        # An answer dated after the horizon is left out (no box): it is not the state.
        store.merge([Review("late", CARD, ItemKind.FLASHCARD, at(900), True)])
        store.summarise()
        store.record(CARD, ItemKind.FLASHCARD, False, at(300))
        store.summarise()
        db = sqlite3.connect(path)
        try:
            assert_states_in_step(db)
            assert db.execute("SELECT box, minute FROM state_minute").fetchall() == [
                (1, at(300)[:16])
            ]
        finally:
            db.close()


def test_a_fold_moves_several_items_out_of_one_row(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    cards = [ItemRef("deck-a", f"card-{n}") for n in range(3)]
    with ProgressStore(path) as store:
        for card in cards:  # one kind, box and minute: one row of three items
            store.record(card, ItemKind.FLASHCARD, True, "2026-03-01T10:00:05.000+00:00")
        store.summarise()
        for card in cards[:2]:  # two of them leave that row together
            store.record(card, ItemKind.FLASHCARD, True, "2026-03-03T10:00:05.000+00:00")
        store.summarise()
        db = sqlite3.connect(path)
        try:
            assert sorted(db.execute("SELECT box, minute, items FROM state_minute")) == [
                (2, "2026-03-01T10:00", 1), (3, "2026-03-03T10:00", 2)
            ]
        finally:
            db.close()
    assert_in_step(path)
