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
from studyapp.scheduling import LeitnerState, Rules, due_at, due_thresholds, is_due_by
from studyapp.session._overview import experts_open, interleaved_shares

DeckStates = Mapping[str, LeitnerState]
"""{item id: state} of one deck's items with history (ProgressStore.deck_states)."""
States = Mapping[str, DeckStates]
"""{deck id: {item id: state}}, as ProgressStore.states() returns them."""
_NONE: DeckStates = {}
_NO_BOXES: Mapping[str, int] = {}

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
    relearn: bool = False
    """A repeat of an item answered wrong earlier in the session (answered as practice)."""

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
    items: frozenset[str] | None = None
    """Item ids to include (None: all), e.g. one item practised from the deck screen."""

    def admits(self, item: Item) -> bool:
        """Whether `item` passes the filters."""
        if item.kind not in self.kinds:
            return False
        if self.items is not None and item.id not in self.items:
            return False
        if self.tiers is None or not isinstance(item, Question):
            return True
        return item.tier in self.tiers

    @classmethod
    def of(
        cls,
        kinds: Iterable[ItemKind | str] | None = None,
        tiers: Iterable[Tier | str] | None = None,
        items: Iterable[str] | None = None,
    ) -> Filters:
        """Filters from optional kind and tier names and item ids."""
        return cls(
            frozenset(ItemKind(k) for k in kinds) if kinds is not None else frozenset(KINDS),
            frozenset(Tier(t) for t in tiers) if tiers is not None else None,
            frozenset(items) if items is not None else None,
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


def due_entries(
    decks: Sequence[Deck], states: States, rules: Rules, now: datetime, filters: Filters
) -> list[QueueEntry]:
    """Due items of `decks`, most overdue first, kinds interleaved among equally overdue ones."""
    thresholds = due_thresholds(rules, now)
    due: list[QueueEntry] = []
    for deck in decks:
        deck_states = states.get(deck.id, _NONE)
        for item in deck.items():
            state = deck_states.get(item.id)
            if state is None or not filters.admits(item):
                continue
            if is_due_by(thresholds, state):
                due.append(QueueEntry(deck, item, state, due_at(rules, state, now)))
    due.sort(key=lambda entry: entry.due_at or now)
    result: list[QueueEntry] = []
    for _, group in groupby(due, key=lambda entry: entry.due_at):
        result.extend(interleave(list(group)))
    return result


def new_entries(
    decks: Sequence[Deck],
    boxes: Mapping[str, Mapping[str, int]],
    allowance: int,
    filters: Filters,
    *,
    tier_gating: bool,
) -> list[QueueEntry]:
    """Up to `allowance` never-answered items of `decks`, in file order, kinds interleaved.

    `boxes` maps deck id -> item id -> box for every item with a state.
    """
    if allowance <= 0:
        return []
    fresh: dict[ItemKind, list[QueueEntry]] = {kind: [] for kind in KINDS}
    for deck in decks:
        deck_boxes = boxes.get(deck.id, _NO_BOXES)
        questions = ((question.id, question.tier) for question in deck.questions)
        gated = tier_gating and not experts_open(questions, deck_boxes)
        for item in deck.items():
            pile = fresh[item.kind]
            # No kind gives more than `allowance` items, so stop looking there.
            if item.id in deck_boxes or len(pile) >= allowance or not filters.admits(item):
                continue
            if gated and isinstance(item, Question) and item.tier is Tier.EXPERT:
                continue
            pile.append(QueueEntry(deck, item, None, None))
    shares = interleaved_shares({kind: len(pile) for kind, pile in fresh.items()}, allowance)
    return interleave([entry for kind in KINDS for entry in fresh[kind][: shares[kind]]])


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
    boxes = {deck: {item: s.box for item, s in items.items()} for deck, items in states.items()}
    queue.extend(new_entries(decks, boxes, allowance, filters, tier_gating=tier_gating))
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
        deck_states = states.get(deck.id, _NONE)
        for item in deck.items():
            if not filters.admits(item):
                continue
            known = deck_states.get(item.id)
            if known is None:
                unseen.append(QueueEntry(deck, item, None, None))
            else:
                seen.append(QueueEntry(deck, item, known, None))
    seen.sort(key=lambda e: (e.state.box, e.state.last_at) if e.state else (0, ""))
    queue = interleave(seen) + interleave(unseen)
    return queue if limit is None else queue[:limit]
