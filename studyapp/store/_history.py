"""Read-only summaries of the state cache and the review log: due counts, statistics and
forecasts, each counted by SQLite in one statement."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from studyapp.model import KINDS, ItemKind
from studyapp.store._rows import due_test, ignored_events
from studyapp.store._summary import TAIL_SQL, mark, tail_decks

T = TypeVar("T")


def _decks_clause(deck_ids: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    """An `AND deck IN (...)` clause and its arguments (nothing when deck_ids is None)."""
    if deck_ids is None:
        return "", ()
    return f" AND deck IN ({','.join('?' * len(deck_ids))})", tuple(deck_ids)


class StateSummary(NamedTuple):
    """One deck's states counted for an overview (DeckCounts.summary)."""

    boxes: tuple[int, ...]
    """Items per box, from box 1 to the last (boxes past the last counted in it)."""
    due: dict[ItemKind, int]
    """Due items per kind (every kind)."""
    waiting: tuple[str | None, ...]
    """Per box, the start of the minute of the earliest last review of its items not due
    (None when every item of the box is due, or the box is empty): study days begin on
    whole minutes, so the minute decides the day it falls due."""

_STATE_IDS_SQL = "SELECT group_concat(item, char(10)) FROM item_state WHERE deck = ?"
_LOGGED_IDS_SQL = (
    "SELECT group_concat(item, char(10)) FROM (SELECT DISTINCT item FROM review_log WHERE deck = ?)"
)
_LOG_SQL = (
    # From the log counted per minute (log_minute, kept by triggers): one integer for the
    # mode, the periods and the box, and the minute when it is in the days asked about. The
    # periods begin on whole minutes (study days do), so comparing minutes is exact.
    # total() adds in floating point: imported times near SQLite's integer limit would
    # make sum() fail with "integer overflow"; the cast saturates instead.
    "SELECT kind, review + 2 * (minute >= substr(?1, 1, 16)) + 4 * (minute >= substr(?2, 1, 16))"
    " + 8 * box AS code, iif(minute >= substr(?3, 1, 16), minute, NULL) AS m,"
    " sum(answers), sum(correct), CAST(total(ms) AS INTEGER) FROM log_minute"
    " WHERE deck = ?4 GROUP BY kind, code, m"
)

LogRow = tuple[str, int, int, int, int, int, int, int]
"""(kind, review mode 0/1, box answered from (an unseen item's is 1), in the month 0/1, in
the week 0/1, answers, correct ones, milliseconds answering): DeckHistory.log."""
DayRow = tuple[str, int, int]
"""(UTC minute "YYYY-MM-DDTHH:MM", answers, correct ones): DeckHistory.days."""
MinuteRow = tuple[str, int, str, int]
"""(kind, box, UTC minute of the last review, items): DeckHistory.minutes."""


class DeckCounts(NamedTuple):
    """What an overview needs of one deck's states, read by ProgressStore.deck_counts."""

    summary: StateSummary
    """Items per box, due items per kind and the earliest review not due per box."""
    ids: str
    """The ids of the items with a state, one per line in id order (deck_item_ids)."""
    introduced: int
    """Items whose first review-mode answer is at or after the time asked about."""


class DeckHistory(NamedTuple):
    """What the statistics need of one deck, read by ProgressStore.deck_histories."""

    log: list[LogRow]
    """The deck's review log counted in one pass, per distinct combination of LogRow's
    first five fields."""
    days: list[DayRow]
    """Answers (any mode) in the days asked about, per UTC minute, so the caller can put
    them into local study days."""
    logged_ids: str
    """Ids of every item with answers in the log (any mode), one per line in id order."""
    minutes: list[MinuteRow]
    """The deck's states per kind, box and minute of the last review: study days and due
    thresholds begin on whole minutes, so that minute decides whether an item is due and
    on which day (the due counts and the forecast without a row per item)."""
    introduced: int
    """Items whose first review-mode answer is at or after the time asked about."""


_MINUTES_SQL = (
    "SELECT kind, box, substr(last_at, 1, 16) AS m, count(*), sum(first_at >= ?)"
    " FROM item_state WHERE deck = ? GROUP BY kind, box, m"
)
# A deck with a current summary (store/_summary.py): its ids and latest first review, and
# its states counted per minute.
_KEPT_SQL = "SELECT ids, first_at FROM deck_summary WHERE deck = ? AND ids IS NOT NULL"
_KEPT_MINUTES_SQL = "SELECT kind, box, minute, items FROM state_minute WHERE deck = ?"
_INTRODUCED_SQL = "SELECT count(*) FROM item_state WHERE deck = ? AND first_at >= ?"

MINUTE_START = ":00.000+00:00"
"""Makes a stored minute ("YYYY-MM-DDTHH:MM") the stored time of its first moment."""


def _minute_of(at: str | None) -> str | None:
    """The start of the minute of a stored time (None stays None)."""
    return None if at is None else at[:16] + MINUTE_START


def minute_summary(rows: Sequence[MinuteRow], thresholds: Sequence[str]) -> StateSummary:
    """States counted per minute (MinuteRow) counted as deck_counts counts a deck's states,
    the earliest review not due to the minute (which decides its due day).

    Due as in ProgressStore.deck_rows, from the minute: thresholds (due_thresholds) begin
    on whole minutes, so a review is before its box's threshold exactly when the start of
    its minute is.
    """
    last = len(thresholds)
    boxes = [0] * last
    due = dict.fromkeys(KINDS, 0)
    waiting: list[str | None] = [None] * last
    for kind, box, minute, items in rows:
        index = min(box, last) - 1
        boxes[index] += items
        start = minute + MINUTE_START
        if box >= 1 and start < thresholds[index]:
            due[ItemKind(kind)] += items
        elif (first := waiting[index]) is None or start < first:
            waiting[index] = start
    return StateSummary(tuple(boxes), due, tuple(waiting))


def _summary_sql(thresholds: Sequence[str]) -> str:
    """The statement of DeckCounts: one row of counts, each filtered from one pass over the
    deck's states (`?1`...`?N` the thresholds of boxes 1 to N, then the deck, then the time
    new items are counted from).

    Filters rather than GROUP BY: SQLite groups by sorting, and a handful of comparisons
    per state costs less than sorting them (a sixth of the statement).
    """
    last = len(thresholds)

    def box_is(box: int) -> str:
        return f"box = {box}" if box < last else f"box >= {box}"

    boxes = [f"count(*) FILTER (WHERE {box_is(box)})" for box in range(1, last + 1)]
    is_due = due_test(thresholds, numbered=True)
    due = [f"count(*) FILTER (WHERE kind = '{kind.value}' AND {is_due})" for kind in KINDS]
    waiting = [
        f"min(last_at) FILTER (WHERE {box_is(box)} AND last_at >= ?{box})"
        for box in range(1, last + 1)
    ]
    # And in the same pass the ids (in key order: see deck_item_ids) and the items whose
    # first review is at or after `?N+2`.
    rest = f"group_concat(item, char(10)), sum(first_at >= ?{last + 2})"
    return (
        f"SELECT {', '.join([*boxes, *due, *waiting, rest])} FROM item_state"
        f" WHERE deck = ?{last + 1}"
    )


def _kept_states(
    db: sqlite3.Connection, deck_id: str, since: str
) -> tuple[str, list[MinuteRow], int] | None:
    """A deck's states from its summary (store/_summary.py): its ids, its states per minute
    and how many were first reviewed at or after `since`; None when it has no summary (the
    caller counts the deck from its states, as for a deck with answers after the mark)."""
    kept = db.execute(_KEPT_SQL, (deck_id,)).fetchone()
    if kept is None:
        return None
    ids, latest_first = kept
    introduced = (
        db.execute(_INTRODUCED_SQL, (deck_id, since)).fetchone()[0] if latest_first >= since
        else 0
    )
    return ids, db.execute(_KEPT_MINUTES_SQL, (deck_id,)).fetchall(), introduced


def _live_state_ids(db: sqlite3.Connection, deck_id: str) -> str:
    """The ids of a deck's items with a state, one per line, in id order, from the states."""
    return str(db.execute(_STATE_IDS_SQL, (deck_id,)).fetchone()[0] or "")


class HistoryReads:
    """The statistics queries of ProgressStore (mixed into it). Each deck's numbers come
    from statements over that deck's range of an index: where SQLite must group (by
    sorting), sorting each deck's rows apart costs less than sorting them all together."""

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read-only function on the connection (ProgressStore provides it)."""
        raise NotImplementedError

    def _per_deck(
        self, deck_ids: Sequence[str], read_one: Callable[[sqlite3.Connection, str], T],
        before: Callable[[sqlite3.Connection], object] | None = None,
    ) -> dict[str, T]:
        """{deck id: read_one(connection, deck id)} for each of `deck_ids`, in that order, in
        one read transaction (after `before(connection)`, in the same one)."""

        def read_all(db: sqlite3.Connection) -> dict[str, T]:
            nested = db.in_transaction
            if not nested:
                db.execute("BEGIN")  # one snapshot: a writer may fold the log meanwhile
            try:
                if before is not None:
                    before(db)
                return {deck_id: read_one(db, deck_id) for deck_id in deck_ids}
            finally:
                if not nested:
                    db.execute("COMMIT")

        return self._read(read_all)

    def deck_counts(
        self, deck_ids: Sequence[str], thresholds: Sequence[str], since: str
    ) -> dict[str, DeckCounts]:
        """DeckCounts of each deck in `deck_ids`: `due` as in deck_rows
        (scheduling.due_thresholds), items introduced at or after `since` (ISO UTC)."""
        sql = _summary_sql(thresholds)
        last = len(thresholds)
        kinds = last + len(KINDS)

        changed: set[str] = set()

        def read_changed(db: sqlite3.Connection) -> None:
            changed.update(tail_decks(db, mark(db)))

        def read(db: sqlite3.Connection, deck_id: str) -> DeckCounts:
            kept = None if deck_id in changed else _kept_states(db, deck_id, since)
            if kept is not None:
                ids, minutes, introduced = kept
                return DeckCounts(minute_summary(minutes, thresholds), ids, introduced)
            row = db.execute(sql, (*thresholds, deck_id, since)).fetchone()
            summary = StateSummary(
                row[:last], dict(zip(KINDS, row[last:kinds], strict=True)),
                tuple(_minute_of(at) for at in row[kinds:kinds + last]),
            )
            return DeckCounts(summary, row[-2] or "", row[-1] or 0)

        return self._per_deck(deck_ids, read, read_changed)

    def deck_item_ids(self, deck_id: str) -> str:
        """The ids of a deck's items with a state, one per line, in id order: a single
        string, which SQLite makes far faster than Python makes a row per item."""
        return self._read(lambda db: _live_state_ids(db, deck_id))

    def deck_histories(
        self, deck_ids: Sequence[str], since_week: str, since_month: str, since_days: str,
        since_new: str,
    ) -> dict[str, DeckHistory]:
        """A DeckHistory per deck: the log counted with the week and month starting at
        `since_week` and `since_month`, the answers per minute from `since_days` on, and the
        states per minute with the items introduced at or after `since_new`."""
        args = (since_month, since_week, since_days)
        # Decks with answers the replay leaves out (dated out of range): their items may
        # have answers but no state.
        left_out = {event.deck for event in self._read(ignored_events)}
        month, week, recent = (since[:16] for since in args)
        # The answers log_minute does not count yet (about a thousand at most), per deck.
        tails: dict[str, list[tuple[str, int, str | None, int, int, float]]] = {}

        def read_tail(db: sqlite3.Connection) -> None:
            for deck, kind, minute, review, box, answers, right, ms in db.execute(
                TAIL_SQL, (mark(db),)
            ):
                code = review + 2 * (minute >= month) + 4 * (minute >= week) + 8 * box
                tails.setdefault(deck, []).append(
                    (kind, code, minute if minute >= recent else None, answers, right, ms)
                )

        def read(db: sqlite3.Connection, deck_id: str) -> DeckHistory:
            log: dict[tuple[str, int], list[int]] = {}
            days: dict[str, list[int]] = {}
            rows = db.execute(_LOG_SQL, (*args, deck_id)).fetchall()
            for kind, code, minute, answers, right, ms in rows + tails.get(deck_id, []):
                counts = log.setdefault((kind, code), [0, 0, 0])
                counts[0] += answers
                counts[1] += right
                counts[2] += int(ms)
                if minute is not None:
                    day = days.setdefault(minute, [0, 0])
                    day[0] += answers
                    day[1] += right
            # Only review answers make states: when the deck has no other answers and none
            # left out, the items with answers are the items with a state, which SQLite
            # lists without the DISTINCT over every answer.
            stated = deck_id not in left_out and all(code & 1 for _, code in log)
            kept = None if deck_id in tails else _kept_states(db, deck_id, since_new)
            if kept is not None:
                _, minutes, introduced = kept
            else:
                counted = db.execute(_MINUTES_SQL, (since_new, deck_id)).fetchall()
                minutes = [row[:4] for row in counted]
                introduced = sum(row[4] for row in counted)
            if not stated:
                logged = db.execute(_LOGGED_IDS_SQL, (deck_id,)).fetchone()[0] or ""
            else:
                logged = kept[0] if kept is not None else _live_state_ids(db, deck_id)
            return DeckHistory(
                [
                    (kind, code & 1, code >> 3, (code >> 1) & 1, (code >> 2) & 1, n, right, ms)
                    for (kind, code), (n, right, ms) in log.items()
                ],
                [(minute, answers, right) for minute, (answers, right) in days.items()],
                logged,
                minutes,
                introduced,
            )

        return self._per_deck(deck_ids, read, read_tail)

    def item_totals(
        self, since: str, deck_ids: Sequence[str] | None = None
    ) -> list[tuple[str, str, str, int, int, int, int]]:
        """(deck, item, kind, answers, correct ones, answers at or after `since`, correct
        ones among them) of each interview question and coding exercise, any mode."""
        clause, args = _decks_clause(deck_ids)
        # The item index holds every column read here: SQLite reads it alone.
        sql = (
            "SELECT deck, item, kind, count(*), sum(correct), sum(at >= ?1),"
            " sum(correct AND at >= ?1) FROM review_log"
            f" WHERE kind IN ('question', 'sandbox'){clause} GROUP BY deck, item, kind"
        )
        return self._read(lambda db: db.execute(sql, (since, *args)).fetchall())
