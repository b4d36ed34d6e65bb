"""What the service reports about items and answers: where an item stands, what an answer did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from studyapp.model import Review, ReviewMode
from studyapp.store import StateSummary


def _in_days(days: int) -> str:
    """ "today", "tomorrow" or "in N days"."""
    if days <= 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


# ItemStatus and StateCounts are NamedTuples, cheaper to define at every start-up than
# dataclasses; AnswerOutcome stays one (the study session replace()s it).
class ItemStatus(NamedTuple):
    """Where an item stands, for display next to it."""

    box: int | None
    """Current box (None: new)."""
    boxes: int
    """Number of boxes."""
    due_at: datetime | None
    """When it falls (or fell) due; None for a new item."""
    days: int
    """Study days until it is due (0: due today or overdue)."""

    @property
    def text(self) -> str:
        """E.g. "Box 2 of 5, next review in 4 days" or "New: not studied yet"."""
        if self.box is None:
            return "New: not studied yet"
        if self.days <= 0:
            return f"Box {self.box} of {self.boxes}, due now"
        return f"Box {self.box} of {self.boxes}, next review {_in_days(self.days)}"

    @property
    def short(self) -> str:
        """The same in a narrow column: "box 2, in 4 days", "box 1, due now", "new"."""
        if self.box is None:
            return "new"
        if self.days <= 0:
            return f"box {self.box}, due now"
        return f"box {self.box}, {_in_days(self.days)}"


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What an answer did, for the feedback line after it."""

    review: Review
    """The recorded answer (already committed)."""
    boxes: int
    """Number of boxes."""
    next_due: datetime | None
    """When the item is next due (None: a practice answer on a new item)."""
    days: int
    """Study days until then."""
    comes_back: int | None = None
    """Items shown before this one comes back in the session (None: it does not)."""

    @property
    def text(self) -> str:
        """E.g. "Box 2 → 3 of 5, next review in 4 days" or "Stays in box 1 of 5, ..."."""
        review = self.review
        if review.mode != ReviewMode.REVIEW:
            if review.box_after is None:
                return "Practice only: still new"
            return f"Practice only: stays in box {review.box_after} of {self.boxes}"
        after = f"next review {_in_days(self.days)}"
        if review.box_before is None:
            return f"New → box {review.box_after} of {self.boxes}, {after}"
        if review.box_before == review.box_after:
            return f"Stays in box {review.box_after} of {self.boxes}, {after}"
        return f"Box {review.box_before} → {review.box_after} of {self.boxes}, {after}"

    @property
    def receipt(self) -> str:
        """The whole line after an answer, e.g. "Again: stays in box 1 of 5, next review
        tomorrow; back after 3 items" or "Good, practice: stays in box 2 of 5"."""
        review = self.review
        verdict = "Good" if review.correct else "Again"
        if review.mode != ReviewMode.REVIEW:
            where = (
                "still new" if review.box_after is None
                else f"stays in box {review.box_after} of {self.boxes}"
            )
            line = f"{verdict}, practice: {where}"
        else:
            line = f"{verdict}: {self.text[0].lower()}{self.text[1:]}"
        if self.comes_back is not None:
            line += "; once more now" if self.comes_back == 0 else (
                f"; back after {self.comes_back} item{'s' if self.comes_back != 1 else ''}"
            )
        return line


class StateCounts(NamedTuple):
    """The store's side of an overview, read at one moment (see StudyService.state_counts)."""

    now: datetime
    """The moment counted for."""
    allowance: int
    """New items still allowed today."""
    thresholds: tuple[str, ...]
    """Due thresholds per box at `now`."""
    counts: dict[str, StateSummary]
    """deck id -> DeckCounts.summary rows (ProgressStore.deck_counts), for every deck with
    item states."""
    seen: dict[str, str]
    """deck id -> ProgressStore.deck_item_ids: the ids with a state, one per line."""
