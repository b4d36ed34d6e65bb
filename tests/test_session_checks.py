"""Sandbox checks count like answers: once a day when due, practice otherwise, never the starter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from studyapp.model import ItemRef, ReviewMode, SandboxExercise
from studyapp.sandbox import CheckResult, Failure, FailureKind
from studyapp.session import StudyService
from studyapp.store import ProgressStore
from tests.test_session import Clock

DAY1 = datetime(2026, 4, 1, 10, tzinfo=UTC)
REF = ItemRef("gd-coding", "gradient")
EXERCISE = SandboxExercise(
    "gradient",
    "The gradient",
    "Write it.",
    "compute_gradient",
    starter="def compute_gradient(X, y, w, b):\n    return None\n",
    reference="def compute_gradient(X, y, w, b):\n    return 1\n",
)
PASS = CheckResult("gradient", True, 7, 0.1)
FAIL = CheckResult(
    "gradient", False, 7, 0.1, failures=(Failure("a case", FailureKind.WRONG_VALUE, "differs"),)
)


def service(tmp_path: Path, clock: Clock) -> StudyService:
    return StudyService(ProgressStore(tmp_path / "p.sqlite3"), clock_fn=clock)


def test_first_check_of_a_new_exercise_counts_and_later_ones_that_day_are_practice(
    tmp_path: Path,
) -> None:
    clock = Clock(DAY1)
    progress = service(tmp_path, clock)
    first = progress.record_check(REF, EXERCISE, "my code", FAIL)
    assert first.counted and first.recorded == "review"
    assert first.text == "Counted: New → box 1 of 5, next review tomorrow"
    clock.advance(minutes=5)
    second = progress.record_check(REF, EXERCISE, "fixed code", PASS)
    assert second.recorded == "practice" and not second.counted
    assert second.text == "Practice: stays in box 1"
    assert progress.status(REF).box == 1
    modes = [review.mode for review in progress.store.reviews(REF)]
    assert modes == [ReviewMode.REVIEW, ReviewMode.PRACTICE]


def test_three_passes_on_one_day_move_the_box_once(tmp_path: Path) -> None:
    clock = Clock(DAY1)
    progress = service(tmp_path, clock)
    for _ in range(3):
        progress.record_check(REF, EXERCISE, "right", PASS)
        clock.advance(minutes=1)
    assert progress.status(REF).box == 2


def test_a_check_counts_again_once_the_exercise_is_due(tmp_path: Path) -> None:
    clock = Clock(DAY1)
    progress = service(tmp_path, clock)
    progress.record_check(REF, EXERCISE, "right", PASS)  # new -> box 2, due in 2 days
    clock.advance(days=1)
    assert progress.record_check(REF, EXERCISE, "right", PASS).recorded == "practice"
    clock.advance(days=1)
    record = progress.record_check(REF, EXERCISE, "right", PASS)
    assert record.counted
    assert record.text.startswith("Counted: Box 2 → 3 of 5")


def test_the_untouched_starter_is_not_logged(tmp_path: Path) -> None:
    progress = service(tmp_path, Clock(DAY1))
    record = progress.record_check(REF, EXERCISE, EXERCISE.starter + "\n\n   \n", FAIL)
    assert record.recorded is None
    assert record.text == "Not recorded: this is the starter code, unchanged"
    assert progress.store.reviews() == []


def test_a_cancelled_check_is_not_logged(tmp_path: Path) -> None:
    progress = service(tmp_path, Clock(DAY1))
    cancelled = CheckResult("gradient", False, 2, 0.3, cancelled=True)
    assert progress.record_check(REF, EXERCISE, "code", cancelled).recorded is None
    assert progress.store.reviews() == []


def test_practice_only_never_moves_a_box_and_hints_are_kept(tmp_path: Path) -> None:
    progress = service(tmp_path, Clock(DAY1))
    record = progress.record_check(REF, EXERCISE, "code", PASS, hints=2, practice_only=True)
    assert record.recorded == "practice" and record.text == "Practice: still new"
    review = progress.store.reviews(REF)[0]
    assert review.detail is not None and review.detail["hints"] == 2
