"""Leitner rules over (state, answer, now); the clock is always passed in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from studyapp.model import ReviewMode

if TYPE_CHECKING:
    from studyapp.config import OnWrong, Settings


# NamedTuples, here and below: cheaper to define than dataclasses at every start-up.
class Rules(NamedTuple):
    """How boxes move and when items fall due."""

    intervals: tuple[int, ...] = (1, 2, 4, 8, 16)
    """Days between reviews for each box, box 1 first."""
    on_wrong: OnWrong = "first-box"
    """`first-box` (classic) or `previous-box`."""
    day_starts_at: time = time(4, 0)
    """Local time of day at which a study day begins."""

    @property
    def boxes(self) -> int:
        """Number of boxes."""
        return len(self.intervals)

    def interval(self, box: int) -> int:
        """Days an item waits in `box` (boxes beyond the last wait like the last)."""
        return self.intervals[min(max(box, 1), self.boxes) - 1]

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        """The scheduling part of the app settings."""
        hour, minute = settings.day_start
        return cls(settings.intervals, settings.on_wrong, time(hour, minute))


class LeitnerState(NamedTuple):
    """What the review log says about one item (only items with a review-mode answer).

    A named tuple rather than a dataclass: `due` builds one per item of every deck.
    """

    box: int
    """Current box, 1-based."""
    first_at: str
    """First review-mode answer, ISO 8601 UTC."""
    last_at: str
    """Latest review-mode answer, ISO 8601 UTC."""
    reviews: int = 1
    """Number of review-mode answers."""
    lapses: int = 0
    """Number of wrong review-mode answers."""


class Answer(NamedTuple):
    """The facts of one answer that scheduling depends on."""

    at: str
    """When, ISO 8601 UTC (as stored)."""
    correct: bool
    """Whether it was right."""
    mode: str = ReviewMode.REVIEW
    """`review` moves boxes; `practice` and `cram` do not."""


def next_box(rules: Rules, box: int | None, correct: bool) -> int:
    """The box after an answer given from `box` (None: an unseen item, which sits in box 1)."""
    current = min(box or 1, rules.boxes)
    if correct:
        return min(current + 1, rules.boxes)
    if rules.on_wrong == "previous-box":
        return max(current - 1, 1)
    return 1


def apply_answer(
    rules: Rules, state: LeitnerState | None, answer: Answer
) -> tuple[LeitnerState | None, int | None, int | None]:
    """(state after, box before, box after) for one answer.

    A practice or cram answer changes nothing, so its box after equals its box before (None when the
    item was unseen).
    """
    before = min(state.box, rules.boxes) if state is not None else None
    if answer.mode != ReviewMode.REVIEW:
        return state, before, before
    after = next_box(rules, before, answer.correct)
    lapse = 0 if answer.correct else 1
    if state is None:
        return LeitnerState(after, answer.at, answer.at, 1, lapse), None, after
    new_state = LeitnerState(
        after, state.first_at, answer.at, state.reviews + 1, state.lapses + lapse
    )
    return new_state, before, after


def replay(rules: Rules, answers: Iterable[Answer]) -> LeitnerState | None:
    """The state after `answers`, oldest first (None when none moved the item)."""
    state: LeitnerState | None = None
    for answer in answers:
        state = apply_answer(rules, state, answer)[0]
    return state


def parse_time(value: str) -> datetime:
    """An ISO 8601 time as an aware datetime (a time without offset is taken as UTC)."""
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _zone(now: datetime) -> tzinfo:
    """The local zone study days are counted in: the zone of `now`."""
    zone = now.tzinfo
    return zone if zone is not None else UTC


def add_days(day: date, days: int) -> date:
    """`day` plus `days` days, clamped to the calendar's range instead of overflowing."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def study_day(rules: Rules, moment: datetime, zone: tzinfo) -> date:
    """The study day `moment` belongs to (a day runs from the start hour to the next).

    Moments at the very edges of the calendar are clamped rather than overflowing.
    """
    shift = timedelta(hours=rules.day_starts_at.hour, minutes=rules.day_starts_at.minute)
    try:
        return (moment.astimezone(zone) - shift).date()
    except OverflowError:
        return date.max if moment.year > 5000 else date.min


def day_start(rules: Rules, day: date, zone: tzinfo) -> datetime:
    """The moment study day `day` begins."""
    return datetime.combine(day, rules.day_starts_at, tzinfo=zone)


def due_at(rules: Rules, state: LeitnerState, now: datetime) -> datetime:
    """When the item falls due: its box interval in study days after its last review.

    Clamped to the last day of the calendar: a review near the year 9999 never overflows.
    """
    zone = _zone(now)
    last_day = study_day(rules, parse_time(state.last_at), zone)
    return day_start(rules, add_days(last_day, rules.interval(state.box)), zone)


def is_due(rules: Rules, state: LeitnerState, now: datetime) -> bool:
    """Whether the item is due at `now`."""
    return due_at(rules, state, now) <= now


def is_due_by(thresholds: Sequence[str], state: LeitnerState) -> bool:
    """Whether `state` is due, given `due_thresholds(rules, now)`: is_due without date arithmetic.

    Boxes past the last wait like the last; the store's SQL applies the same test.
    """
    return state.last_at < thresholds[min(state.box, len(thresholds)) - 1]


def days_until(rules: Rules, moment: datetime, now: datetime) -> int:
    """Whole study days from today to the study day of `moment` (0: today or earlier)."""
    zone = _zone(now)
    return max((study_day(rules, moment, zone) - study_day(rules, now, zone)).days, 0)


def due_thresholds(rules: Rules, now: datetime) -> tuple[str, ...]:
    """For each box, the ISO UTC time a last review must be earlier than for the item to be due.

    An item in box b is due when study_day(last) + interval(b) <= today, that is when its
    last review came before the start of study day `today - interval(b) + 1`. Stored times
    are ISO UTC strings of one format, so the comparison can run in SQL on the text.
    """
    zone = _zone(now)
    today = study_day(rules, now, zone)
    thresholds = []
    for interval in rules.intervals:
        start = day_start(rules, add_days(today, 1 - interval), zone)
        try:
            thresholds.append(start.astimezone(UTC).isoformat(timespec="milliseconds"))
        except OverflowError:  # the calendar's first or last day in a far-off zone
            thresholds.append(start.replace(tzinfo=UTC).isoformat(timespec="milliseconds"))
    return tuple(thresholds)
