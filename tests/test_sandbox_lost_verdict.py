"""How the app names a learner process that ended without answering: the words a learner reads."""

from __future__ import annotations

import signal

from studyapp.sandbox import FailureKind
from studyapp.sandbox._check import _lost_verdict


def test_running_out_of_cpu_time_is_a_timeout_not_a_crash() -> None:
    # RLIMIT_CPU ends the learner with SIGXCPU: that is the time limit, said as such.
    failure = _lost_verdict({"returncode": -signal.SIGXCPU, "case": "a small batch"}, "", 2.0)
    assert failure.kind == FailureKind.TIMEOUT
    assert "more than 2 s (in case 'a small batch')" in failure.message


def test_a_wall_clock_stop_is_a_timeout() -> None:
    failure = _lost_verdict({"timed_out": True}, "", 10.0)
    assert failure.kind == FailureKind.TIMEOUT and failure.case is None


def test_other_signals_are_named() -> None:
    failure = _lost_verdict({"returncode": -signal.SIGSEGV, "case": "x"}, "", 10.0)
    assert failure.kind == FailureKind.CRASHED and "killed by SIGSEGV" in failure.message


def test_running_out_of_memory_says_so() -> None:
    failure = _lost_verdict({"returncode": 1}, "...MemoryError...", 10.0)
    assert failure.kind == FailureKind.MEMORY_LIMIT
