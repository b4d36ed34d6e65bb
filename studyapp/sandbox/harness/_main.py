"""Main loop of the sandbox child: read the request, apply limits, judge, send the result.

The result goes over a private pipe (RESULT_FD), never stdout, so nothing the learner's code
prints can forge a verdict. Progress and the result are JSON lines on that pipe.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import sys
from typing import Any

# Imported before the request arrives, so a warm child has paid for numpy already.
import numpy  # noqa: F401

from ._judge import HarnessError, run_check

_RESERVE_BYTES = 8 << 20
"""Memory held back and released on MemoryError, so the verdict can still be written."""


class Channel:
    """Writes JSON lines to the result pipe."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, message: dict[str, Any]) -> None:
        """Write one message (blocking until all of it is written)."""
        data = (json.dumps(message) + "\n").encode("utf-8")
        while data:
            written = os.write(self.fd, data)
            data = data[written:]


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


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
        # e.g. RLIMIT_AS on macOS cannot be set: the wall clock still guards.
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
    # Writing past the file limit then fails with an OSError instead of killing the child.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def main(argv: list[str]) -> int:
    """Serve one check: argv is [REQUEST_FD, RESULT_FD]."""
    request_fd, result_fd = int(argv[0]), int(argv[1])
    os.set_inheritable(result_fd, False)
    channel = Channel(result_fd)
    channel.send({"type": "ready"})
    data = _read_all(request_fd)
    os.close(request_fd)
    if not data:  # the parent went away before sending a check
        return 0
    request = json.loads(data)
    reserve: bytearray | None = bytearray(_RESERVE_BYTES)
    apply_limits(request["limits"])
    try:
        result = run_check(request, channel.send)
    except HarnessError as error:
        channel.send({"type": "error", "message": str(error)})
        return 0
    except MemoryError:
        reserve = None
        failure = {
            "case": None,
            "kind": "memory_limit",
            "line": None,
            "fingerprint": None,
            "message": "the check ran out of memory: look for an array far larger "
            "than the inputs, or a list that keeps growing",
        }
        result = {"type": "result", "cases_run": 0, "failures": [failure], "warnings": []}
    del reserve
    # Flush the learner's output first, so the parent has all of it once the verdict arrives,
    # then leave without interpreter teardown (numpy's takes longer than the check).
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    channel.send(result)
    os._exit(0)
