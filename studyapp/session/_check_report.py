"""The words of a sandbox check's verdict, shared by `sandbox check` and the coding screen."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.model import SandboxExercise
    from studyapp.sandbox import CheckResult, Failure

FULL_FAILURES = 3
"""Failures printed in full by the text report; the rest get one line each."""


@dataclass(frozen=True, slots=True)
class CaseLine:
    """One case of a check as the results list shows it."""

    name: str
    """The case's name ("your code" for a failure before any case ran)."""
    failure: Failure | None
    """Why it failed, or None when it passed (or did not run)."""
    ran: bool = True
    """False for cases a failure before them kept from running."""

    @property
    def status(self) -> str:
        """"passed", "not run" or the failure kind."""
        if self.failure is not None:
            return self.failure.kind
        return "passed" if self.ran else "not run"


def failure_heading(failure: Failure) -> str:
    """E.g. "case 'a small batch': wrong_value (line 4)"."""
    where = f"case '{failure.case}'" if failure.case else "your code"
    at_line = f" (line {failure.line})" if failure.line else ""
    return f"{where}: {failure.kind}{at_line}"


def case_lines(exercise: SandboxExercise, result: CheckResult) -> list[CaseLine]:
    """One line per case, in the exercise's order; a whole-submission failure comes first."""
    by_case = {failure.case: failure for failure in result.failures if failure.case}
    lines = [CaseLine("your code", f) for f in result.failures if not f.case]
    whole_failed = bool(lines)
    for case in exercise.cases:
        failure = by_case.pop(case.name, None)
        lines.append(CaseLine(case.name, failure, ran=not whole_failed or failure is not None))
    # Failures of cases the exercise does not list (the timing case) still show.
    lines += [CaseLine(name, failure) for name, failure in by_case.items()]
    return lines


def summary_text(result: CheckResult) -> str:
    """The last line of a report: "PASSED: all 7 cases in 0.21 s" or why it failed."""
    failed_cases = sum(1 for failure in result.failures if failure.case)
    if result.cancelled:
        summary = f"CANCELLED after {result.seconds:.2f} s: nothing recorded"
    elif result.passed:
        summary = f"PASSED: all {result.cases_run} cases in {result.seconds:.2f} s"
    elif failed_cases:
        summary = (
            f"FAILED: {failed_cases} of {result.cases_run} cases failed in {result.seconds:.2f} s"
        )
    else:
        summary = f"FAILED: {result.failures[0].kind} after {result.seconds:.2f} s"
    if result.warnings:
        summary += f", {len(result.warnings)} warning(s)"
    return summary


def report_text(exercise: SandboxExercise, result: CheckResult) -> str:
    """The readable report of a check, ending with a one-line summary."""
    lines = [f"{exercise.id}: {exercise.title}"]
    for index, failure in enumerate(result.failures):
        if index >= FULL_FAILURES:
            lines.append(f"  also failed: {failure_heading(failure)}")
            continue
        lines.append(f"  FAILED {failure_heading(failure)}")
        lines.extend("      " + text for text in failure.message.splitlines())
    for warning in result.warnings:
        lines.append(f"  warning: {warning.kind}")
        lines.extend(
            textwrap.wrap(warning.message, 88, initial_indent="      ", subsequent_indent="      ")
        )
    if result.output.strip():
        lines.append("  output of your code (head and tail kept):")
        lines.extend("    | " + text for text in result.output.rstrip("\n").splitlines())
    lines.append(summary_text(result))
    return "\n".join(lines)
