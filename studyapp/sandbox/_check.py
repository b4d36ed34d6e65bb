"""Checking a submission: build the request, run a child, turn what it did into a verdict.

`WarmChecker` keeps a child started ahead of time (numpy already imported) so a re-check
costs only the judging; `check_submission` is the one-shot form used by the command line.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from typing import Any

from studyapp.errors import SandboxError
from studyapp.model import SandboxCase, SandboxExercise
from studyapp.sandbox._child import Cancel, CaseStarted, Limits, Outcome, SandboxChild
from studyapp.sandbox._result import CheckResult, CheckWarning, Failure


def _case_json(case: SandboxCase) -> dict[str, Any]:
    return {"name": case.name, "params": dict(case.params)}


def effective_timeout(exercise: SandboxExercise, limits: Limits) -> float:
    """The exercise's own timeout if it has one, else the configured one."""
    return exercise.timeout if exercise.timeout is not None else limits.timeout


def build_request(exercise: SandboxExercise, code: str, limits: Limits) -> bytes:
    """The JSON request the harness reads: exercise, submission and limits."""
    request = {
        "entry": exercise.entry,
        "reference": exercise.reference,
        "submission": code,
        "cases": [_case_json(case) for case in exercise.cases],
        "speed_case": _case_json(speed) if (speed := exercise.speed()) else None,
        "rtol": exercise.rtol,
        "atol": exercise.atol,
        "returns": list(exercise.returns),
        "mistakes": [
            {"id": mistake.id, "message": mistake.message, "code": mistake.code}
            for mistake in exercise.known_mistakes()
        ],
        "limits": {
            "cpu_seconds": effective_timeout(exercise, limits),
            "memory_bytes": limits.memory_mb << 20,
            "file_bytes": limits.file_mb << 20,
        },
    }
    return json.dumps(request).encode("utf-8")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _lost_verdict(outcome: Outcome, timeout: float) -> Failure:
    """The failure when the child ended without sending a verdict."""
    case = outcome.last_case
    in_case = f" (in case '{case}')" if case else ""
    code = outcome.returncode
    if outcome.timed_out or code == -signal.SIGXCPU:
        return Failure(
            case,
            "timeout",
            f"your code ran for more than {timeout:g} s{in_case} and was stopped: look for a "
            "loop whose condition never becomes false, or for far more work per step than "
            "the task needs",
        )
    if "MemoryError" in outcome.output or "Cannot allocate memory" in outcome.output:
        return Failure(
            case,
            "memory_limit",
            f"the process ran out of memory{in_case}: look for an array far larger than the "
            "inputs, or a list that keeps growing",
        )
    if code is not None and code < 0:
        how = f"was killed by {_signal_name(-code)}"
    else:
        how = f"ended with exit code {code}"
    return Failure(
        case,
        "crashed",
        f"the process running your code {how}{in_case} before the checker could report a "
        "verdict. Code that ends the interpreter (os._exit, a crash in a C extension) never "
        "passes: let your function return its result",
    )


def verdict(
    exercise: SandboxExercise, outcome: Outcome, seconds: float, timeout: float
) -> CheckResult:
    """Turn what the child did into a CheckResult (raises SandboxError for a broken exercise)."""
    if outcome.error is not None:
        raise SandboxError(f"exercise '{exercise.id}' cannot be checked: {outcome.error}")
    if outcome.cancelled:
        return CheckResult(
            exercise.id,
            False,
            outcome.cases_started,
            seconds,
            output=outcome.output,
            cancelled=True,
        )
    slow = outcome.timed_out or outcome.returncode == -signal.SIGXCPU
    if outcome.result is None and outcome.passed_cases is not None and slow:
        warning = CheckWarning(
            "not_vectorized",
            f"correct on every case, but too slow to finish the large timing case within "
            f"{timeout:g} s: a Python loop over samples or elements is the usual cause; "
            "express it with whole-array operations such as X @ w",
        )
        return CheckResult(
            exercise.id,
            True,
            outcome.passed_cases,
            seconds,
            warnings=(warning,),
            output=outcome.output,
        )
    if outcome.result is None:
        failure = _lost_verdict(outcome, timeout)
        return CheckResult(
            exercise.id, False, outcome.cases_started, seconds, (failure,), output=outcome.output
        )
    failures = tuple(
        Failure(
            case=item.get("case"),
            kind=str(item["kind"]),
            message=str(item["message"]),
            line=item.get("line"),
            fingerprint=item.get("fingerprint"),
        )
        for item in outcome.result.get("failures", [])
    )
    warnings = tuple(
        CheckWarning(str(item["kind"]), str(item["message"]))
        for item in outcome.result.get("warnings", [])
    )
    return CheckResult(
        exercise=exercise.id,
        passed=not failures,
        cases_run=int(outcome.result.get("cases_run", 0)),
        seconds=seconds,
        failures=failures,
        warnings=warnings,
        output=outcome.output,
    )


STARTUP_WAIT = 30.0
"""Default seconds `WarmChecker.wait_ready` waits."""


class WarmChecker:
    """Checks submissions in children started ahead of time.

    `start()` launches a child that imports numpy and then waits; `check()` hands it one
    submission (a child is never reused: each check gets a fresh process) and, unless told
    otherwise, starts the next child straight away so the following check is warm too.
    Safe to call from a worker thread; `close()` kills the waiting child. Use as a context
    manager or call `close()` when the screen goes away.
    """

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._child: SandboxChild | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start a child now (no-op when one is already waiting)."""
        with self._lock:
            if self._child is None and not self._closed:
                self._child = SandboxChild()

    def wait_ready(self, timeout: float = STARTUP_WAIT) -> bool:
        """Block until the waiting child has imported numpy; False if there is none or too slow."""
        with self._lock:
            child = self._child
        return child.wait_ready(timeout) if child is not None else False

    def check(
        self,
        exercise: SandboxExercise,
        code: str,
        *,
        cancel: Cancel | None = None,
        progress: CaseStarted | None = None,
        keep_warm: bool = True,
    ) -> CheckResult:
        """Judge `code` against `exercise`; blocks until the verdict, a limit or `cancel`."""
        start = time.perf_counter()
        with self._lock:
            if self._closed:
                raise SandboxError("the sandbox checker was closed")
            child, self._child = self._child, None
        if child is None:
            child = SandboxChild()
        timeout = effective_timeout(exercise, self.limits)
        try:
            outcome = child.run(
                build_request(exercise, code, self.limits),
                timeout=timeout,
                output_bytes=self.limits.output_bytes,
                cancel=cancel,
                progress=progress,
            )
        finally:
            child.close()
            if keep_warm:
                self.start()
        return verdict(exercise, outcome, time.perf_counter() - start, timeout)

    def close(self) -> None:
        """Kill the waiting child; later checks raise SandboxError."""
        with self._lock:
            self._closed = True
            child, self._child = self._child, None
        if child is not None:
            child.close()

    def __enter__(self) -> WarmChecker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def check_submission(
    exercise: SandboxExercise,
    code: str,
    *,
    limits: Limits | None = None,
    cancel: Cancel | None = None,
    progress: CaseStarted | None = None,
) -> CheckResult:
    """Judge `code` against `exercise` in a fresh child process (cold: numpy is imported)."""
    with WarmChecker(limits) as checker:
        return checker.check(exercise, code, cancel=cancel, progress=progress, keep_warm=False)
