"""Read-only summaries of the state cache and the review log: due counts, statistics and
forecasts, each counted by SQLite in one statement."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import TypeVar

from studyapp.store._rows import due_test

T = TypeVar("T")


def _decks_clause(deck_ids: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    """An `AND deck IN (...)` clause and its arguments (nothing when deck_ids is None)."""
    if deck_ids is None:
        return "", ()
    return f" AND deck IN ({','.join('?' * len(deck_ids))})", tuple(deck_ids)


class HistoryReads:
    """The statistics queries of ProgressStore (mixed into it; every one is a single read)."""

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read-only function on the connection (ProgressStore provides it)."""
        raise NotImplementedError

    def deck_summary(
        self, deck_id: str, thresholds: Sequence[str]
    ) -> list[tuple[str, int, int, int, str | None]]:
        """(kind, box, items, due items, earliest last review of the items not due) of a
        deck's states, per kind and box; `due` as in deck_rows (scheduling.due_thresholds).

        Boxes past the last are reported as they are stored (the caller folds them).
        """
        sql = (
            "SELECT kind, box, count(*), sum(d), min(iif(d, NULL, last_at)) FROM"
            f" (SELECT kind, box, last_at, {due_test(thresholds)} AS d FROM item_state"
            " WHERE deck = ?) GROUP BY kind, box"
        )
        return self._read(lambda db: db.execute(sql, (*thresholds, deck_id)).fetchall())

    def deck_item_ids(self, deck_id: str) -> str:
        """The ids of a deck's items with a state, one per line, in id order: a single
        string, which SQLite makes far faster than Python makes a row per item."""
        sql = "SELECT group_concat(item, char(10)) FROM item_state WHERE deck = ?"
        return self._read(lambda db: db.execute(sql, (deck_id,)).fetchone()[0] or "")

    def answer_days(
        self, since: str, deck_ids: Sequence[str] | None = None
    ) -> list[tuple[str, int, int]]:
        """(UTC minute "YYYY-MM-DDTHH:MM", answers, correct ones) of answers at or after
        `since`, any mode: minutes, so the caller can put them into local study days."""
        clause, args = _decks_clause(deck_ids)
        sql = (
            "SELECT substr(at, 1, 16), count(*), sum(correct) FROM review_log"
            f" WHERE at >= ?{clause} GROUP BY 1"
        )
        return self._read(lambda db: db.execute(sql, (since, *args)).fetchall())

    def kind_totals(
        self, since: str, deck_ids: Sequence[str] | None = None
    ) -> dict[str, tuple[int, int, int]]:
        """Per kind, (answers, correct ones, milliseconds answering) at or after `since`,
        any mode (answers without a recorded time count no time)."""
        clause, args = _decks_clause(deck_ids)
        sql = (
            # total() adds in floating point: imported times near SQLite's integer limit
            # would make sum() fail with "integer overflow"; the cast saturates instead.
            "SELECT kind, count(*), sum(correct), CAST(total(answer_ms) AS INTEGER)"
            " FROM review_log"
            f" WHERE at >= ?{clause} GROUP BY kind"
        )
        return self._read(
            lambda db: {r[0]: (r[1], r[2], r[3]) for r in db.execute(sql, (since, *args))}
        )

    def item_totals(
        self, kind: str, since: str, deck_ids: Sequence[str] | None = None
    ) -> list[tuple[str, str, int, int]]:
        """(deck, item, answers, correct ones) of each item of `kind` answered at or after
        `since`, any mode."""
        clause, args = _decks_clause(deck_ids)
        sql = (
            "SELECT deck, item, count(*), sum(correct) FROM review_log"
            f" WHERE kind = ? AND at >= ?{clause} GROUP BY deck, item"
        )
        return self._read(lambda db: db.execute(sql, (kind, since, *args)).fetchall())

    def recall_since(
        self, since: str, deck_ids: Sequence[str] | None = None
    ) -> dict[int, tuple[int, int]]:
        """Per box answered from, (review answers, correct ones) at or after `since`; an
        unseen item answers from box 1."""
        clause, args = _decks_clause(deck_ids)
        sql = (
            "SELECT coalesce(box_before, 1), count(*), sum(correct) FROM review_log"
            f" WHERE mode = 'review' AND at >= ?{clause} GROUP BY 1"
        )
        return self._read(lambda db: {r[0]: (r[1], r[2]) for r in db.execute(sql, (since, *args))})

    def due_by_days(self, days: Sequence[Sequence[str]]) -> dict[str, list[int]]:
        """Per deck, how many items with a state are due by each day: days[d] holds the due
        thresholds (scheduling.due_thresholds) at the start of day d. One pass over the states.
        """
        columns = ", ".join(f"sum({due_test(thresholds)})" for thresholds in days)
        sql = f"SELECT deck, {columns} FROM item_state GROUP BY deck"
        args = tuple(t for thresholds in days for t in thresholds)
        return self._read(
            lambda db: {row[0]: list(row[1:]) for row in db.execute(sql, args)}
        )
