"""Counting sandbox checks like answers: which check moves the schedule, which is practice.

A check is an answer for the schedule only when the exercise is due (or new) and no check
has counted for it yet this study day; every other check is practice (logged with mode
`practice`, boxes unchanged). Code identical to the starter is not an answer at all and is
not logged. The TUI and the command line both go through `record_check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studyapp.clock import iso_utc
from studyapp.codefiles import same_code
from studyapp.model import ItemKind, ItemRef, Review, ReviewMode
from studyapp.scheduling import is_due

if TYPE_CHECKING:
    from studyapp.model import SandboxExercise
    from studyapp.sandbox import CheckResult
    from studyapp.session._outcomes import AnswerOutcome
    from studyapp.session._service import StudyService


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """What recording one check did."""

    mode: ReviewMode | None
    """`review` (counted), `practice`, or None when nothing was logged."""
    review: Review | None = None
    """The logged answer (committed), if one was logged."""
    outcome: AnswerOutcome | None = None
    """Its effect on the box, if one was logged."""
    reason: str = ""
    """Why nothing was logged, when nothing was."""

    @property
    def counted(self) -> bool:
        """Whether the check was the schedule's answer."""
        return self.mode == ReviewMode.REVIEW

    @property
    def recorded(self) -> str | None:
        """"review", "practice" or None: the `recorded` value of `sandbox check --json`."""
        return None if self.mode is None else self.mode.value

    @property
    def text(self) -> str:
        """The receipt: "Counted: Box 1 → 2 of 5, next review in 2 days" or
        "Practice: stays in box 2"."""
        if self.mode is None or self.review is None:
            return f"Not recorded: {self.reason}" if self.reason else "Not recorded"
        if self.mode == ReviewMode.REVIEW and self.outcome is not None:
            return f"Counted: {self.outcome.text}"
        box = self.review.box_after
        return "Practice: still new" if box is None else f"Practice: stays in box {box}"


STARTER_REASON = "this is the starter code, unchanged"
"""Why a check of the untouched starter is not logged."""


def check_mode(service: StudyService, ref: ItemRef, *, practice_only: bool = False) -> ReviewMode:
    """The mode the next check of `ref` would be logged with, now."""
    if practice_only:
        return ReviewMode.PRACTICE
    state = service.store.state(ref)
    if state is None:
        return ReviewMode.REVIEW
    now = service.now()
    counted_today = state.last_at >= iso_utc(service.today_start(now))
    if counted_today or not is_due(service.rules, state, now):
        return ReviewMode.PRACTICE
    return ReviewMode.REVIEW


def check_detail(result: CheckResult, hints: int = 0) -> dict[str, Any]:
    """The small summary of a check kept with its answer."""
    detail: dict[str, Any] = {
        "cases_run": result.cases_run,
        "failures": [failure.kind for failure in result.failures],
        "warnings": [warning.kind for warning in result.warnings],
    }
    if hints:
        detail["hints"] = hints
    return detail


def record_check(
    service: StudyService,
    ref: ItemRef,
    exercise: SandboxExercise,
    code: str,
    result: CheckResult,
    *,
    hints: int = 0,
    practice_only: bool = False,
) -> CheckRecord:
    """Log a finished check as a counted answer, as practice, or not at all (see module doc).

    A cancelled check is never logged. Committed before it returns; raises StoreError when
    the database cannot be written (the caller has already shown the verdict).
    """
    if result.cancelled:
        return CheckRecord(None, reason="the check was cancelled")
    if same_code(code, exercise.starter):
        return CheckRecord(None, reason=STARTER_REASON)
    mode = check_mode(service, ref, practice_only=practice_only)
    review = service.record_answer(
        ref,
        ItemKind.SANDBOX,
        result.passed,
        mode=mode,
        detail=check_detail(result, hints),
    )
    return CheckRecord(mode, review, service.outcome(review))
