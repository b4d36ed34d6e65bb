"""The sandbox, parent side: check coding exercises in processes of their own.

Three roles: this app process (never imports numpy), a judge process that generates the
inputs, runs the reference and decides, and a learner process that runs only the learner's
code and returns only data (see docs/sandbox.md for what that does and does not guarantee).

Public API (nothing here imports numpy; only the processes in `harness/` do)::

    from studyapp.sandbox import WarmChecker, check_submission, Limits

    result = check_submission(exercise, code)          # one-shot, cold child
    with WarmChecker(Limits(timeout=10)) as checker:   # a screen keeps one of these
        checker.start()                                # child imports numpy in background
        result = checker.check(exercise, code, cancel=event, progress=on_progress)
    report = train_submission(exercise, code, dataset=..., alpha=..., iters=...)  # a training run

`check` blocks, so call it from a thread worker; `progress(done, total, case)` (a
`CaseStarted`) is called from that thread; set the `threading.Event` passed as `cancel` (or
return True from a callable) to stop: the judge and the learner are killed and the result
has `cancelled=True`. The result is a `CheckResult` (see `_result.py`).
"""

from __future__ import annotations

from studyapp.sandbox._check import WarmChecker, build_request, check_submission
from studyapp.sandbox._child import MAX_TIMEOUT, MIN_TIMEOUT, Cancel, CaseStarted, Limits
from studyapp.sandbox._result import (
    FAILURE_KINDS,
    WARNING_KINDS,
    CheckResult,
    CheckWarning,
    Failure,
    FailureKind,
)
from studyapp.sandbox._train import train_submission

__all__ = [
    "FAILURE_KINDS",
    "MAX_TIMEOUT",
    "MIN_TIMEOUT",
    "WARNING_KINDS",
    "Cancel",
    "CaseStarted",
    "CheckResult",
    "CheckWarning",
    "Failure",
    "FailureKind",
    "Limits",
    "WarmChecker",
    "build_request",
    "check_submission",
    "train_submission",
]
