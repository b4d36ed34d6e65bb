"""Choosing what to study: due items most overdue first, then new ones, kinds interleaved.

Pure functions over decks, cached Leitner states and `now`; the service in `_service`
feeds them from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from studyapp.model import KINDS, Deck, Item, ItemKind, ItemRef, Question, Tier
from studyapp.scheduling import LeitnerState, Rules, due_at, due_thresholds

States = Mapping[ItemRef, tuple[str, LeitnerState]]
"""(kind, state) of items with history, as ProgressStore.states() returns them."""

GATING_SHARE = 0.5
"""Expert questions open once more than this share of intermediate ones left box 1."""


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One item to study, with what the schedule knows about it."""

    deck: Deck
    """The deck it belongs to."""
    item: Item
    """The item itself."""
    state: LeitnerState | None
    """Its Leitner state (None: new, never answered)."""
    due_at: datetime | None
    """When it fell due (None for new items and cram extras that are not due)."""

    @property
    def ref(self) -> ItemRef:
        """The item's identity."""
        return ItemRef(self.deck.id, self.item.id)

    @property
    def kind(self) -> ItemKind:
        """The item's kind."""
        return self.item.kind

    @property
    def is_new(self) -> bool:
        """True for an item never answered in review mode."""
        return self.state is None


@dataclass(frozen=True, slots=True)
class Filters:
    """Which items a queue may hold."""

    kinds: frozenset[ItemKind] = frozenset(KINDS)
    """Item kinds to include."""
    tiers: frozenset[Tier] | None = None
    """Question tiers to include (None: all)."""

    def admits(self, item: Item) -> bool:
        """Whether `item` passes the filters."""
        if item.kind not in self.kinds:
            return False
        if self.tiers is None or not isinstance(item, Question):
            return True
        return item.tier in self.tiers

    @classmethod
    def of(
        cls,
        kinds: Iterable[ItemKind | str] | None = None,
        tiers: Iterable[Tier | str] | None = None,
    ) -> Filters:
        """Filters from optional kind and tier names."""
        return cls(
            frozenset(ItemKind(k) for k in kinds) if kinds is not None else frozenset(KINDS),
            frozenset(Tier(t) for t in tiers) if tiers is not None else None,
        )


def interleave(entries: Sequence[QueueEntry]) -> list[QueueEntry]:
    """Round-robin over kinds (in KINDS order), keeping each kind's own order."""
    by_kind: dict[ItemKind, list[QueueEntry]] = {kind: [] for kind in KINDS}
    for entry in entries:
        by_kind[entry.kind].append(entry)
    result: list[QueueEntry] = []
    queues = [list(reversed(group)) for group in by_kind.values() if group]
    while queues:
        for queue in queues:
            result.append(queue.pop())
        queues = [queue for queue in queues if queue]
    return result


def experts_open(deck: Deck, states: States) -> bool:
    """Whether tier gating lets new expert questions of `deck` in."""
    intermediate = [q for q in deck.questions if q.tier is Tier.INTERMEDIATE]
    if not intermediate:
        return True
    moved = 0
    for question in intermediate:
        known = states.get(ItemRef(deck.id, question.id))
        if known is not None and known[1].box >= 2:
            moved += 1
    return moved > GATING_SHARE * len(intermediate)


def due_entries(
    decks: Sequence[Deck], states: States, rules: Rules, now: datetime, filters: Filters
) -> list[QueueEntry]:
    """Due items of `decks`, most overdue first, kinds interleaved among equally overdue ones."""
    thresholds = due_thresholds(rules, now)
    last = rules.boxes - 1
    due: list[QueueEntry] = []
    for deck in decks:
        for item in deck.items():
            known = states.get(ItemRef(deck.id, item.id))
            if known is None or not filters.admits(item):
                continue
            state = known[1]
            if state.last_at < thresholds[min(state.box - 1, last)]:
                due.append(QueueEntry(deck, item, state, due_at(rules, state, now)))
    due.sort(key=lambda entry: entry.due_at or now)
    result: list[QueueEntry] = []
    for _, group in groupby(due, key=lambda entry: entry.due_at):
        result.extend(interleave(list(group)))
    return result


def new_entries(
    decks: Sequence[Deck],
    states: States,
    allowance: int,
    filters: Filters,
    *,
    tier_gating: bool,
) -> list[QueueEntry]:
    """Up to `allowance` never-answered items of `decks`, in file order, kinds interleaved."""
    if allowance <= 0:
        return []
    # Interleaving never takes more than `allowance` items of one kind, so stop there.
    taken = dict.fromkeys(KINDS, 0)
    fresh: list[QueueEntry] = []
    for deck in decks:
        gated = tier_gating and not experts_open(deck, states)
        for item in deck.items():
            if taken[item.kind] >= allowance or not filters.admits(item):
                continue
            if ItemRef(deck.id, item.id) in states:
                continue
            if gated and isinstance(item, Question) and item.tier is Tier.EXPERT:
                continue
            taken[item.kind] += 1
            fresh.append(QueueEntry(deck, item, None, None))
    return interleave(fresh)[:allowance]


def plan_queue(
    decks: Sequence[Deck],
    states: States,
    rules: Rules,
    now: datetime,
    allowance: int,
    filters: Filters = Filters(),
    *,
    tier_gating: bool = True,
    limit: int | None = None,
) -> list[QueueEntry]:
    """Today's queue: every due item (most overdue first), then new items up to `allowance`."""
    queue = due_entries(decks, states, rules, now, filters)
    queue.extend(new_entries(decks, states, allowance, filters, tier_gating=tier_gating))
    return queue if limit is None else queue[:limit]


def plan_cram(
    decks: Sequence[Deck],
    states: States,
    filters: Filters = Filters(),
    *,
    limit: int | None = None,
) -> list[QueueEntry]:
    """Extra practice: seen items weakest first (lowest box, longest ago), then unseen ones."""
    seen: list[QueueEntry] = []
    unseen: list[QueueEntry] = []
    for deck in decks:
        for item in deck.items():
            if not filters.admits(item):
                continue
            known = states.get(ItemRef(deck.id, item.id))
            if known is None:
                unseen.append(QueueEntry(deck, item, None, None))
            else:
                seen.append(QueueEntry(deck, item, known[1], None))
    seen.sort(key=lambda e: (e.state.box, e.state.last_at) if e.state else (0, ""))
    queue = interleave(seen) + interleave(unseen)
    return queue if limit is None else queue[:limit]
