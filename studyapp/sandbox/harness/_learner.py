"""The learner process: runs only the learner's code on inputs it is given, returns only data.

Forked for the judge by its zygote (see `_spawn`) in a fresh temporary folder with a
scrubbed environment and numpy already imported. It says `ready`, then reads one `check`
frame: the submission, its limits and every case's arguments (as data). It applies
the limits, loads the code and, for each case, sends back what the call returned, the
arguments as they are after the call, the exception or the numeric warnings - never a
verdict. Nothing here is trusted by the judge: whatever this process sends (or fails to
send) is judged as the learner's answer.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
import time
import warnings
from typing import Any

import numpy as np

from ._code import SUBMISSION, CodeFailure, call, load_function
from ._wire import Decoder, Encoder, pack, read_frame, write_all

_RESERVE_BYTES = 8 << 20
"""Memory held back and released on MemoryError, so the answer can still be sent."""


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def apply_limits(limits: dict[str, Any]) -> None:
    """CPU seconds from now, address space beyond what is in use now, file size, no core."""
    import resource

    def limit(kind: int, value: int, hard: int | None = None) -> None:
        # e.g. RLIMIT_AS on macOS cannot be set: the judge's wall clock still guards.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, value if hard is None else hard))

    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(usage.ru_utime + usage.ru_stime + float(limits["cpu_seconds"]))
    limit(resource.RLIMIT_CPU, cpu, cpu + 1)
    size = _virtual_size()
    if size is not None and limits.get("memory_bytes"):
        limit(resource.RLIMIT_AS, size + int(limits["memory_bytes"]))
    limit(resource.RLIMIT_FSIZE, int(limits["file_bytes"]))
    limit(resource.RLIMIT_CORE, 0)
    # Writing past the file limit then fails with an OSError instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict | list):
        return type(value)(value)
    return value


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


class Learner:
    """Sends frames to the judge."""

    def __init__(self, out_fd: int) -> None:
        self.out_fd = out_fd
        self.reserve: bytearray | None = bytearray(_RESERVE_BYTES)

    def send(self, header: dict[str, Any], buffers: list[bytes] | None = None) -> None:
        """Write one frame (blocking)."""
        write_all(self.out_fd, pack(header, buffers))

    def answer(self, index: int, function: Any, args: list[Any]) -> None:
        """Run one case and send what happened."""
        try:
            result = call(function, args, SUBMISSION)
        except CodeFailure as failure:
            if failure.kind == "memory_limit":
                self.reserve = None
            _flush()
            self.send(
                {
                    "type": "case",
                    "index": index,
                    "outcome": "raised",
                    "kind": failure.kind,
                    "message": failure.message,
                    "line": failure.line,
                }
            )
            return
        try:
            encoder = Encoder()
            header = {
                "type": "case",
                "index": index,
                "outcome": "returned",
                "value": encoder.value(result.value),
                "args": [encoder.value(arg) for arg in args],
                "warnings": [[text, line] for text, line in result.warnings],
            }
            frame = pack(header, encoder.buffers)
        except MemoryError:
            self.reserve = None
            frame = pack(
                {
                    "type": "case",
                    "index": index,
                    "outcome": "raised",
                    "kind": "memory_limit",
                    "message": "the returned value was too large to send to the checker",
                    "line": None,
                }
            )
        except BaseException as error:  # a value whose own methods raise
            frame = pack(
                {
                    "type": "case",
                    "index": index,
                    "outcome": "raised",
                    "kind": "wrong_type",
                    "message": "the returned value could not be read as numbers "
                    f"({type(error).__name__}: {error})",
                    "line": None,
                }
            )
        _flush()
        write_all(self.out_fd, frame)

    def time_speed_case(self, function: Any, args: list[Any], slow_after: float) -> None:
        """Time the function on the large case (twice when the first run looks slow)."""
        best: float | None = None
        for _ in range(2):
            copies = [_copy(arg) for arg in args]
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    start = time.perf_counter()
                    function(*copies)
                    took = time.perf_counter() - start
            except BaseException:
                break
            best = took if best is None else min(best, took)
            if took <= slow_after:
                break
        _flush()
        self.send({"type": "speed", "seconds": best})


def serve(in_fd: int, out_fd: int) -> int:
    """Serve one check on the given pipe ends (the process was forked by the zygote)."""
    os.set_inheritable(in_fd, False)
    os.set_inheritable(out_fd, False)
    learner = Learner(out_fd)
    learner.send({"type": "ready", "pid": os.getpid()})
    header, buffers = read_frame(in_fd)
    os.close(in_fd)
    if header.get("type") != "check":
        return 0
    decoder = Decoder(buffers)
    cases = [[decoder.value(arg) for arg in case] for case in header["cases"]]
    speed = header.get("speed")
    speed_args = [decoder.value(arg) for arg in speed["args"]] if speed else None
    del buffers, decoder
    apply_limits(header["limits"])
    try:
        function = load_function(header["code"], SUBMISSION, header["entry"])
    except CodeFailure as failure:
        _flush()
        learner.send(
            {
                "type": "load_failed",
                "kind": failure.kind,
                "message": failure.message,
                "line": failure.line,
            }
        )
        os._exit(0)
    learner.send({"type": "loaded"})
    for index, args in enumerate(cases):
        learner.answer(index, function, args)
    if speed is not None and speed_args is not None:
        learner.time_speed_case(function, speed_args, float(speed["slow_after"]))
    _flush()
    learner.send({"type": "done"})
    # No interpreter teardown: numpy's takes longer than the check.
    os._exit(0)
