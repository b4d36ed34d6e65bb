"""The review log counted per minute (table log_minute), so the statistics read a row per
deck, kind, minute, mode and box instead of a row per answer.

The table counts the answers up to a mark (meta key FOLDED_KEY: the largest seq counted);
readers count the few answers after it themselves (`TAIL_SQL`, a range of seq). Recording
an answer adds nothing to its transaction: a writer folds the answers after the mark in
once they are FOLD_EVERY or more (`fold`), so counting costs an answer nothing but a share
of one grouped statement, and no extra page in its commit. Triggers keep the counted part
true when a counted answer is removed or re-derived (undo, drop, the replay's box fields,
a hand edit in the sqlite3 shell); a write that touches most of the log (a full replay, a
large import) turns them off and counts the whole table afresh (`recounted`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

FOLDED_KEY = "log_minute_seq"
"""meta key of the largest review_log seq that log_minute counts."""

FOLD_EVERY = 256
"""A writer folds the uncounted answers in once there are this many (readers count up to
this many themselves, which costs them well under a millisecond)."""

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

_COUNTED = ("seq", "deck", "kind", "at", "mode", "box_before", "correct", "answer_ms")

TRIGGERS: tuple[tuple[str, str], ...] = (
    (
        "log_minute_delete",
        f"AFTER DELETE ON review_log WHEN OLD.seq <= {_MARK}"
        f" BEGIN {_remove('OLD')} {_LOWER_MARK} END;",
    ),
    (
        "log_minute_update",
        # The replay rewrites box fields; only a change to what is counted moves a count.
        f"AFTER UPDATE ON review_log WHEN (OLD.seq <= {_MARK} OR NEW.seq <= {_MARK}) AND ("
        + " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in _COUNTED)
        + f") BEGIN {_remove('OLD')} {_add('NEW')} END;",
    ),
)
"""(name, definition after `CREATE TRIGGER name`) of each trigger keeping log_minute."""


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
    the last answer; returns the new mark."""
    start = mark(db)
    top = int(db.execute("SELECT coalesce(max(seq), 0) FROM review_log").fetchone()[0])
    if top > start:
        db.execute(_FOLD_SQL, (start,))
        db.execute(_MARK_SQL, (FOLDED_KEY, str(top)))
    return max(top, start)


def recount(db: sqlite3.Connection) -> None:
    """Inside a write transaction: count the whole log afresh."""
    db.execute("DELETE FROM log_minute")
    db.execute(_MARK_SQL, (FOLDED_KEY, "0"))
    fold(db)


def migration() -> str:
    """The statements adding log_minute, counted, with its triggers (schema 4)."""
    triggers = "".join(f"CREATE TRIGGER {name} {body}\n" for name, body in TRIGGERS)
    first = _FOLD_SQL.replace("?1", "0")
    top = "(SELECT coalesce(max(seq), 0) FROM review_log)"
    return (
        f"{TABLE}{first};\n"
        f"INSERT OR REPLACE INTO meta (key, value) VALUES ('{FOLDED_KEY}', {top});\n"
        f"{triggers}"
    )


@contextmanager
def recounted(db: sqlite3.Connection) -> Iterator[None]:
    """Inside a write transaction: the block runs without the triggers, then log_minute is
    counted afresh (for writes that touch much of the log: a replay of every item re-derives
    every box). An error inside leaves the triggers dropped: the caller rolls back."""
    for name, _ in TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    recount(db)
    create_triggers(db)
