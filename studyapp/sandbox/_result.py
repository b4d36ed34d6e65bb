"""What a sandbox check returns: failures and warnings with a fixed vocabulary of kinds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class FailureKind(StrEnum):
    """Why a submission failed, in the order the checks run (values are the JSON words)."""

    SYNTAX_ERROR = "syntax_error"
    MISSING_FUNCTION = "missing_function"
    EXCEPTION = "exception"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    CRASHED = "crashed"
    WRONG_TYPE = "wrong_type"
    WRONG_SHAPE = "wrong_shape"
    NOT_FINITE = "not_finite"
    NUMERIC_WARNING = "numeric_warning"
    MUTATED_INPUT = "mutated_input"
    WRONG_VALUE = "wrong_value"


FAILURE_KINDS: tuple[str, ...] = tuple(kind.value for kind in FailureKind)
"""Every failure kind, in the order the checks run."""

WARNING_KINDS: tuple[str, ...] = ("not_vectorized",)
"""Every warning kind (a warning never fails a check)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a submission failed one case (or failed before any case ran)."""

    case: str | None
    """Name of the case, or None for the whole submission (syntax error, crash ...)."""
    kind: FailureKind
    """What kind of failure (a StrEnum: compares equal to its JSON word)."""
    message: str
    """What went wrong, with the case's inputs and expected vs got (plain text)."""
    line: int | None = None
    """Line in the learner's code, for syntax errors, exceptions and warnings."""
    fingerprint: str | None = None
    """Id of the known mistake the output matches ("forgot-mean"), if any."""

    def as_json(self) -> dict[str, Any]:
        """The `failures` entry of `sandbox check --json`."""
        return {
            "case": self.case,
            "kind": str(self.kind),
            "message": self.message,
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class CheckWarning:
    """Something worth knowing about a passing submission."""

    kind: str
    """One of WARNING_KINDS."""
    message: str
    """Plain-text explanation."""

    def as_json(self) -> dict[str, Any]:
        """The `warnings` entry of `sandbox check --json`."""
        return {"kind": self.kind, "message": self.message}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The verdict on one submission."""

    exercise: str
    """Id of the exercise checked."""
    passed: bool
    """True when every case passed (warnings allowed)."""
    cases_run: int
    """Cases the submission was run on."""
    seconds: float
    """Wall time of the whole check, child start-up included when it was not warm."""
    failures: tuple[Failure, ...] = ()
    """One entry per failing case (or one for the whole submission)."""
    warnings: tuple[CheckWarning, ...] = ()
    """Warnings; they do not fail the check."""
    output: str = ""
    """What the code printed (stdout and stderr), capped to its head and tail."""
    cancelled: bool = False
    """True when the check was cancelled before a verdict (passed is then False)."""

    def as_json(self) -> dict[str, Any]:
        """The exact object `sandbox check --json` prints."""
        return {
            "exercise": self.exercise,
            "passed": self.passed,
            "cases_run": self.cases_run,
            "seconds": round(self.seconds, 4),
            "failures": [failure.as_json() for failure in self.failures],
            "warnings": [warning.as_json() for warning in self.warnings],
        }
