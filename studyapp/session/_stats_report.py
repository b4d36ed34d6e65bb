"""What the stats report holds: tallies, per-deck figures, forecast and heatmap days, and the
numbers the report is read against (collect_stats in _stats.py fills it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from studyapp.model import ItemKind, Tier
from studyapp.session._overview import accuracy

if TYPE_CHECKING:
    from studyapp.session._overview import DeckOverview

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


# The report's parts are NamedTuples: filled once and only read, and a NamedTuple class
# costs a fifth of a frozen dataclass to define, which every `stats` run pays at import.
# Tally stays a dataclass: its `+` adds tallies, where a tuple's would concatenate.
class DeckStats(NamedTuple):
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


class DayDue(NamedTuple):
    """Items falling due on one study day."""

    day: date
    """The study day."""
    due: int
    """Items due that day: on the first day every item due now, overdue ones included; on
    later days the items whose wait ends that day (assuming no answers until then)."""


class DayActivity(NamedTuple):
    """Answers given on one study day."""

    day: date
    """The study day."""
    answers: int
    """Answers of any mode."""
    correct: int
    """Correct ones among them."""


class BoxRecall(NamedTuple):
    """Measured recall of one box next to the recall the schedule assumes."""

    box: int
    """The box answered from."""
    tally: Tally
    """Review answers from this box over the last 30 study days."""
    assumed: float
    """ASSUMED_RECALL."""


class StatsReport(NamedTuple):
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
