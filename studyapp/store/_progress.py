"""ProgressStore: the append-only review log and the Leitner state cache derived from it."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from studyapp.clock import EARLIEST_STAMP, LATEST_STAMP
from studyapp.errors import StoreError
from studyapp.model import ItemKind, ItemRef, Review, ReviewMode
from studyapp.scheduling import Answer, LeitnerState, Rules, apply_answer
from studyapp.store._edits import RULES_KEY, LogEdits, rules_key
from studyapp.store._history import HistoryReads
from studyapp.store._rows import (
    INSERT_SQL,
    LOG_COLUMNS,
    IgnoredEvent,
    detail_text,
    due_test,
    ignored_events,
    in_range,
    new_event_id,
    rebuild_items,
    review_from_row,
    state_row,
)
from studyapp.store._schema import (
    check_health,
    connect,
    connect_read_only,
    memory_copy,
    translate,
    translated,
)
from studyapp.store._summary import FOLD_EVERY, fold, mark

T = TypeVar("T")
P = ParamSpec("P")

_STATE_AND_LATEST_SQL = (
    "SELECT (SELECT max(at) FROM review_log WHERE deck = ?1 AND item = ?2),"
    " s.box, s.first_at, s.last_at, s.reviews, s.lapses"
    " FROM (SELECT 1) LEFT JOIN item_state AS s ON s.deck = ?1 AND s.item = ?2"
)
_PUT_STATE_SQL = "INSERT OR REPLACE INTO item_state VALUES (?,?,?,?,?,?,?,?)"


def _latest_stamp() -> str:
    """The default horizon: any time up to the calendar's end counts."""
    return LATEST_STAMP


class ProgressStore(HistoryReads, LogEdits):
    """One progress database: every method is a complete transaction, safe across threads.

    The review log is the truth; `item_state` always equals the replay of the log under
    `rules` (it is rebuilt on open when the rules changed since the last run), leaving out
    answers dated before 2000 or after `horizon()` (see ignored_events).

    A read-only store (`read_only=True`) never writes to the file: it opens it with
    `mode=ro`, and derives what needs deriving (a migration, a rebuild) in a private
    in-memory copy. A writable store runs SQLite's quick check before its first write.
    """

    def __init__(
        self,
        path: str | Path,
        rules: Rules | None = None,
        *,
        read_only: bool = False,
        horizon: Callable[[], str] | None = None,
    ) -> None:
        """Open (creating or migrating, unless `read_only`) the database at `path`."""
        self.path = Path(path)
        """The database file."""
        self.rules = rules or Rules()
        """Scheduling rules the state cache follows."""
        self.read_only = read_only
        """Whether the file is never written to."""
        self.horizon = horizon or _latest_stamp
        """The latest time (ISO UTC) an answer may have to count: "now" plus a day."""
        self._lock = threading.RLock()
        self._introduced: tuple[tuple[str, int, int], int] | None = None
        self._deriving = False
        self._folded: int | None = None  # the summaries' mark as last seen here
        if read_only:
            self._db, self._private = connect_read_only(self.path)
            self._healthy = True
        else:
            self._db, self._healthy = connect(self.path)
            self._private = False
        try:
            self._settle()
        except BaseException:
            self._db.close()
            raise

    def _settle(self) -> None:
        """Bring the state cache up to date with the rules and the time range."""
        with translated(self.path):
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (RULES_KEY,)).fetchone()
        if row is None or row[0] != rules_key(self.rules):
            self._go_private()
            self._deriving = True  # a read-only store may rebuild its private copy
            try:
                self.rebuild()
            finally:
                self._deriving = False
            return
        if self.read_only:
            return  # a scan of every state per `due` would cost more than it finds
        horizon = self.horizon()

        def stale(db: sqlite3.Connection) -> list[ItemRef]:
            """Items whose state holds an out-of-range time, or whose left-out answer has
            come into range since."""
            sql = "SELECT deck, item FROM item_state WHERE first_at < ? OR last_at > ?"
            found = {ItemRef(d, i) for d, i in db.execute(sql, (EARLIEST_STAMP, horizon))}
            found |= {
                ItemRef(event.deck, event.item)
                for event in ignored_events(db)
                if in_range(event.at, horizon)
            }
            return sorted(found, key=str)

        refs = self._read(stale)
        if refs:
            self._write(rebuild_items, self.rules, refs, horizon)

    def _go_private(self) -> None:
        """A read-only store continues on an in-memory copy (the file stays untouched)."""
        if self.read_only and not self._private:
            with self._lock, translated(self.path):
                self._db = memory_copy(self._db)
            self._private = True

    # -- plumbing -------------------------------------------------------------------------

    def summarise(self) -> None:
        """Bring the reports' summaries up to date (store/_summary.py): the answers not yet
        counted per minute, and the states of decks changed since they were counted.
        Recording does this every FOLD_EVERY answers; reports read what is not counted."""
        self._folded = self._write(fold)

    def close(self) -> None:
        """Close the connection (the store cannot be used afterwards)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> ProgressStore:
        """Use the store in a `with` block that closes it."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the store at the end of a `with` block."""
        self.close()

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read-only function on the connection."""
        with self._lock, translated(self.path):
            return fn(self._db)

    def _write(
        self, fn: Callable[Concatenate[sqlite3.Connection, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `fn(connection, *args, **kwargs)` in one write transaction, committed on return."""
        with self._lock:
            if self.read_only and not self._deriving:
                raise StoreError(f"{self.path}: the progress database was opened read-only")
            if not self._healthy:
                check_health(self._db, self.path)  # a damaged file is never written to
                self._healthy = True
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(db, *args, **kwargs)
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise translate(error, self.path) from None
            return result

    # -- answering ------------------------------------------------------------------------

    def record(
        self,
        ref: ItemRef,
        kind: ItemKind,
        correct: bool,
        at: str,
        *,
        mode: ReviewMode | str = ReviewMode.REVIEW,
        answer_ms: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> Review:
        """Append one answer at `at` (ISO UTC) and update the item's state; committed on return."""
        if type(kind) is not ItemKind:
            kind = ItemKind(kind)  # a plain "flashcard" is accepted too
        # A plain "cram" is accepted too; anything else is a ValueError.
        return self._write(
            self._append, ref, kind, correct, at, ReviewMode(mode), answer_ms, detail
        )

    def _append(
        self,
        db: sqlite3.Connection,
        ref: ItemRef,
        kind: ItemKind,
        correct: bool,
        at: str,
        mode: ReviewMode,
        answer_ms: int | None,
        detail: dict[str, Any] | None,
    ) -> Review:
        """The statements of `record`, inside its transaction (one per answer: kept lean)."""
        ident = new_event_id()
        key = (ref.deck_id, ref.item_id)
        # The item's state and its latest answer of any mode (the state only knows review
        # answers), in one statement: an answer older than the latest means the clock went
        # back, and the item's log is replayed in order.
        latest, *row = db.execute(_STATE_AND_LATEST_SQL, key).fetchone()
        state = LeitnerState(*row) if row[0] is not None else None
        new_state, before, after = apply_answer(self.rules, state, Answer(at, correct, mode))
        values = (ident, *key, kind.value, at, int(correct), mode, answer_ms, before, after,
                  detail_text(detail))
        seq = db.execute(INSERT_SQL, values).lastrowid
        if (latest is not None and at < latest) or not in_range(at, LATEST_STAMP):
            rebuild_items(db, self.rules, [ref], self.horizon())
            sql = "SELECT box_before, box_after FROM review_log WHERE seq = ?"
            before, after = db.execute(sql, (seq,)).fetchone()
        elif new_state is not state and new_state is not None:
            db.execute(_PUT_STATE_SQL, (*key, kind.value, *new_state))
        if self._folded is None:
            self._folded = mark(db)
        if (seq or 0) - self._folded >= FOLD_EVERY:
            self._folded = fold(db)  # one answer in FOLD_EVERY counts the ones before it
        return Review(ident, ref, kind, at, correct, mode, answer_ms, before, after, detail)

    def undo(self, event_id: str | None = None, ref: ItemRef | None = None) -> Review | None:
        """Remove one answer (default: the latest recorded here) and restore the state before it.

        `ref`, the item of `event_id` when the caller knows it, finds the answer through the
        item's index instead of a scan of the log. Returns the removed answer, or None when
        there was nothing to remove.
        """

        def write(db: sqlite3.Connection) -> Review | None:
            columns = f"seq, {LOG_COLUMNS}"
            if event_id is None:
                sql = f"SELECT {columns} FROM review_log ORDER BY seq DESC LIMIT 1"
                row = db.execute(sql).fetchone()
            elif ref is not None:
                sql = f"SELECT {columns} FROM review_log WHERE deck = ? AND item = ? AND id = ?"
                row = db.execute(sql, (ref.deck_id, ref.item_id, event_id)).fetchone()
            else:
                sql = f"SELECT {columns} FROM review_log WHERE id = ?"
                row = db.execute(sql, (event_id,)).fetchone()
            if row is None:
                return None
            review = review_from_row(row[1:])
            db.execute("DELETE FROM review_log WHERE seq = ?", (row[0],))
            rebuild_items(db, self.rules, [review.ref], self.horizon())
            return review

        return self._write(write)

    # -- reading --------------------------------------------------------------------------

    def state(self, ref: ItemRef) -> LeitnerState | None:
        """The Leitner state of one item (None: never answered in review mode)."""
        return self._read(lambda db: state_row(db, ref))

    def states(self, deck_id: str | None = None) -> dict[str, dict[str, LeitnerState]]:
        """{deck id: {item id: state}} of every item with a state, of one deck or all."""
        if deck_id is not None:
            return {deck_id: self.deck_states(deck_id)}
        sql = "SELECT deck, item, box, first_at, last_at, reviews, lapses FROM item_state"

        def read(db: sqlite3.Connection) -> dict[str, dict[str, LeitnerState]]:
            result: dict[str, dict[str, LeitnerState]] = {}
            for deck, item, box, first, last, reviews, lapses in db.execute(sql):
                if deck not in result:
                    result[deck] = {}
                result[deck][item] = LeitnerState(box, first, last, reviews, lapses)
            return result

        return self._read(read)

    def deck_states(self, deck_id: str) -> dict[str, LeitnerState]:
        """{item id: state} of the items of one deck that have a state."""
        sql = "SELECT item, box, first_at, last_at, reviews, lapses FROM item_state WHERE deck = ?"

        def read(db: sqlite3.Connection) -> dict[str, LeitnerState]:
            make = LeitnerState
            return {
                item: make(box, first, last, reviews, lapses)
                for item, box, first, last, reviews, lapses in db.execute(sql, (deck_id,))
            }

        return self._read(read)

    def deck_rows(self, deck_id: str, thresholds: Sequence[str]) -> list[tuple[str, int, str, int]]:
        """(item, box, last_at, due) of a deck's items with a state, the due test done in SQL.

        `due` is 1 when last_at precedes the threshold of the item's box (boxes past the
        last use the last threshold); see scheduling.due_thresholds.
        """
        sql = f"SELECT item, box, last_at, {due_test(thresholds)} FROM item_state WHERE deck = ?"
        return self._read(lambda db: db.execute(sql, (*thresholds, deck_id)).fetchall())

    def state_deck_ids(self) -> list[str]:
        """Every deck id with item states, sorted."""
        return self._read(lambda db: _distinct_decks(db, "item_state"))

    def deck_boxes(self, deck_id: str) -> dict[str, int]:
        """{item id: box} of a deck's items with a state (two columns: cheap to read)."""
        sql = "SELECT item, box FROM item_state WHERE deck = ?"
        return self._read(lambda db: dict(db.execute(sql, (deck_id,)).fetchall()))

    def deck_ids(self) -> list[str]:
        """Every deck id that has answers in the log, sorted."""
        return self._read(lambda db: _distinct_decks(db, "review_log"))

    def logged_items(self, deck_id: str) -> set[str]:
        """Ids of every item of a deck that has answers in the log (any mode)."""
        sql = "SELECT DISTINCT item FROM review_log WHERE deck = ?"
        return self._read(lambda db: {r[0] for r in db.execute(sql, (deck_id,))})

    def introduced_since(self, since: str) -> int:
        """How many items had their first review-mode answer at or after `since` (ISO UTC).

        Remembered until the database changes (here or in another process): a front end
        asks for it with every overview, and it scans every item's state.
        """
        sql = "SELECT count(*) FROM item_state WHERE first_at >= ?"

        def read(db: sqlite3.Connection) -> int:
            version = (since, db.total_changes, db.execute("PRAGMA data_version").fetchone()[0])
            if self._introduced is not None and self._introduced[0] == version:
                return self._introduced[1]
            count = int(db.execute(sql, (since,)).fetchone()[0])
            self._introduced = (version, count)
            return count

        return self._read(read)

    def reviews(self, ref: ItemRef | None = None) -> list[Review]:
        """Answers in time order: of one item, or all of them."""
        sql = f"SELECT {LOG_COLUMNS} FROM review_log"
        args: tuple[str, ...] = ()
        if ref is not None:
            sql += " WHERE deck = ? AND item = ?"
            args = (ref.deck_id, ref.item_id)
        sql += " ORDER BY at, seq"
        return self._read(lambda db: [review_from_row(r) for r in db.execute(sql, args)])

    def iter_reviews(self) -> Iterator[Review]:
        """Every answer in time order, read in one snapshot (for export)."""
        with self._lock, translated(self.path):
            cursor = self._db.execute(f"SELECT {LOG_COLUMNS} FROM review_log ORDER BY at, seq")
            for row in cursor:
                yield review_from_row(row)

    def answer_minutes(self) -> list[str]:
        """Distinct UTC minutes ("YYYY-MM-DDTHH:MM") in which any answer was given (answers
        out of the time range left out)."""
        sql = "SELECT DISTINCT substr(at, 1, 16) FROM review_log WHERE at BETWEEN ? AND ?"
        bounds = (EARLIEST_STAMP, self.horizon())
        return self._read(lambda db: [r[0] for r in db.execute(sql, bounds)])

    def ignored_events(self) -> list[IgnoredEvent]:
        """Answers the replay leaves out because their time is out of range (before 2000, or
        more than a day ahead of the clock): stored by an older studyapp or a wrong clock."""
        return self._read(ignored_events)


def _distinct_decks(db: sqlite3.Connection, table: str) -> list[str]:
    """The deck ids in `table` (whose index begins with the deck), sorted: one index seek
    per deck rather than a DISTINCT over every row."""
    sql = f"SELECT min(deck) FROM {table} WHERE deck > ?"
    found: list[str] = []
    deck = db.execute(sql, ("",)).fetchone()[0]
    while deck is not None:
        found.append(deck)
        deck = db.execute(sql, (deck,)).fetchone()[0]
    return found
