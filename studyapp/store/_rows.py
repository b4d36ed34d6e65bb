"""Rows of the progress store: new event ids, reading log rows, the due test in SQL, and
replaying an item's log into its cached state."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from studyapp.clock import EARLIEST_STAMP, LATEST_STAMP
from studyapp.model import ItemKind, ItemRef, Review, ReviewMode
from studyapp.scheduling import Answer, LeitnerState, Rules, apply_answer

LOG_COLUMNS = "id, deck, item, kind, at, correct, mode, answer_ms, box_before, box_after, detail"
"""The review_log columns of a Review, in review_from_row's order."""
INSERT_SQL = f"INSERT INTO review_log ({LOG_COLUMNS}) VALUES ({','.join('?' * 11)})"
"""Appends one log row (values in LOG_COLUMNS order)."""

_ID_BATCH = 64
"""Event ids made per read of the system's random source."""
_spare_ids: list[str] = []
os.register_at_fork(after_in_child=_spare_ids.clear)  # a forked child must not reuse ids


def new_event_id() -> str:
    """A fresh event id: a random (version 4) UUID in its usual text form.

    Ids are made a batch at a time from one read of os.urandom, so recording an answer
    makes no system call and no UUID object for its id; a forked child drops the batch.
    """
    if not _spare_ids:
        _spare_ids.extend(_uuid4_text(os.urandom(16 * _ID_BATCH), _ID_BATCH))
    return _spare_ids.pop()


def _uuid4_text(random: bytes, count: int) -> list[str]:
    """`count` version 4 UUIDs as text, from 16 random bytes each."""
    made = []
    for start in range(0, 16 * count, 16):
        raw = bytearray(random[start : start + 16])
        raw[6] = raw[6] & 0x0F | 0x40  # version 4
        raw[8] = raw[8] & 0x3F | 0x80  # RFC 4122 variant
        text = raw.hex()
        made.append(f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}")
    return made


def review_from_row(row: tuple[Any, ...]) -> Review:
    """A Review from a review_log row in _LOG_COLUMNS order."""
    return Review(
        id=row[0],
        ref=ItemRef(row[1], row[2]),
        kind=ItemKind(row[3]),
        at=row[4],
        correct=bool(row[5]),
        mode=ReviewMode(row[6]),
        answer_ms=row[7],
        box_before=row[8],
        box_after=row[9],
        detail=json.loads(row[10]) if row[10] is not None else None,
    )


def due_test(thresholds: Sequence[str], *, numbered: bool = False) -> str:
    """SQL that is 1 when an item_state row is due: its last_at precedes its box's threshold
    (one `?` per box, bound to `thresholds`, or with `numbered` `?1`...`?N`, box by box;
    boxes past the last use the last one)."""
    count = len(thresholds)

    def mark(box: int) -> str:
        return f"?{box}" if numbered else "?"

    whens = " ".join(f"WHEN {box} THEN {mark(box)}" for box in range(1, count))
    # ELSE for the last box and any past it (boxes start at 1): no min() per row.
    if not whens:
        return f"last_at < {mark(1)}"
    return f"last_at < CASE box {whens} ELSE {mark(count)} END"


def detail_text(detail: dict[str, Any] | None) -> str | None:
    """The stored form of an event's detail."""
    if detail is None:
        return None
    return json.dumps(detail, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def state_row(db: sqlite3.Connection, ref: ItemRef) -> LeitnerState | None:
    """The cached state of one item."""
    row = db.execute(
        "SELECT box, first_at, last_at, reviews, lapses FROM item_state "
        "WHERE deck = ? AND item = ?",
        (ref.deck_id, ref.item_id),
    ).fetchone()
    return LeitnerState(*row) if row else None


class IgnoredEvent(NamedTuple):
    """A logged answer the replay leaves out: its time is before 2000 or in the future."""

    id: str
    """Event id (what `studyapp progress drop` takes)."""
    deck: str
    """Deck id of the item answered."""
    item: str
    """Item id."""
    at: str
    """The out-of-range time, as stored."""


IGNORED_KEY = "ignored_events"
"""meta key of the JSON list of IgnoredEvent rows the last replays left out."""


def in_range(at: str, horizon: str) -> bool:
    """Whether a stored time counts: from 2000-01-01 up to `horizon` (text order is time
    order in the store's one format, so a year 0001 or 9999 falls outside)."""
    return EARLIEST_STAMP <= at <= horizon


def ignored_events(db: sqlite3.Connection) -> list[IgnoredEvent]:
    """The events the replay left out, as last recorded in meta."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (IGNORED_KEY,)).fetchone()
    if row is None:
        return []
    try:
        return [IgnoredEvent(*entry) for entry in json.loads(row[0])]
    except (ValueError, TypeError):  # written by hand or damaged: recomputed by a rebuild
        return []


def rebuild_items(
    db: sqlite3.Connection, rules: Rules, refs: list[ItemRef] | None, horizon: str = LATEST_STAMP
) -> int:
    """Replay the log of `refs` (None: every item) into item_state and the log's box fields.

    Answers dated before 2000 or after `horizon` are left out (their box fields become
    NULL) and listed in meta as ignored events. With refs=None the caller has emptied
    item_state. Returns how many states were written.
    """
    columns = "deck, item, kind, at, correct, mode, box_before, box_after, seq, id"
    if refs is None:
        groups: Iterable[list[tuple[Any, ...]]] = grouped_rows(
            db.execute(f"SELECT {columns} FROM review_log ORDER BY deck, item, at, seq")
        )
    else:
        groups = (
            db.execute(
                f"SELECT {columns} FROM review_log WHERE deck = ? AND item = ? ORDER BY at, seq",
                (ref.deck_id, ref.item_id),
            ).fetchall()
            for ref in refs
        )
        for ref in refs:
            db.execute(
                "DELETE FROM item_state WHERE deck = ? AND item = ?", (ref.deck_id, ref.item_id)
            )
    states: list[tuple[Any, ...]] = []
    fixes: list[tuple[int | None, int | None, int]] = []
    ignored: list[IgnoredEvent] = []
    for rows in groups:
        state: LeitnerState | None = None
        kind = ""
        for deck, item, row_kind, at, correct, mode, old_before, old_after, seq, ident in rows:
            if not in_range(at, horizon):
                ignored.append(IgnoredEvent(ident, deck, item, at))
                before = after = None
            else:
                state, before, after = apply_answer(rules, state, Answer(at, bool(correct), mode))
                if mode == ReviewMode.REVIEW:
                    kind = row_kind
            if (before, after) != (old_before, old_after):
                fixes.append((before, after, seq))
        if state is not None:
            states.append((rows[0][0], rows[0][1], kind, state.box, state.first_at, state.last_at,
                           state.reviews, state.lapses))
    db.executemany("UPDATE review_log SET box_before = ?, box_after = ? WHERE seq = ?", fixes)
    db.executemany("INSERT INTO item_state VALUES (?,?,?,?,?,?,?,?)", states)
    _note_ignored(db, refs, ignored)
    return len(states)


def _note_ignored(
    db: sqlite3.Connection, refs: list[ItemRef] | None, found: list[IgnoredEvent]
) -> None:
    """Record in meta what a replay of `refs` (None: all) left out, keeping other items'."""
    before = ignored_events(db) if refs is not None or found else []
    if refs is not None:
        replayed = {(ref.deck_id, ref.item_id) for ref in refs}
        kept = [event for event in before if (event.deck, event.item) not in replayed]
    else:
        kept = []
    after = kept + found
    if after == before and (after or refs is not None):
        return
    if after:
        db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (IGNORED_KEY, json.dumps([list(event) for event in after])),
        )
    else:
        db.execute("DELETE FROM meta WHERE key = ?", (IGNORED_KEY,))


def grouped_rows(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """Consecutive rows with the same (deck, item)."""
    group: list[tuple[Any, ...]] = []
    key: tuple[Any, Any] | None = None
    for row in rows:
        if (row[0], row[1]) != key and group:
            yield group
            group = []
        key = (row[0], row[1])
        group.append(row)
    if group:
        yield group
