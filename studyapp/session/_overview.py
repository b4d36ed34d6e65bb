"""Per-deck summaries: due and new counts by kind, next due time, boxes, orphans, streak."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studyapp.model import KINDS, Deck, ItemKind
from studyapp.scheduling import (
    LeitnerState,
    Rules,
    due_at,
    parse_time,
    study_day,
)
from studyapp.session._queue import Filters, new_entries


@dataclass(frozen=True, slots=True)
class DeckOverview:
    """What one deck holds for the learner right now."""

    deck_id: str
    """The deck's id."""
    title: str
    """Display title ("" for a deck that only exists in the progress log)."""
    due: dict[ItemKind, int]
    """Due items by kind."""
    new: dict[ItemKind, int]
    """New items by kind that today's remaining allowance would introduce from this deck."""
    next_due: datetime | None
    """When the next item that is not due yet falls due (None: nothing is waiting)."""
    boxes: dict[int, int]
    """Items of the deck in each box, 1..boxes (items with history only)."""
    unseen: int
    """Items of the deck never answered in review mode."""
    orphaned: tuple[str, ...]
    """Ids of items with history that are no longer in the deck, sorted."""

    @property
    def due_total(self) -> int:
        """Due items of every kind."""
        return sum(self.due.values())

    @property
    def new_total(self) -> int:
        """New items of every kind (within today's allowance)."""
        return sum(self.new.values())


StateRow = tuple[str, int, str, int]
"""(item id, box, last review, due 0/1), as ProgressStore.deck_rows returns them."""


def deck_overview(
    deck: Deck,
    rows: Iterable[StateRow],
    rules: Rules,
    now: datetime,
    allowance: int,
    *,
    tier_gating: bool = True,
) -> DeckOverview:
    """The overview of `deck` from its state rows (ProgressStore.deck_rows at `now`)."""
    kinds = {item.id: item.kind for item in deck.items()}
    count = rules.boxes
    due = dict.fromkeys(KINDS, 0)
    boxes = dict.fromkeys(range(1, count + 1), 0)
    waiting: dict[int, str] = {}  # box -> earliest last review among items not due yet
    seen: dict[str, int] = {}
    orphaned: list[str] = []
    for item_id, box, last_at, is_due in rows:
        seen[item_id] = box
        kind = kinds.get(item_id)
        if kind is None:
            orphaned.append(item_id)
            continue
        if box > count:
            box = count
        boxes[box] += 1
        if is_due:
            due[kind] += 1
        elif box not in waiting or last_at < waiting[box]:
            waiting[box] = last_at
    next_due = None
    if waiting:
        next_due = min(
            due_at(rules, LeitnerState(box, last_at, last_at), now)
            for box, last_at in waiting.items()
        )
    new = dict.fromkeys(KINDS, 0)
    fresh = new_entries([deck], {deck.id: seen}, allowance, Filters(), tier_gating=tier_gating)
    for entry in fresh:
        new[entry.kind] += 1
    unseen = len(kinds) - (len(seen) - len(orphaned))
    return DeckOverview(
        deck.id, deck.title, due, new, next_due, boxes, unseen, tuple(sorted(orphaned))
    )


def orphan_overview(deck_id: str, item_ids: Iterable[str], rules: Rules) -> DeckOverview:
    """The overview of a deck that is gone from the content but has history."""
    refs = sorted(item_ids)
    return DeckOverview(
        deck_id, "", dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0), None,
        dict.fromkeys(range(1, rules.boxes + 1), 0), 0, tuple(refs),
    )


def streak_days(answer_minutes: Iterable[str], rules: Rules, now: datetime) -> int:
    """Consecutive study days with an answer, ending today (or yesterday, if not yet today).

    `answer_minutes` are UTC minutes ("YYYY-MM-DDTHH:MM") in which answers were given.
    """
    zone = now.tzinfo
    assert zone is not None
    days: set[date] = set()
    for minute in answer_minutes:
        days.add(study_day(rules, parse_time(minute + ":00+00:00"), zone))
    day = study_day(rules, now, zone)
    if day not in days:
        day -= timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def accuracy(total: int, right: int) -> float | None:
    """Share of correct answers, rounded to 3 places (None when there were none)."""
    return round(right / total, 3) if total else None
