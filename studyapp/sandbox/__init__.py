"""The sandbox, parent side: check coding exercises in an isolated child process.

Public API (nothing here imports numpy; only the child, `harness/`, does)::

    from studyapp.sandbox import WarmChecker, check_submission, Limits

    result = check_submission(exercise, code)          # one-shot, cold child
    with WarmChecker(Limits(timeout=10)) as checker:   # a screen keeps one of these
        checker.start()                                # child imports numpy in background
        result = checker.check(exercise, code, cancel=event, progress=on_progress)

`check` blocks, so call it from a thread worker; `progress(done, total, case)` is called from
that thread; set the `threading.Event` passed as `cancel` (or return True from a callable) to
stop: the child's process group is killed within about 50 ms and the result has
`cancelled=True`. The result is a `CheckResult` (see `_result.py`).

This guards against mistakes (endless loops, runaway memory, floods of output, a stray
`sys.exit`), not against a hostile user: code in the child runs as the same user.
"""

from __future__ import annotations

from studyapp.sandbox._check import WarmChecker, build_request, check_submission
from studyapp.sandbox._child import Cancel, CaseStarted, Limits
from studyapp.sandbox._result import (
    FAILURE_KINDS,
    WARNING_KINDS,
    CheckResult,
    CheckWarning,
    Failure,
)

__all__ = [
    "FAILURE_KINDS",
    "WARNING_KINDS",
    "Cancel",
    "CaseStarted",
    "CheckResult",
    "CheckWarning",
    "Failure",
    "Limits",
    "WarmChecker",
    "build_request",
    "check_submission",
]
