"""Edits of the whole review log: rebuild the state cache, merge an import, drop answers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Concatenate, ParamSpec, TypeVar

from studyapp.model import ItemRef, Review
from studyapp.scheduling import Rules
from studyapp.store._rows import (
    INSERT_SQL,
    LOG_COLUMNS,
    detail_text,
    rebuild_items,
    review_from_row,
)
from studyapp.store._summary import FOLD_EVERY, fold, recounted

T = TypeVar("T")
P = ParamSpec("P")

RULES_KEY = "rules"
"""meta key of the fingerprint of the rules the state cache was derived under."""


def rules_key(rules: Rules) -> str:
    """A fingerprint of the rules the state cache was derived under.

    The last entry names the replay itself: a cache derived before answers out of the
    time range were left out is rebuilt once.
    """
    return json.dumps(
        [list(rules.intervals), rules.on_wrong, rules.day_starts_at.isoformat(), "bounded"]
    )


class LogEdits:
    """The whole-log writes of ProgressStore (mixed into it; each is one transaction)."""

    rules: Rules
    horizon: Callable[[], str]

    def _write(
        self, fn: Callable[Concatenate[sqlite3.Connection, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `fn` in one write transaction (ProgressStore provides it)."""
        raise NotImplementedError

    def drop(self, event_ids: Sequence[str]) -> tuple[list[Review], list[str]]:
        """Remove answers from the log by event id and replay the items they belonged to.

        Returns (the removed answers, the ids not found). One scan of the log finds them all.
        """
        wanted = list(dict.fromkeys(event_ids))

        def write(db: sqlite3.Connection) -> tuple[list[Review], list[str]]:
            found: list[tuple[int, Review]] = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT seq, {LOG_COLUMNS} FROM review_log WHERE id IN ({marks})"
                found += [(row[0], review_from_row(row[1:])) for row in db.execute(sql, chunk)]
            db.executemany("DELETE FROM review_log WHERE seq = ?", [(seq,) for seq, _ in found])
            refs = sorted({review.ref for _, review in found}, key=str)
            if refs:
                rebuild_items(db, self.rules, refs, self.horizon())
            known = {review.id for _, review in found}
            return [review for _, review in found], [i for i in wanted if i not in known]

        return self._write(write)

    def rebuild(self) -> int:
        """Recompute every item's state (and the log's box fields) from the log; returns items."""

        def write(db: sqlite3.Connection) -> int:
            with recounted(db):  # every box field may change
                db.execute("DELETE FROM item_state")
                count = rebuild_items(db, self.rules, None, self.horizon())
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (RULES_KEY, rules_key(self.rules)),
            )
            return count

        return self._write(write)

    def merge(self, reviews: Iterable[Review]) -> tuple[int, int]:
        """Add answers from elsewhere (known ids are skipped), then replay what they touched.

        Box fields of the given reviews are ignored. Returns (added, already present).
        """

        def write(db: sqlite3.Connection) -> tuple[int, int]:
            known = {row[0] for row in db.execute("SELECT id FROM review_log")}
            seen = 0
            touched: set[ItemRef] = set()
            rows = []
            for review in reviews:
                seen += 1
                if review.id in known:
                    continue
                known.add(review.id)
                touched.add(review.ref)
                rows.append((
                    review.id, review.ref.deck_id, review.ref.item_id, review.kind.value,
                    review.at, int(review.correct), review.mode, review.answer_ms, None, None,
                    detail_text(review.detail),
                ))
            added = len(rows)
            if not touched:
                return added, seen - added
            count = db.execute("SELECT count(*) FROM item_state").fetchone()[0]
            if len(touched) * 4 > count:  # most items change: replay them all
                with recounted(db):
                    db.executemany(INSERT_SQL, rows)
                    db.execute("DELETE FROM item_state")
                    rebuild_items(db, self.rules, None, self.horizon())
            else:
                db.executemany(INSERT_SQL, rows)
                rebuild_items(db, self.rules, sorted(touched, key=str), self.horizon())
                if added >= FOLD_EVERY:
                    fold(db)
            return added, seen - added

        return self._write(write)
