"""Learning statistics: boxes, accuracy, recall against the schedule, forecast and heatmap."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from studyapp.clock import iso_utc
from studyapp.errors import SelectionError
from studyapp.model import KINDS, TIERS, DeckCatalog, ItemKind
from studyapp.scheduling import (
    Rules,
    add_days,
    day_start,
    due_thresholds,
    parse_time,
    study_day,
)
from studyapp.session._outcomes import StateCounts
from studyapp.session._overview import (
    DeckOverview,
    orphan_overview,
    streak_days,
)
from studyapp.session._stats_report import (
    ASSUMED_RECALL,
    FORECAST_DAYS,
    HEATMAP_DAYS,
    BoxRecall,
    DayActivity,
    DayDue,
    DeckStats,
    StatsReport,
    Tally,
)
from studyapp.store import MINUTE_START, DeckHistory, MinuteRow, minute_summary

if TYPE_CHECKING:
    from studyapp.model import Deck
    from studyapp.session._service import StudyService
    from studyapp.store import ProgressStore

@dataclass(frozen=True, slots=True)
class StatsReads:
    """What collect_stats reads from the store (read_stats): every deck with answers or
    states, or only the one asked for."""

    now: datetime
    """The moment the report is for."""
    logged_decks: list[str]
    """Deck ids with answers in the log, sorted."""
    histories: dict[str, DeckHistory]
    """Per deck with answers or states: ProgressStore.deck_histories."""
    item_totals: list[tuple[str, str, str, int, int, int, int]]
    """ProgressStore.item_totals since the month's start."""
    allowance: int
    """New items still allowed today."""


def read_stats(service: StudyService, deck_id: str | None = None) -> StatsReads:
    """The store's side of the stats report (of every deck, or of `deck_id`)."""
    store = service.store
    rules = service.rules
    now = service.now()
    zone = now.tzinfo
    assert zone is not None
    today = study_day(rules, now, zone)

    def since(days: int) -> str:
        """Where the last `days` study days begin, as stored times compare."""
        return iso_utc(day_start(rules, add_days(today, 1 - days), zone))

    logged_decks = store.deck_ids()
    every = sorted(set(logged_decks).union(store.state_deck_ids()))
    today_start = since(1)
    histories = store.deck_histories(
        [d for d in every if deck_id in (None, d)], since(7), since(30), since(HEATMAP_DAYS),
        today_start,
    )
    totals = store.item_totals(since(30), None if deck_id is None else [deck_id])
    # With every deck read, today's new items are counted already (else one more pass).
    introduced = (
        sum(read.introduced for read in histories.values())
        if deck_id is None else store.introduced_since(today_start)
    )
    return StatsReads(now, logged_decks, histories, totals, service.allowance_after(introduced))


_NO_HISTORY = DeckHistory([], [], "", [], 0)


def collect_stats(
    service: StudyService, decks: Sequence[Deck | DeckCatalog], deck_id: str | None = None
) -> StatsReport:
    """The stats report over `decks` (or the one with `deck_id`, which may be a deck only the
    progress log still knows).

    The review log is read in a few statements per deck whatever its length (a summary
    grouped by kind, mode, box and period; the minutes of the last 16 weeks; the answered
    ids as one string; the states per minute) and one for the per-item tallies of questions
    and coding exercises, so no Python object is made per answer.
    """
    reads = read_stats(service, deck_id)
    store = service.store
    rules = service.rules
    # A catalog is checked for, not a Deck: `stats` then never loads the item classes.
    catalogs = [deck if isinstance(deck, DeckCatalog) else deck.catalog() for deck in decks]
    known = {deck.id for deck in catalogs}
    chosen = [deck for deck in catalogs if deck_id in (None, deck.id)]
    now = reads.now
    zone = now.tzinfo
    assert zone is not None
    today = study_day(rules, now, zone)
    gone = [d for d in reads.logged_decks if d not in known and deck_id in (None, d)]
    if deck_id is not None and not chosen and not gone:
        from studyapp.suggest import did_you_mean

        every = known | set(reads.logged_decks)
        raise SelectionError(f"unknown deck '{deck_id}'{did_you_mean(deck_id, every)}")

    def history(of: str) -> DeckHistory:
        return reads.histories.get(of, _NO_HISTORY)

    scope = [d for d in reads.logged_decks if deck_id in (None, d)]
    log = [(d, *row) for d in scope for row in history(d).log]
    days = [row for d in scope for row in history(d).days]
    # One pass over each deck's states gives the due counts and the forecast alike.
    logged = {deck.id: history(deck.id).logged_ids for deck in chosen}
    minutes = {deck.id: history(deck.id).minutes for deck in chosen}
    answered = {deck.id: _every_item_answered(deck, logged[deck.id]) for deck in chosen}
    due_now = due_thresholds(rules, now)
    counts = StateCounts(
        now, reads.allowance, due_now,
        {deck_of: minute_summary(rows, due_now) for deck_of, rows in minutes.items()},
        {
            deck.id: _seen_ids(store, deck, logged[deck.id], answered[deck.id], minutes[deck.id])
            for deck in chosen
        },
    )
    tallies = _log_tallies(log, rules.boxes)
    thresholds = _forecast_thresholds(rules, today, zone)
    per_deck: list[DeckStats] = []
    cumulative = [0] * FORECAST_DAYS
    for deck, view in zip(chosen, service.overview(chosen, counts), strict=True):
        kinds: dict[str, ItemKind] | None = None
        if view.orphaned:  # the store's counts include items the content lacks: item by item
            kinds = _kinds_of(deck)
            rows = [r for r in store.deck_rows(deck.id, counts.thresholds) if r[0] in kinds]
            by_kind = _boxes_by_kind([(kinds[r[0]], r[1], 1) for r in rows], rules.boxes)
            due_by = _due_by_days([(r[1], r[2], 1) for r in rows], rules, thresholds)
        else:
            by_kind = _boxes_by_kind(
                [(ItemKind(k), box, n) for k, box, _, n in minutes[deck.id]], rules.boxes
            )
            due_by = _due_by_days(
                [(box, minute + MINUTE_START, n) for _, box, minute, n in minutes[deck.id]],
                rules, thresholds,
            )
        cumulative = [a + b for a, b in zip(cumulative, due_by, strict=True)]
        orphans = _orphans(logged[deck.id], deck, answered[deck.id])
        per_deck.append(_deck_stats(view, by_kind, orphans, tallies, deck.id, rules))
    for gone_id in gone:
        view = orphan_overview(gone_id, history(gone_id).logged_ids.split("\n"), rules)
        per_deck.append(_deck_stats(view, {}, view.orphaned, tallies, gone_id, rules))
    forecast = [
        DayDue(add_days(today, d), cumulative[d] - (cumulative[d - 1] if d else 0))
        for d in range(FORECAST_DAYS)
    ]
    tiers = _tiers_of(chosen)
    coding: list[tuple[int, int]] = []
    tier_counts = {tier.value: [0, 0] for tier in TIERS}
    for deck_of, item, kind, answers, right, recent, recent_right in reads.item_totals:
        if kind == ItemKind.SANDBOX:
            coding.append((answers, right))
        elif (tier := tiers.get(deck_of, {}).get(item)) is not None:
            pair = tier_counts[tier]
            pair[0] += recent
            pair[1] += recent_right
    by_tier = {tier: Tally(*tier_counts[tier.value]) for tier in TIERS}
    heatmap = _heatmap(days, rules, now)
    streak = streak_days([row[0] for row in days], rules, now) if deck_id is None else 0
    if deck_id is not None or streak >= HEATMAP_DAYS - 1:  # every deck counts; or older days
        streak = streak_days(store.answer_minutes(), rules, now)
    return StatsReport(
        now=now,
        decks=per_deck,
        streak_days=streak,
        forecast=forecast,
        heatmap=heatmap,
        accuracy_by_kind={kind: tallies.kinds_month.get(kind, Tally()) for kind in KINDS},
        accuracy_by_tier=by_tier,
        coding_attempts=sum(answers for answers, _ in coding),
        coding_passed=sum(1 for _, right in coding if right),
        coding_exercises=sum(len(deck.sandbox) for deck in chosen),
        time_studied_ms=tallies.time_ms,
        recall_30d=[
            BoxRecall(box, tallies.recall_month.get(box, Tally()), ASSUMED_RECALL)
            for box in range(1, rules.boxes + 1)
        ],
    )


@dataclass
class _LogTallies:
    """DeckHistory.log rows folded into what the report shows."""

    week: dict[str, Tally] = field(default_factory=dict)
    """Per deck, answers of the last 7 study days."""
    month: dict[str, Tally] = field(default_factory=dict)
    """Per deck, answers of the last 30 study days."""
    recall: dict[str, dict[int, Tally]] = field(default_factory=dict)
    """Per deck and box answered from, review answers ever."""
    kinds_month: dict[ItemKind, Tally] = field(default_factory=dict)
    """Per kind, answers of the last 30 study days."""
    recall_month: dict[int, Tally] = field(default_factory=dict)
    """Per box answered from, review answers of the last 30 study days."""
    time_ms: dict[int, int] = field(default_factory=lambda: {7: 0, 30: 0, 0: 0})
    """Milliseconds answering in the last 7 and 30 study days, and ever (key 0)."""


def _log_tallies(
    rows: Sequence[tuple[str, str, int, int, int, int, int, int, int]], boxes: int
) -> _LogTallies:
    """Fold the log summaries (DeckHistory.log, each row led by its deck id)."""
    result = _LogTallies()
    for deck, kind, review, box, in_month, in_week, answers, right, ms in rows:
        tally = Tally(answers, right)
        box = min(box, boxes)
        result.time_ms[0] += ms
        if in_week:
            result.week[deck] = result.week.get(deck, Tally()) + tally
            result.time_ms[7] += ms
        if in_month:
            result.month[deck] = result.month.get(deck, Tally()) + tally
            result.kinds_month[ItemKind(kind)] = (
                result.kinds_month.get(ItemKind(kind), Tally()) + tally
            )
            result.time_ms[30] += ms
        if review:
            by_box = result.recall.setdefault(deck, {})
            by_box[box] = by_box.get(box, Tally()) + tally
            if in_month:
                result.recall_month[box] = result.recall_month.get(box, Tally()) + tally
    return result


def _every_item_answered(deck: DeckCatalog, logged_ids: str) -> bool:
    """Whether the ids with answers (one per line, sorted) are exactly the deck's items."""
    return bool(logged_ids) and logged_ids == deck.sorted_ids


def _seen_ids(
    store: ProgressStore, deck: DeckCatalog, logged_ids: str, answered_all: bool,
    minutes: Sequence[MinuteRow],
) -> str:
    """The ids of the deck's items with a state, one per line (ProgressStore.deck_item_ids),
    without asking when the answered ids are exactly the deck's (`answered_all`) and every
    one has a state."""
    if answered_all and sum(row[3] for row in minutes) == deck.size:
        return logged_ids
    return store.deck_item_ids(deck.id)


def _orphans(logged_ids: str, deck: DeckCatalog, answered_all: bool) -> tuple[str, ...]:
    """Ids with history (one per line) that `deck` no longer holds, sorted; none when the
    answered ids are exactly the deck's (`answered_all`)."""
    if not logged_ids or answered_all:
        return ()
    ids = [i for kind_ids in deck.ids_by_kind().values() for i in kind_ids]
    return tuple(sorted(set(logged_ids.split("\n")).difference(ids)))


def _kinds_of(deck: DeckCatalog) -> dict[str, ItemKind]:
    """{item id: kind} of every item of a deck."""
    kinds: dict[str, ItemKind] = {}
    for kind, ids in deck.ids_by_kind().items():
        kinds.update(dict.fromkeys(ids, kind))
    return kinds


def _tiers_of(decks: Sequence[DeckCatalog]) -> dict[str, dict[str, str]]:
    """{deck id: {question id: tier name}} of every question of `decks` (from the
    catalogs' text, without a Tier per question)."""
    return {
        deck.id: dict(zip(deck.questions, deck.tier_names.split("\n"), strict=True))
        for deck in decks
        if deck.question_ids
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


def _forecast_thresholds(rules: Rules, today: date, zone: tzinfo) -> list[tuple[str, ...]]:
    """The due thresholds at the start of each forecast day (today's equal `due`'s)."""
    return [
        due_thresholds(rules, day_start(rules, add_days(today, d), zone))
        for d in range(FORECAST_DAYS)
    ]


def _due_by_days(
    rows: Sequence[tuple[int, str, int]], rules: Rules, thresholds: list[tuple[str, ...]]
) -> list[int]:
    """How many of the (box, last review, items) rows are due by each forecast day
    (cumulative); `thresholds` from _forecast_thresholds."""
    per_box = list(zip(*thresholds, strict=True))
    first_day: Counter[int] = Counter()
    for box, last_at, items in rows:
        first_day[bisect_right(per_box[min(box, rules.boxes) - 1], last_at)] += items
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
    tallies: _LogTallies,
    deck_id: str,
    rules: Rules,
) -> DeckStats:
    """One deck's figures."""
    by_box = tallies.recall.get(deck_id, {})
    return DeckStats(
        overview=view,
        boxes_by_kind=by_kind,
        orphaned=orphans,
        week=tallies.week.get(deck_id, Tally()),
        month=tallies.month.get(deck_id, Tally()),
        recall_by_box={box: by_box.get(box, Tally()) for box in range(1, rules.boxes + 1)},
    )
