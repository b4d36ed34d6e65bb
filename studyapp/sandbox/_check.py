"""Checking a submission: build the request, ask the judge, turn its answer into a verdict.

`WarmChecker` keeps a judge process and a learner process started ahead of time (numpy
already imported in both) so a re-check costs only the judging; `check_submission` is the
one-shot form used by the command line.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

from studyapp.errors import SandboxError
from studyapp.model import SandboxCase, SandboxExercise
from studyapp.sandbox._child import (
    Cancel,
    CaseStarted,
    JudgeProcess,
    Limits,
    Outcome,
    check_timeout,
)
from studyapp.sandbox._result import CheckResult, CheckWarning, Failure, FailureKind


def _case_json(case: SandboxCase) -> dict[str, Any]:
    return {"name": case.name, "params": dict(case.params)}


def effective_timeout(exercise: SandboxExercise, limits: Limits) -> float:
    """The exercise's own timeout if it has one, else the configured one (1-600 s)."""
    return check_timeout(exercise.timeout if exercise.timeout is not None else limits.timeout)


def build_request(
    exercise: SandboxExercise, code: str, limits: Limits, *, keep_warm: bool = True
) -> dict[str, Any]:
    """The request the judge reads: exercise, submission and limits."""
    timeout = effective_timeout(exercise, limits)
    return {
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
        "timeout": timeout,
        "limits": {
            "cpu_seconds": timeout,
            "memory_bytes": limits.memory_mb << 20,
            "file_bytes": limits.file_mb << 20,
        },
        "keep_warm": keep_warm,
    }


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _lost_verdict(lost: dict[str, Any], output: str, timeout: float) -> Failure:
    """The failure when the learner process ended without answering every case."""
    case = lost.get("case")
    case = case if isinstance(case, str) else None
    in_case = f" (in case '{case}')" if case else ""
    code = lost.get("returncode")
    code = code if isinstance(code, int) else None
    if lost.get("timed_out") or code == -signal.SIGXCPU:
        return Failure(
            case,
            FailureKind.TIMEOUT,
            f"your code ran for more than {timeout:g} s{in_case} and was stopped: look for a "
            "loop whose condition never becomes false, or for far more work per step than "
            "the task needs",
        )
    if "MemoryError" in output or "Cannot allocate memory" in output:
        return Failure(
            case,
            FailureKind.MEMORY_LIMIT,
            f"the process ran out of memory{in_case}: look for an array far larger than the "
            "inputs, or a list that keeps growing",
        )
    if code is not None and code < 0:
        how = f"was killed by {_signal_name(-code)}"
    elif code is None:
        how = "stopped answering"
    else:
        how = f"ended with exit code {code}"
    return Failure(
        case,
        FailureKind.CRASHED,
        f"the process running your code {how}{in_case} before the checker could report a "
        "verdict. Code that ends the interpreter (os._exit, a crash in a C extension) never "
        "passes: let your function return its result",
    )


def _kind(value: Any) -> FailureKind:
    """A failure kind from the judge (an unknown one would be a bug: say crashed)."""
    try:
        return FailureKind(value)
    except ValueError:
        return FailureKind.CRASHED


def verdict(
    exercise: SandboxExercise, outcome: Outcome, seconds: float, timeout: float
) -> CheckResult:
    """Turn the judge's answer into a CheckResult (SandboxError when the judge failed)."""
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
    if outcome.hung:
        raise SandboxError(
            f"the sandbox's judge did not answer within {timeout + timeout + 10:g} s "
            f"while checking '{exercise.id}'"
        )
    result = outcome.result
    if result is None and outcome.declined and outcome.returncode in (None, 0):
        raise SandboxError("the sandbox could not start a process to run your code in")
    if result is None:
        code = outcome.returncode
        if code is not None and code < 0:
            # Killed by a signal in the middle of a check: the learner's code (same user)
            # or the kernel's out-of-memory killer; either way no verdict, no pass.
            failure = Failure(
                outcome.last_case,
                FailureKind.CRASHED,
                f"the checker's process was killed by {_signal_name(-code)} while your code "
                "ran: code that signals other processes never passes",
            )
            return CheckResult(
                exercise.id,
                False,
                outcome.cases_started,
                seconds,
                (failure,),
                output=outcome.output,
            )
        tail = outcome.output.strip().splitlines()[-3:]
        raise SandboxError(
            f"the sandbox's judge stopped unexpectedly (exit code {code})"
            + (": " + " / ".join(tail) if tail else "")
        )
    failures = [
        Failure(
            case=item.get("case"),
            kind=_kind(item.get("kind")),
            message=str(item.get("message")),
            line=item.get("line"),
            fingerprint=item.get("fingerprint"),
        )
        for item in result.get("failures", [])
    ]
    lost = result.get("lost")
    if isinstance(lost, dict):
        failures.append(_lost_verdict(lost, outcome.output, timeout))
    warnings = tuple(
        CheckWarning(str(item["kind"]), str(item["message"])) for item in result.get("warnings", [])
    )
    cases_run = int(result.get("cases_run", 0))
    if isinstance(lost, dict):
        cases_run = max(cases_run, outcome.cases_started)
    return CheckResult(
        exercise=exercise.id,
        passed=not failures,
        cases_run=cases_run,
        seconds=seconds,
        failures=tuple(failures),
        warnings=warnings,
        output=outcome.output,
    )


STARTUP_WAIT = 30.0
"""Default seconds `WarmChecker.wait_ready` waits."""


class WarmChecker:
    """Checks submissions with a judge and a learner process started ahead of time.

    `start()` launches the judge, which starts a learner; both import numpy and wait.
    `check()` hands the judge one submission; the judge runs it in that learner (a learner
    is never reused: each check gets a fresh process) and, unless told otherwise, starts the
    next learner straight away so the following check is warm too. The judge itself never
    runs the learner's code, so it serves every check of this checker. Safe to call from a
    worker thread; `close()` kills both processes. Use as a context manager or call
    `close()` when the screen goes away.
    """

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._judge: JudgeProcess | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start the judge now (no-op when one is already waiting)."""
        with self._lock:
            if self._judge is None and not self._closed:
                self._judge = JudgeProcess()

    def wait_ready(self, timeout: float = STARTUP_WAIT) -> bool:
        """Block until the waiting judge and learner have imported numpy; False if too slow."""
        with self._lock:
            judge = self._judge
        return judge.wait_ready(timeout) if judge is not None else False

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
        timeout = effective_timeout(exercise, self.limits)
        with self._lock:
            if self._closed:
                raise SandboxError("the sandbox checker was closed")
            judge, self._judge = self._judge, None
        if judge is not None and not judge.usable():
            judge.close()  # it ended or is leaving while idle: a new one takes the check
            judge = None
        request = build_request(exercise, code, self.limits, keep_warm=keep_warm)
        for attempt in range(2):
            if judge is None:
                judge = JudgeProcess()
            reusable = False
            try:
                outcome = judge.run(
                    request,
                    timeout=timeout,
                    output_bytes=self.limits.output_bytes,
                    cancel=cancel,
                    progress=progress,
                )
                reusable = keep_warm and outcome.result is not None and not judge.closed
            finally:
                if reusable:
                    with self._lock:
                        if self._judge is None and not self._closed:
                            self._judge, judge = judge, None
                if judge is not None:
                    judge.close()
                    judge = None
            if not outcome.declined or attempt:
                break
            # The judge left before taking the check up (learner code of the previous check
            # may have killed what it starts learners from): a new judge takes it.
        if keep_warm and self._judge is None:
            self.start()
        return verdict(exercise, outcome, time.perf_counter() - start, timeout)

    def close(self) -> None:
        """Kill the waiting judge and learner; later checks raise SandboxError."""
        with self._lock:
            self._closed = True
            judge, self._judge = self._judge, None
        if judge is not None:
            judge.close()

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
