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

    def answer_days(self, deck_id: str, since: str) -> list[tuple[str, int, int]]:
        """(UTC minute "YYYY-MM-DDTHH:MM", answers, correct ones) of a deck's answers at or
        after `since`, any mode: minutes, so the caller can put them into local study days."""
        sql = (
            "SELECT substr(at, 1, 16), count(*), sum(correct) FROM review_log"
            " WHERE deck = ? AND at >= ? GROUP BY 1"
        )
        return self._read(lambda db: db.execute(sql, (deck_id, since)).fetchall())

    def log_summary(
        self, deck_id: str, since_week: str, since_month: str
    ) -> list[tuple[str, int, int, int, int, int, int, int]]:
        """A deck's review log counted in one pass: (kind, review mode 0/1, box answered
        from (an unseen item's is 1), in the month 0/1, in the week 0/1, answers, correct
        ones, milliseconds answering) per distinct combination.

        Per deck, found through the log's item index: SQLite sorts to group, and sorting
        each deck's answers apart costs less than sorting them all together.
        """
        sql = (
            # total() adds in floating point: imported times near SQLite's integer limit
            # would make sum() fail with "integer overflow"; the cast saturates instead.
            "SELECT kind, mode = 'review', coalesce(box_before, 1), at >= ?, at >= ?,"
            " count(*), sum(correct), CAST(total(answer_ms) AS INTEGER) FROM review_log"
            " WHERE deck = ? GROUP BY 1, 2, 3, 4, 5"
        )
        return self._read(
            lambda db: db.execute(sql, (since_month, since_week, deck_id)).fetchall()
        )

    def item_totals(
        self, since: str, deck_ids: Sequence[str] | None = None
    ) -> list[tuple[str, str, str, int, int, int, int]]:
        """(deck, item, kind, answers, correct ones, answers at or after `since`, correct
        ones among them) of each interview question and coding exercise, any mode."""
        clause, args = _decks_clause(deck_ids)
        sql = (
            "SELECT deck, item, kind, count(*), sum(correct), sum(at >= ?1),"
            " sum(correct AND at >= ?1) FROM review_log"
            f" WHERE kind IN ('question', 'sandbox'){clause} GROUP BY deck, item, kind"
        )
        return self._read(lambda db: db.execute(sql, (since, *args)).fetchall())

    def logged_item_ids(self, deck_id: str) -> str:
        """The ids of every item of a deck with answers in the log (any mode), one per line
        in id order (one string: see deck_item_ids)."""
        sql = (
            "SELECT group_concat(item, char(10)) FROM"
            " (SELECT DISTINCT item FROM review_log WHERE deck = ?)"
        )
        return self._read(lambda db: db.execute(sql, (deck_id,)).fetchone()[0] or "")

    def state_minutes(
        self, deck_id: str, thresholds: Sequence[str]
    ) -> list[tuple[str, int, str, int, int]]:
        """(kind, box, UTC minute of the last review, items, due items) of a deck's states.

        Study days and due thresholds begin on whole minutes, so the minute of an item's
        last review decides its due day: a forecast and the due counts without a row per
        item. `due` as in deck_rows.
        """
        sql = (
            "SELECT kind, box, substr(last_at, 1, 16) AS m, count(*),"
            f" sum({due_test(thresholds)}) FROM item_state WHERE deck = ? GROUP BY kind, box, m"
        )
        return self._read(lambda db: db.execute(sql, (*thresholds, deck_id)).fetchall())
