"""Learning statistics: boxes, accuracy, recall against the schedule, forecast and heatmap."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from studyapp.clock import iso_utc
from studyapp.errors import SelectionError
from studyapp.model import KINDS, TIERS, Deck, DeckCatalog, ItemKind, Tier
from studyapp.scheduling import (
    Rules,
    add_days,
    day_start,
    due_thresholds,
    parse_time,
    study_day,
)
from studyapp.session._overview import DeckOverview, accuracy, orphan_overview, streak_days

if TYPE_CHECKING:
    from studyapp.session._service import StudyService

FORECAST_DAYS = 14
"""Study days in the due forecast, today first."""

HEATMAP_DAYS = 112
"""Study days the heatmap looks back over (16 weeks), today included."""

ASSUMED_RECALL = 0.9
"""The recall the schedule is built on: an item answered when it falls due is remembered
about nine times in ten. The Leitner intervals (1, 2, 4, 8, 16 days) double because a
recall that high lets the next gap grow; 90% is also the usual target of spaced-repetition
schedulers (Anki's FSRS asks for a desired retention of 0.9 by default). A box whose
measured recall sits well below it waits too long before its reviews."""


@dataclass(frozen=True, slots=True)
class Tally:
    """Answers and how many of them were right."""

    answers: int = 0
    """Answers counted."""
    correct: int = 0
    """Correct ones among them."""

    @property
    def accuracy(self) -> float | None:
        """Share correct, to 3 places (None: no answers)."""
        return accuracy(self.answers, self.correct)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.answers + other.answers, self.correct + other.correct)


@dataclass(frozen=True, slots=True)
class DeckStats:
    """One deck's figures."""

    overview: DeckOverview
    """Boxes and unseen items (its due counts are the `due` command's)."""
    boxes_by_kind: dict[ItemKind, dict[int, int]]
    """Items with history in each box, per kind (orphaned items left out)."""
    week: Tally
    """Answers of the last 7 study days, any mode."""
    month: Tally
    """Answers of the last 30 study days, any mode."""
    recall_by_box: dict[int, Tally]
    """Review answers per box answered from, all time (an unseen item answers from box 1)."""
    orphaned: tuple[str, ...]
    """Ids of items with history (any mode) that the deck no longer holds, sorted."""

    @property
    def deck_id(self) -> str:
        """The deck's id."""
        return self.overview.deck_id


@dataclass(frozen=True, slots=True)
class DayDue:
    """Items falling due on one study day."""

    day: date
    """The study day."""
    due: int
    """Items due that day: on the first day every item due now, overdue ones included; on
    later days the items whose wait ends that day (assuming no answers until then)."""


@dataclass(frozen=True, slots=True)
class DayActivity:
    """Answers given on one study day."""

    day: date
    """The study day."""
    answers: int
    """Answers of any mode."""
    correct: int
    """Correct ones among them."""


@dataclass(frozen=True, slots=True)
class BoxRecall:
    """Measured recall of one box next to the recall the schedule assumes."""

    box: int
    """The box answered from."""
    tally: Tally
    """Review answers from this box over the last 30 study days."""
    assumed: float
    """ASSUMED_RECALL."""


@dataclass(frozen=True, slots=True)
class StatsReport:
    """Everything the stats command and screen show, for the chosen decks."""

    now: datetime
    """The moment the report is for."""
    decks: list[DeckStats]
    """Per deck, content decks first (in catalog order), then decks only the log knows."""
    streak_days: int
    """Consecutive study days with an answer, ending today or yesterday (every deck)."""
    forecast: list[DayDue]
    """FORECAST_DAYS study days of due counts, today first."""
    heatmap: list[DayActivity]
    """Study days with answers in the last HEATMAP_DAYS, oldest first."""
    accuracy_by_kind: dict[ItemKind, Tally]
    """Answers of the last 30 study days per kind, any mode."""
    accuracy_by_tier: dict[Tier, Tally]
    """Answers to interview questions of the last 30 study days per tier (items still in
    the content only: the tier comes from there)."""
    coding_attempts: int
    """Coding exercise checks ever recorded."""
    coding_passed: int
    """Coding exercises with at least one passing check."""
    coding_exercises: int
    """Coding exercises in the chosen decks."""
    time_studied_ms: dict[int, int]
    """Milliseconds spent answering over the last 7 and 30 study days, and ever (key 0);
    answers without a recorded time count none."""
    recall_30d: list[BoxRecall]
    """Per box, recall over the last 30 study days next to ASSUMED_RECALL."""


def collect_stats(
    service: StudyService, decks: Sequence[Deck | DeckCatalog], deck_id: str | None = None
) -> StatsReport:
    """The stats report over `decks` (or the one with `deck_id`, which may be a deck only the
    progress log still knows)."""
    store = service.store
    rules = service.rules
    catalogs = [deck.catalog() if isinstance(deck, Deck) else deck for deck in decks]
    known = {deck.id for deck in catalogs}
    extra = [d for d in store.deck_ids() if d not in known]
    chosen = [deck for deck in catalogs if deck_id in (None, deck.id)]
    gone = [d for d in extra if deck_id in (None, d)]
    if deck_id is not None and not chosen and not gone:
        from studyapp.suggest import did_you_mean

        raise SelectionError(f"unknown deck '{deck_id}'{did_you_mean(deck_id, known | set(extra))}")
    scope = None if deck_id is None else [deck_id]
    counts = service.state_counts()
    now = counts.now
    zone = now.tzinfo
    assert zone is not None
    today = study_day(rules, now, zone)

    def since(days: int) -> str:
        """Where the last `days` study days begin, as stored times compare."""
        return iso_utc(day_start(rules, add_days(today, 1 - days), zone))

    week, month = store.answer_counts(since(7)), store.answer_counts(since(30))
    recall = store.recall_counts()
    per_deck: list[DeckStats] = []
    by_days = store.due_by_days(_forecast_thresholds(rules, today, zone))
    cumulative = [0] * FORECAST_DAYS
    for deck, view in zip(chosen, service.overview(chosen, counts), strict=True):
        kinds = _kinds_of(deck)
        if view.orphaned:  # the store's counts include items the content lacks: item by item
            rows = [r for r in store.deck_rows(deck.id, counts.thresholds) if r[0] in kinds]
            by_kind = _boxes_by_kind([(kinds[r[0]], r[1], 1) for r in rows], rules.boxes)
            due_by = _due_by_days([(r[1], r[2]) for r in rows], rules, today, zone)
        else:
            rows_counted = counts.counts.get(deck.id, [])
            by_kind = _boxes_by_kind(
                [(ItemKind(k), box, n) for k, box, n, _, _ in rows_counted], rules.boxes
            )
            due_by = by_days.get(deck.id, [0] * FORECAST_DAYS)
        cumulative = [a + b for a, b in zip(cumulative, due_by, strict=True)]
        # Orphans are items with any history (cram answers too) that the content lacks.
        orphans = tuple(sorted(store.logged_items(deck.id) - kinds.keys()))
        per_deck.append(_deck_stats(view, by_kind, orphans, week, month, recall, rules))
    for gone_id in gone:
        view = orphan_overview(gone_id, store.logged_items(gone_id), rules)
        per_deck.append(_deck_stats(view, {}, view.orphaned, week, month, recall, rules))
    forecast = [
        DayDue(add_days(today, d), cumulative[d] - (cumulative[d - 1] if d else 0))
        for d in range(FORECAST_DAYS)
    ]
    month_kinds = store.kind_totals(since(30), scope)
    tiers = _tiers_of(chosen)
    by_tier = dict.fromkeys(TIERS, Tally())
    for deck_of, item, answers, right in store.item_totals(ItemKind.QUESTION, since(30), scope):
        tier = tiers.get((deck_of, item))
        if tier is not None:
            by_tier[tier] += Tally(answers, right)
    coding = store.item_totals(ItemKind.SANDBOX, "", scope)
    time_ms = {
        days: sum(row[2] for row in rows.values())
        for days, rows in (
            (7, store.kind_totals(since(7), scope)),
            (30, month_kinds),
            (0, store.kind_totals("", scope)),
        )
    }
    recall_month = store.recall_since(since(30), scope)
    return StatsReport(
        now=now,
        decks=per_deck,
        streak_days=streak_days(store.answer_minutes(), rules, now),
        forecast=forecast,
        heatmap=_heatmap(store.answer_days(since(HEATMAP_DAYS), scope), rules, now),
        accuracy_by_kind={
            kind: Tally(*month_kinds.get(kind.value, (0, 0, 0))[:2]) for kind in KINDS
        },
        accuracy_by_tier=by_tier,
        coding_attempts=sum(row[2] for row in coding),
        coding_passed=sum(1 for row in coding if row[3]),
        coding_exercises=sum(len(deck.sandbox) for deck in chosen),
        time_studied_ms=time_ms,
        recall_30d=[
            BoxRecall(box, _box_tally(recall_month, box, rules.boxes), ASSUMED_RECALL)
            for box in range(1, rules.boxes + 1)
        ],
    )


def _kinds_of(deck: DeckCatalog) -> dict[str, ItemKind]:
    """{item id: kind} of every item of a deck."""
    kinds: dict[str, ItemKind] = {}
    for kind, ids in deck.ids_by_kind().items():
        kinds.update(dict.fromkeys(ids, kind))
    return kinds


def _tiers_of(decks: Sequence[DeckCatalog]) -> dict[tuple[str, str], Tier]:
    """{(deck id, question id): tier} of every question of `decks`."""
    return {
        (deck.id, question): tier
        for deck in decks
        for question, tier in zip(deck.questions, deck.question_tiers, strict=True)
    }


def _boxes_by_kind(
    rows: Sequence[tuple[ItemKind, int, int]], boxes: int
) -> dict[ItemKind, dict[int, int]]:
    """Per kind, items in each box from (kind, box, items) rows (boxes past the last fold
    into it)."""
    result = {kind: dict.fromkeys(range(1, boxes + 1), 0) for kind in KINDS}
    for kind, box, items in rows:
        result[kind][min(box, boxes)] += items
    return result


def _box_tally(rows: dict[int, tuple[int, int]], box: int, boxes: int) -> Tally:
    """The tally of `box`; the last box also takes answers from boxes past it (kept in the
    log when the settings had more boxes)."""
    picked = [value for key, value in rows.items() if key == box or (box == boxes and key > box)]
    return Tally(sum(v[0] for v in picked), sum(v[1] for v in picked))


def _forecast_thresholds(rules: Rules, today: date, zone: tzinfo) -> list[tuple[str, ...]]:
    """The due thresholds at the start of each forecast day (today's equal `due`'s)."""
    return [
        due_thresholds(rules, day_start(rules, add_days(today, d), zone))
        for d in range(FORECAST_DAYS)
    ]


def _due_by_days(
    rows: Sequence[tuple[int, str]], rules: Rules, today: date, zone: tzinfo
) -> list[int]:
    """How many of the (box, last review) rows are due by each forecast day (cumulative)."""
    per_box = list(zip(*_forecast_thresholds(rules, today, zone), strict=True))
    first_day = Counter(
        bisect_right(per_box[min(box, rules.boxes) - 1], last_at) for box, last_at in rows
    )
    result = []
    running = 0
    for day in range(FORECAST_DAYS):
        running += first_day.get(day, 0)
        result.append(running)
    return result


def _heatmap(
    minutes: Sequence[tuple[str, int, int]], rules: Rules, now: datetime
) -> list[DayActivity]:
    """Answers per local study day from (UTC minute, answers, correct) rows, oldest first."""
    zone = now.tzinfo
    assert zone is not None
    days: dict[date, list[int]] = {}
    for minute, answers, right in minutes:
        day = study_day(rules, parse_time(minute + ":00+00:00"), zone)
        tally = days.setdefault(day, [0, 0])
        tally[0] += answers
        tally[1] += right
    return [DayActivity(day, *days[day]) for day in sorted(days)]


def _deck_stats(
    view: DeckOverview,
    by_kind: dict[ItemKind, dict[int, int]],
    orphans: tuple[str, ...],
    week: dict[str, tuple[int, int]],
    month: dict[str, tuple[int, int]],
    recall: dict[str, dict[int, tuple[int, int]]],
    rules: Rules,
) -> DeckStats:
    """One deck's figures from the store's per-deck counts."""
    by_box = recall.get(view.deck_id, {})
    return DeckStats(
        overview=view,
        boxes_by_kind=by_kind,
        orphaned=orphans,
        week=Tally(*week.get(view.deck_id, (0, 0))),
        month=Tally(*month.get(view.deck_id, (0, 0))),
        recall_by_box={
            box: Tally(*by_box.get(box, (0, 0))) for box in range(1, rules.boxes + 1)
        },
    )
