"""Summaries the reports read instead of a row per answer or per item: the review log
counted per minute (log_minute) and the item states counted per minute of their last review
(state_minute, with each deck's ids in deck_summary).

log_minute counts the answers up to a mark (meta key FOLDED_KEY: the largest seq counted);
readers count the few answers after it themselves (`TAIL_SQL`, a range of seq). Recording
an answer adds nothing to its transaction: a writer folds the answers after the mark in
once they are FOLD_EVERY or more (`fold`), so counting costs an answer nothing but a share
of one grouped statement, and no extra page in its commit. Triggers keep the counted part
true when a counted answer is removed or re-derived (undo, drop, the replay's box fields,
a hand edit in the sqlite3 shell); a write that touches most of the log (a full replay, a
large import) turns them off and counts the whole table afresh (`recounted`).

state_minute holds a deck's rows while deck_summary has a row for it and the deck has no
answers after the mark. A state changes only with its item's answers: an answer after the
mark (recording, merging) makes readers count the deck from its states, and removing or
re-deriving an answer (undo, drop, the replay) deletes the deck's summary row (a trigger;
the answer path has none). `fold` counts those decks again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

FOLDED_KEY = "log_minute_seq"
"""meta key of the largest review_log seq that log_minute counts."""

FOLD_EVERY = 1024
"""A writer folds the uncounted answers in once there are this many: one answer in this
many takes a few milliseconds longer (readers count up to this many answers themselves,
about a millisecond, and the decks they touched from their states)."""

TABLE = """
CREATE TABLE log_minute (            -- review_log counted per minute, up to meta's mark
    deck    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    minute  TEXT NOT NULL,           -- substr(at, 1, 16): "YYYY-MM-DDTHH:MM", UTC
    review  INTEGER NOT NULL,        -- 1 for answers in mode 'review', else 0
    box     INTEGER NOT NULL,        -- box_before, 1 where it is NULL (left out by the replay)
    answers INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    ms      REAL NOT NULL,           -- answer_ms added up; floating: a huge imported time
                                     -- saturates instead of failing the write with an overflow
    PRIMARY KEY (deck, kind, minute, review, box)
) WITHOUT ROWID;
"""

STATE_TABLES = """
CREATE TABLE state_minute (          -- item_state counted per minute of the last review
    deck    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    box     INTEGER NOT NULL,
    minute  TEXT NOT NULL,           -- substr(last_at, 1, 16): "YYYY-MM-DDTHH:MM", UTC
    items   INTEGER NOT NULL,
    PRIMARY KEY (deck, kind, box, minute)
) WITHOUT ROWID;
CREATE TABLE deck_summary (          -- each deck's state_minute rows are current unless
    deck     TEXT PRIMARY KEY,       -- ids is NULL, or the deck has answers after the mark
    ids      TEXT,                   -- the ids with a state, one per line, in id order
    first_at TEXT NOT NULL           -- the latest first review among them
) WITHOUT ROWID;
"""

_DECK_IDS = "group_concat(item, char(10)), max(first_at)"
"""deck_summary's ids and first_at, from a deck's states (in key order: ids in id order)."""

_KEY = "deck, kind, substr(at, 1, 16), mode = 'review', coalesce(box_before, 1)"
_MARK = f"(SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{FOLDED_KEY}')"

_FOLD_SQL = (
    f"INSERT INTO log_minute SELECT {_KEY}, count(*), sum(correct), total(answer_ms)"
    " FROM review_log WHERE seq > ?1 GROUP BY 1, 2, 3, 4, 5"
    " ON CONFLICT DO UPDATE SET answers = answers + excluded.answers,"
    " correct = correct + excluded.correct, ms = ms + excluded.ms"
)
_MARK_SQL = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"

TAIL_SQL = (
    "SELECT deck, kind, substr(at, 1, 16), mode = 'review', coalesce(box_before, 1), count(*),"
    " sum(correct), total(answer_ms) FROM review_log WHERE seq > ? GROUP BY 1, 2, 3, 4, 5"
)
"""The answers after the mark (bound to `mark(db)`), counted as log_minute counts them."""


def _add(row: str) -> str:
    """The statement counting the answer `row` (NEW) in, when it is before the mark."""
    return (
        f"INSERT INTO log_minute SELECT {row}.deck, {row}.kind, substr({row}.at, 1, 16),"
        f" {row}.mode = 'review', coalesce({row}.box_before, 1), 1, {row}.correct,"
        f" coalesce({row}.answer_ms, 0) WHERE {row}.seq <= {_MARK}"
        " ON CONFLICT DO UPDATE SET answers = answers + 1, correct = correct + excluded.correct,"
        " ms = ms + excluded.ms;"
    )


def _remove(row: str) -> str:
    """The statements counting the answer `row` (OLD) out when it is before the mark (a
    group left with none is deleted)."""
    where = (
        f"{row}.seq <= {_MARK} AND deck = {row}.deck AND kind = {row}.kind"
        f" AND minute = substr({row}.at, 1, 16) AND review = ({row}.mode = 'review')"
        f" AND box = coalesce({row}.box_before, 1)"
    )
    return (
        f"UPDATE log_minute SET answers = answers - 1, correct = correct - {row}.correct,"
        f" ms = ms - coalesce({row}.answer_ms, 0) WHERE {where};"
        f" DELETE FROM log_minute WHERE {where} AND answers <= 0;"
    )


# New answers take seq = the largest + 1: after removing the last counted answers that could
# be a seq at or below the mark, so the mark comes down to the largest seq left.
_LOWER_MARK = (
    f"UPDATE meta SET value = (SELECT coalesce(max(seq), 0) FROM review_log)"
    f" WHERE key = '{FOLDED_KEY}' AND CAST(value AS INTEGER) >"
    " (SELECT coalesce(max(seq), 0) FROM review_log);"
)

def _stale(row: str) -> str:
    """The statement marking the states' summary of the deck of the answer `row` (NEW or
    OLD) out of date: an answer removed or re-derived may change its item's state."""
    return f"UPDATE deck_summary SET ids = NULL WHERE deck = {row}.deck AND ids IS NOT NULL;"


_COUNTED = ("seq", "deck", "kind", "at", "mode", "box_before", "correct", "answer_ms")

TRIGGERS: tuple[tuple[str, str], ...] = (
    (
        "log_minute_delete",
        f"AFTER DELETE ON review_log BEGIN {_remove('OLD')} {_LOWER_MARK} {_stale('OLD')} END;",
    ),
    (
        "log_minute_update",
        # The replay rewrites box fields; only a change to what is counted moves a count.
        f"AFTER UPDATE ON review_log WHEN (OLD.seq <= {_MARK} OR NEW.seq <= {_MARK}) AND ("
        + " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in _COUNTED)
        + f") BEGIN {_remove('OLD')} {_add('NEW')} END;",
    ),
    (
        "state_minute_update",
        f"AFTER UPDATE ON review_log BEGIN {_stale('OLD')} {_stale('NEW')} END;",
    ),
)
"""(name, definition after `CREATE TRIGGER name`) of each trigger keeping the summaries."""


def create_triggers(db: sqlite3.Connection) -> None:
    """Create the triggers that keep log_minute's counted part in step with review_log."""
    for name, body in TRIGGERS:
        db.execute(f"CREATE TRIGGER {name} {body}")


def mark(db: sqlite3.Connection) -> int:
    """The largest seq log_minute counts."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (FOLDED_KEY,)).fetchone()
    return int(row[0]) if row is not None else 0


def fold(db: sqlite3.Connection) -> int:
    """Inside a write transaction: count the answers after the mark in and move the mark to
    the last answer, and bring the states' summaries up to date; returns the new mark.

    A deck whose summary is current moves each item answered since the mark from the row
    of its state then to the row of its state now; other decks (marked out of date, or new)
    are counted again from their states.
    """
    start = mark(db)
    current = dict(db.execute("SELECT deck, ids IS NOT NULL FROM deck_summary").fetchall())
    touched = tail_decks(db, start)
    again = {deck for deck, ok in current.items() if not ok}
    again |= {deck for deck in touched if deck not in current}
    again |= _move_items(db, start, {deck for deck in touched if current.get(deck)})
    top = _fold_log(db, start)
    for deck in sorted(again):
        db.execute("DELETE FROM state_minute WHERE deck = ?", (deck,))
        db.execute("DELETE FROM deck_summary WHERE deck = ?", (deck,))
        db.execute(f"{_COUNT_STATES_SQL} WHERE deck = ?1 GROUP BY 2, 3, 4", (deck,))
        db.execute(
            f"INSERT INTO deck_summary SELECT ?1, {_DECK_IDS} FROM item_state WHERE deck = ?1"
            " HAVING count(*) > 0", (deck,),
        )
    return top


# Each item answered after the mark (?1), with its state at the mark and its state now. At
# the mark the state was its latest review answer then (the replay's order: time, then
# seq): a deck whose summary is current had none of its answers re-derived since.
_MOVES_SQL = """
SELECT t.deck, old.kind, old.box_after, substr(old.at, 1, 16),
       now.kind, now.box, substr(now.last_at, 1, 16)
FROM (SELECT DISTINCT deck, item FROM review_log NOT INDEXED WHERE seq > ?1) AS t
LEFT JOIN item_state AS now ON now.deck = t.deck AND now.item = t.item
LEFT JOIN review_log AS old ON old.seq = (
    SELECT seq FROM review_log
    WHERE deck = t.deck AND item = t.item AND seq <= ?1 AND mode = 'review'
        AND box_after IS NOT NULL
    ORDER BY at DESC, seq DESC LIMIT 1)
"""
_MOVE_SQL = (
    "INSERT INTO state_minute VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT DO UPDATE SET items = items + excluded.items"
)


def _move_items(db: sqlite3.Connection, start: int, decks: set[str]) -> set[str]:
    """Move the items of `decks` answered after seq `start` between state_minute's rows
    (and list the decks that gained items in deck_summary); returns the decks to count
    again instead (an item that lost its state: not expected without a removed answer,
    which marks its deck out of date)."""
    moves: dict[tuple[str, str, int, str], int] = {}
    gained: set[str] = set()
    again: set[str] = set()
    if not decks:
        return again
    for deck, kind, box, minute, kind_now, box_now, minute_now in db.execute(
        _MOVES_SQL, (start,)
    ):
        if deck not in decks:
            continue
        if kind is not None:
            key = (deck, kind, box, minute)
            moves[key] = moves.get(key, 0) - 1
        if kind_now is None:
            if kind is not None:
                again.add(deck)
            continue
        if kind is None:
            gained.add(deck)
        key = (deck, kind_now, box_now, minute_now)
        moves[key] = moves.get(key, 0) + 1
    changes = [(*key, n) for key, n in moves.items() if n and key[0] not in again]
    db.executemany(_MOVE_SQL, changes)
    db.executemany(
        "DELETE FROM state_minute WHERE deck = ? AND kind = ? AND box = ? AND minute = ?"
        " AND items <= 0",
        [key for *key, n in changes if n < 0],
    )
    db.executemany(
        f"UPDATE deck_summary SET (ids, first_at) = (SELECT {_DECK_IDS} FROM item_state"
        " WHERE deck = ?1) WHERE deck = ?1",
        [(deck,) for deck in sorted(gained - again)],
    )
    return again


def _fold_log(db: sqlite3.Connection, start: int) -> int:
    """Count the answers after seq `start` into log_minute and move the mark to the last
    answer; returns the new mark."""
    top = int(db.execute("SELECT coalesce(max(seq), 0) FROM review_log").fetchone()[0])
    if top > start:
        db.execute(_FOLD_SQL, (start,))
        db.execute(_MARK_SQL, (FOLDED_KEY, str(top)))
    return max(top, start)


def tail_decks(db: sqlite3.Connection, after: int) -> set[str]:
    """The decks with answers after seq `after` (their states may have changed since their
    summary was counted)."""
    # NOT INDEXED: the range of seq, not a scan of the item index (which has every deck).
    sql = "SELECT DISTINCT deck FROM review_log NOT INDEXED WHERE seq > ?"
    return {row[0] for row in db.execute(sql, (after,))}


_COUNT_STATES_SQL = (
    "INSERT INTO state_minute SELECT deck, kind, box, substr(last_at, 1, 16), count(*)"
    " FROM item_state"
)
# Grouping by deck reads the states in key order, so each deck's ids come in id order.
_COUNT_ALL_SQL = (
    f"{_COUNT_STATES_SQL} GROUP BY 1, 2, 3, 4",
    f"INSERT INTO deck_summary SELECT deck, {_DECK_IDS} FROM item_state GROUP BY deck",
)


def recount(db: sqlite3.Connection) -> None:
    """Inside a write transaction: count the whole log and every deck's states afresh."""
    for table in ("log_minute", "state_minute", "deck_summary"):
        db.execute(f"DELETE FROM {table}")
    db.execute(_MARK_SQL, (FOLDED_KEY, "0"))
    _fold_log(db, 0)
    for statement in _COUNT_ALL_SQL:
        db.execute(statement)


def migration() -> str:
    """The statements adding the summaries, counted, with their triggers (schema 4)."""
    triggers = "".join(f"CREATE TRIGGER {name} {body}\n" for name, body in TRIGGERS)
    first = _FOLD_SQL.replace("?1", "0")
    top = "(SELECT coalesce(max(seq), 0) FROM review_log)"
    return (
        f"{TABLE}{STATE_TABLES}{first};\n"
        f"INSERT OR REPLACE INTO meta (key, value) VALUES ('{FOLDED_KEY}', {top});\n"
        + "".join(f"{statement};\n" for statement in _COUNT_ALL_SQL)
        + triggers
    )


@contextmanager
def recounted(db: sqlite3.Connection) -> Iterator[None]:
    """Inside a write transaction: the block runs without the triggers, then the summaries
    are counted afresh (for writes that touch much of the log: a replay of every item
    re-derives every box and state). An error inside leaves the triggers dropped: the caller
    rolls back."""
    for name, _ in TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    recount(db)
    create_triggers(db)
