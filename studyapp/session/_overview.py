"""Per-deck summaries: due and new counts by kind, next due time, boxes, orphans, streak."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studyapp.model import KINDS, Deck, ItemKind, ItemRef
from studyapp.scheduling import (
    LeitnerState,
    Rules,
    due_at,
    due_thresholds,
    parse_time,
    study_day,
)
from studyapp.session._queue import Filters, States, new_entries


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


def deck_overview(
    deck: Deck,
    states: States,
    rules: Rules,
    now: datetime,
    allowance: int,
    *,
    tier_gating: bool = True,
) -> DeckOverview:
    """The overview of `deck`; `states` may hold other decks' items too (they are ignored)."""
    thresholds = due_thresholds(rules, now)
    last = rules.boxes - 1
    due = dict.fromkeys(KINDS, 0)
    boxes = dict.fromkeys(range(1, rules.boxes + 1), 0)
    waiting: dict[int, str] = {}  # box -> earliest last review among items not due yet
    unseen = 0
    present: set[str] = set()
    for item in deck.items():
        present.add(item.id)
        known = states.get(ItemRef(deck.id, item.id))
        if known is None:
            unseen += 1
            continue
        state = known[1]
        box = min(state.box, rules.boxes)
        boxes[box] += 1
        if state.last_at < thresholds[min(box - 1, last)]:
            due[item.kind] += 1
        elif box not in waiting or state.last_at < waiting[box]:
            waiting[box] = state.last_at
    next_due = None
    if waiting:
        next_due = min(
            due_at(rules, LeitnerState(box, last_at, last_at), now)
            for box, last_at in waiting.items()
        )
    orphaned = tuple(
        sorted(r.item_id for r in states if r.deck_id == deck.id and r.item_id not in present)
    )
    new = dict.fromkeys(KINDS, 0)
    for entry in new_entries([deck], states, allowance, Filters(), tier_gating=tier_gating):
        new[entry.kind] += 1
    return DeckOverview(deck.id, deck.title, due, new, next_due, boxes, unseen, orphaned)


def orphan_overview(deck_id: str, states: States, rules: Rules) -> DeckOverview:
    """The overview of a deck that is gone from the content but has history."""
    refs = sorted(ref.item_id for ref in states if ref.deck_id == deck_id)
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
