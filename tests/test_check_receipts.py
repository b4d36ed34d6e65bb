"""What a check that was not logged says, and the mode the next check would be logged with."""

from __future__ import annotations

from pathlib import Path

from studyapp.model import ReviewMode
from studyapp.sandbox import CheckResult
from studyapp.session import CheckRecord, check_mode
from tests.test_session import Clock
from tests.test_session_checks import DAY1, EXERCISE, PASS, REF, service


def test_a_cancelled_check_says_why_it_was_not_recorded(tmp_path: Path) -> None:
    progress = service(tmp_path, Clock(DAY1))
    cancelled = CheckResult("gradient", False, 2, 0.3, cancelled=True)
    record = progress.record_check(REF, EXERCISE, "code", cancelled)
    assert record.text == "Not recorded: the check was cancelled"
    assert CheckRecord(None).text == "Not recorded"


def test_the_mode_of_the_next_check_counts_for_a_new_exercise(tmp_path: Path) -> None:
    clock = Clock(DAY1)
    progress = service(tmp_path, clock)
    assert check_mode(progress, REF) is ReviewMode.REVIEW
    assert check_mode(progress, REF, practice_only=True) is ReviewMode.PRACTICE
    progress.record_check(REF, EXERCISE, "right", PASS)
    assert check_mode(progress, REF) is ReviewMode.PRACTICE
