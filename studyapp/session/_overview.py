"""Per-deck summaries: due and new counts by kind, next due time, boxes, orphans, streak; and
the rules for new items that the study queue (_queue) shares: tier gating, interleaving."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from studyapp.model import KINDS, DeckCatalog, ItemKind, Tier
from studyapp.scheduling import (
    LeitnerState,
    Rules,
    due_at,
    parse_time,
    study_day,
)

if TYPE_CHECKING:
    from studyapp.store import StateSummary


# A NamedTuple: built per deck and only read, and cheaper to define than a dataclass at
# every start-up of `due`.
class DeckOverview(NamedTuple):
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
    unseen_by_kind: dict[ItemKind, int]
    """Items never answered in review mode, by kind: what the deck has to introduce (the
    `new` counts are what today's allowance lets in)."""

    @property
    def due_total(self) -> int:
        """Due items of every kind."""
        return sum(self.due.values())

    @property
    def new_total(self) -> int:
        """New items of every kind (within today's allowance)."""
        return sum(self.new.values())


GATING_SHARE = 0.5
"""Expert questions open once more than this share of intermediate ones left box 1."""


def experts_open(questions: Iterable[tuple[str, Tier]], boxes: Mapping[str, int]) -> bool:
    """Whether tier gating lets a deck's new expert questions in.

    `questions`: (id, tier) of every question of the deck; `boxes`: item id -> box. Experts
    open once more than GATING_SHARE of the intermediate questions have left box 1.
    """
    intermediate = [question for question, tier in questions if tier is Tier.INTERMEDIATE]
    if not intermediate:
        return True
    moved = sum(1 for question in intermediate if boxes.get(question, 0) >= 2)
    return moved > GATING_SHARE * len(intermediate)


def interleaved_shares(available: Mapping[ItemKind, int], allowance: int) -> dict[ItemKind, int]:
    """How many items of each kind `interleave(...)[:allowance]` takes, given how many there are.

    Interleaving takes one of each kind in turn (KINDS order) until the allowance is used.
    """
    shares = dict.fromkeys(KINDS, 0)
    left = allowance
    while left > 0 and any(available.get(kind, 0) > shares[kind] for kind in KINDS):
        for kind in KINDS:
            if left > 0 and available.get(kind, 0) > shares[kind]:
                shares[kind] += 1
                left -= 1
    return shares


StateRow = tuple[str, int, str, int]
"""(item id, box, last review, due 0/1), as ProgressStore.deck_rows returns them."""


def deck_overview(
    deck: DeckCatalog,
    rows: Iterable[StateRow],
    rules: Rules,
    now: datetime,
    allowance: int,
    *,
    tier_gating: bool = True,
) -> DeckOverview:
    """The overview of `deck` from its state rows (ProgressStore.deck_rows at `now`).

    Counted with whole-list operations (dict and Counter over the rows) rather than a
    branch per row: `due` runs this over every item of every deck.
    """
    kinds = _item_kinds(deck)
    count = rules.boxes
    rows = list(rows)
    seen = {row[0]: row[1] for row in rows}
    orphaned = sorted(seen.keys() - kinds.keys())
    if orphaned:
        rows = [row for row in rows if row[0] in kinds]
    boxes = dict.fromkeys(range(1, count + 1), 0)
    for box, items in Counter(row[1] for row in rows).items():
        boxes[min(box, count)] += items
    due = dict.fromkeys(KINDS, 0)
    due.update(Counter([kinds[row[0]] for row in rows if row[3]]))
    waiting: dict[int, str] = {}  # box -> earliest last review among items not due yet
    for _, box, last_at, is_due in rows:
        if not is_due:
            box = min(box, count)
            if last_at < waiting.get(box, "~"):
                waiting[box] = last_at
    return _finish(deck, kinds, seen, orphaned, due, boxes, waiting, rules, now, allowance,
                   tier_gating)


def _item_kinds(deck: DeckCatalog) -> dict[str, ItemKind]:
    """{item id: kind} of every item of a deck."""
    kinds: dict[str, ItemKind] = {}
    for kind, ids in deck.ids_by_kind().items():
        kinds.update(dict.fromkeys(ids, kind))
    return kinds


def new_counts(
    deck: DeckCatalog,
    seen: Mapping[str, int] | AbstractSet[str],
    allowance: int,
    *,
    tier_gating: bool,
    boxes_of: Callable[[], Mapping[str, int]] | None = None,
) -> dict[ItemKind, int]:
    """How many new items of each kind today's allowance would introduce from `deck`.

    `seen`: the ids of the deck's items with a state ({id: box}, or only the ids when
    `boxes_of` gives the boxes on demand: tier gating needs them, and only sometimes).
    The same choice as the study queue's (new_entries: never-answered items in file order,
    gated expert questions left out, kinds interleaved, cut at the allowance), counted
    with set operations instead of building an entry per item.
    """
    if allowance <= 0:
        return dict.fromkeys(KINDS, 0)
    available: dict[ItemKind, int] = {}
    gated = False
    if tier_gating and Tier.EXPERT in deck.question_tiers:
        boxes = boxes_of() if boxes_of is not None else seen
        assert isinstance(boxes, Mapping)
        questions = zip(deck.questions, deck.question_tiers, strict=True)
        gated = not experts_open(questions, boxes)
    for kind, ids in deck.ids_by_kind().items():
        fresh = len(ids) - len(set(ids).intersection(seen))
        if gated and kind is ItemKind.QUESTION:
            experts = {q for q, tier in zip(ids, deck.question_tiers, strict=True)
                       if tier is Tier.EXPERT}
            fresh -= len(experts.difference(seen))
        available[kind] = fresh
    return interleaved_shares(available, allowance)


def counted_overview(
    deck: DeckCatalog,
    seen_ids: str,
    summary: StateSummary | None,
    rules: Rules,
    now: datetime,
    allowance: int,
    *,
    tier_gating: bool = True,
    boxes_of: Callable[[], Mapping[str, int]],
) -> DeckOverview | None:
    """The overview from counts done in SQL (ProgressStore.deck_counts; None for a deck
    without states), `seen_ids` (the
    ids with a state, one per line: ProgressStore.deck_item_ids) and, for tier gating when
    it matters, `boxes_of` (ProgressStore.deck_boxes).

    None when the deck has orphaned items: their counts must be left out item by item
    (deck_overview over deck_rows), which is rare and slower.
    """
    count = rules.boxes
    # Every item seen, none orphaned (a review-heavy collection): one string comparison,
    # and no per-item work at all.
    if seen_ids and seen_ids == deck.sorted_ids:
        kinds: dict[str, ItemKind] | None = None
        seen: AbstractSet[str] = frozenset()
    else:
        kinds = _item_kinds(deck)
        seen = set(seen_ids.split("\n")) if seen_ids else set()
        if not seen <= kinds.keys():
            return None
    if summary is None:
        due = dict.fromkeys(KINDS, 0)
        boxes = dict.fromkeys(range(1, count + 1), 0)
        waiting: dict[int, str] = {}
    else:
        due = dict(summary.due)
        boxes = dict(enumerate(summary.boxes, start=1))
        waiting = {box: at for box, at in enumerate(summary.waiting, start=1) if at is not None}
    if kinds is None:
        return DeckOverview(deck.id, deck.title, due, dict.fromkeys(KINDS, 0),
                            _next_due(waiting, rules, now), boxes, 0, (),
                            dict.fromkeys(KINDS, 0))
    return _finish(deck, kinds, seen, [], due, boxes, waiting, rules, now, allowance,
                   tier_gating, boxes_of)


def _finish(
    deck: DeckCatalog,
    kinds: dict[str, ItemKind],
    seen: Mapping[str, int] | AbstractSet[str],
    orphaned: list[str],
    due: dict[ItemKind, int],
    boxes: dict[int, int],
    waiting: dict[int, str],
    rules: Rules,
    now: datetime,
    allowance: int,
    tier_gating: bool,
    boxes_of: Callable[[], Mapping[str, int]] | None = None,
) -> DeckOverview:
    next_due = _next_due(waiting, rules, now)
    unseen = len(kinds) - (len(seen) - len(orphaned))
    unseen_by_kind = dict.fromkeys(KINDS, 0)
    if unseen:
        new = new_counts(deck, seen, allowance, tier_gating=tier_gating, boxes_of=boxes_of)
        for kind, ids in deck.ids_by_kind().items():
            unseen_by_kind[kind] = len(ids) - len(set(ids).intersection(seen))
    else:  # every item seen: nothing new to look for
        new = dict.fromkeys(KINDS, 0)
    return DeckOverview(
        deck.id, deck.title, due, new, next_due, boxes, unseen, tuple(orphaned), unseen_by_kind
    )


def _next_due(waiting: dict[int, str], rules: Rules, now: datetime) -> datetime | None:
    """When the next item falls due, from the earliest last review not due per box."""
    if not waiting:
        return None
    return min(
        due_at(rules, LeitnerState(box, last_at, last_at), now) for box, last_at in waiting.items()
    )


def orphan_overview(deck_id: str, item_ids: Iterable[str], rules: Rules) -> DeckOverview:
    """The overview of a deck that is gone from the content but has history."""
    refs = sorted(item_ids)
    return DeckOverview(
        deck_id, "", dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0), None,
        dict.fromkeys(range(1, rules.boxes + 1), 0), 0, tuple(refs), {},
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
