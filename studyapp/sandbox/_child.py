"""Starting and driving one sandbox child process (parent side: never imports numpy).

The child is `python -I harness/_boot.py REQUEST_FD RESULT_FD` in a fresh temporary folder,
with a scrubbed environment, one BLAS thread and its own session (so its whole process
group can be killed). The request goes down one private pipe, progress and the verdict come
back up another; stdout and stderr are merged into a third and capped to head and tail.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studyapp.errors import SandboxError
from studyapp.sandbox._output import HeadTail

HARNESS_BOOT = Path(__file__).resolve().with_name("harness") / "_boot.py"
"""The script the child runs."""

STARTUP_LIMIT = 30.0
"""Seconds a child may take to import numpy before the check gives up."""
RESULT_GRACE = 1.0
"""Seconds to wait for the child to exit (and its output to end) after the verdict."""
_POLL = 0.05
"""Seconds between looks at the cancel hook."""

CaseStarted = Callable[[int, int, str], None]
"""Called as progress(done, total, case_name) when the child starts a case."""
Cancel = threading.Event | Callable[[], bool]
"""Something that says whether to stop: an Event (is_set) or a function."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits of one check."""

    timeout: float = 10.0
    """Wall-clock seconds for judging (the `sandbox_timeout` setting; an exercise's own
    `timeout` wins). The CPU-time limit is the same number of seconds."""
    memory_mb: int = 1024
    """Address space the code may add beyond the child's start-up size, in MiB."""
    file_mb: int = 16
    """Largest file the code may write, in MiB."""
    output_bytes: int = 16384
    """Output kept (half head, half tail); the rest is counted and dropped."""


@dataclass
class Outcome:
    """Everything the parent saw of one child run."""

    result: dict[str, Any] | None = None
    """The harness's `result` message, if it arrived."""
    error: str | None = None
    """The harness's `error` message (a broken exercise), if it arrived."""
    passed_cases: int | None = None
    """Set when every case passed and only the speed case was left to run."""
    returncode: int | None = None
    """Exit status (negative: killed by that signal)."""
    timed_out: bool = False
    """The wall-clock limit ran out before a verdict."""
    cancelled: bool = False
    """The cancel hook fired before a verdict."""
    last_case: str | None = None
    """The case the child reported starting last."""
    cases_started: int = 0
    """How many cases the child reported starting."""
    output: str = ""
    """Captured stdout+stderr, capped."""
    messages: list[dict[str, Any]] = field(default_factory=list)
    """Every message received, in order (for tests and debugging)."""


def _child_env(workdir: str) -> dict[str, str]:
    """A scrubbed environment: nothing of the user's but a minimal PATH."""
    one = "1"
    return {
        "PATH": os.defpath,
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": one,
        "OMP_NUM_THREADS": one,
        "MKL_NUM_THREADS": one,
        "NUMEXPR_NUM_THREADS": one,
        "VECLIB_MAXIMUM_THREADS": one,
    }


def _discard(pid: int, workdir: str) -> None:
    """Kill a child's process group and remove its folder (also run at interpreter exit)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    shutil.rmtree(workdir, ignore_errors=True)


def _is_cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


class SandboxChild:
    """One child process, started at construction, used for exactly one check."""

    def __init__(self) -> None:
        self.workdir = tempfile.mkdtemp(prefix="studyapp-sandbox-")
        request_read, self.request_fd = os.pipe()
        self.result_fd, result_write = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", str(HARNESS_BOOT), str(request_read), str(result_write)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=(request_read, result_write),
                cwd=self.workdir,
                env=_child_env(self.workdir),
                start_new_session=True,
            )
        except OSError as error:
            os.close(self.request_fd)
            os.close(self.result_fd)
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise SandboxError(f"could not start the sandbox process: {error}") from None
        finally:
            os.close(request_read)
            os.close(result_write)
        self.ready = False
        self._closed = False
        # A waiting child left behind by a front end that never called close() is still
        # killed, and its folder removed, when this object goes or the interpreter exits.
        self._finalizer = weakref.finalize(self, _discard, self.process.pid, self.workdir)

    def run(
        self,
        request: bytes,
        *,
        timeout: float,
        output_bytes: int,
        cancel: Cancel | None = None,
        progress: CaseStarted | None = None,
    ) -> Outcome:
        """Send `request`, collect messages and output until the verdict or a limit."""
        outcome = Outcome()
        capture = HeadTail(output_bytes)
        assert self.process.stdout is not None
        output_fd = self.process.stdout.fileno()
        os.set_blocking(self.request_fd, False)
        selector = selectors.DefaultSelector()
        selector.register(self.request_fd, selectors.EVENT_WRITE, "request")
        selector.register(output_fd, selectors.EVENT_READ, "output")
        selector.register(self.result_fd, selectors.EVENT_READ, "result")
        pending = memoryview(request)
        buffer = b""
        start = time.monotonic()
        deadline = start + timeout if self.ready else start + STARTUP_LIMIT
        try:
            while len(selector.get_map()) > (1 if pending else 0):
                now = time.monotonic()
                if _is_cancelled(cancel):
                    outcome.cancelled = True
                    break
                if now >= deadline:
                    outcome.timed_out = outcome.result is None and outcome.error is None
                    break
                for key, _ in selector.select(min(_POLL, deadline - now)):
                    fd = int(key.fd)
                    if key.data == "request":
                        try:
                            pending = pending[os.write(fd, pending[: 1 << 16]) :]
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:
                            pending = pending[:0]
                        if not pending:
                            selector.unregister(fd)
                            os.close(fd)
                            self.request_fd = -1
                        continue
                    data = os.read(fd, 1 << 16)
                    if not data:
                        selector.unregister(fd)
                    elif key.data == "output":
                        capture.feed(data)
                    else:
                        buffer += data
                        *lines, buffer = buffer.split(b"\n")
                        for line in lines:
                            deadline = self._handle(line, outcome, progress, deadline, timeout)
        finally:
            selector.close()
            self.close()
        outcome.returncode = self.process.returncode
        outcome.output = capture.text()
        return outcome

    def _handle(
        self,
        line: bytes,
        outcome: Outcome,
        progress: CaseStarted | None,
        deadline: float,
        timeout: float,
    ) -> float:
        """Act on one message from the child; returns the (possibly moved) deadline."""
        try:
            message = json.loads(line)
        except ValueError:
            return deadline
        outcome.messages.append(message)
        kind = message.get("type")
        now = time.monotonic()
        if kind == "ready":
            self.ready = True
            return now + timeout
        if kind == "progress":
            outcome.last_case = str(message.get("case"))
            outcome.cases_started = int(message.get("done", 0)) + 1
            if progress is not None:
                progress(
                    int(message.get("done", 0)), int(message.get("total", 0)), outcome.last_case
                )
        elif kind == "passed_cases":
            outcome.passed_cases = int(message.get("cases_run", 0))
        elif kind == "result":
            outcome.result = message
            return min(deadline, now + RESULT_GRACE)
        elif kind == "error":
            outcome.error = str(message.get("message"))
            return min(deadline, now + RESULT_GRACE)
        return deadline

    def wait_ready(self, timeout: float) -> bool:
        """Block until the child has imported numpy (used by benchmarks and tests)."""
        deadline = time.monotonic() + timeout
        buffer = b""
        while not self.ready and time.monotonic() < deadline:
            import select

            readable, _, _ = select.select([self.result_fd], [], [], deadline - time.monotonic())
            if not readable:
                break
            data = os.read(self.result_fd, 1)
            if not data:
                break
            buffer += data
            if buffer.endswith(b"\n"):
                self.ready = b'"ready"' in buffer
                buffer = b""
        return self.ready

    def close(self) -> None:
        """Kill the child's whole process group and release its pipes and folder."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self._finalizer.detach()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for fd in (self.request_fd, self.result_fd):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        if self.process.stdout is not None:
            self.process.stdout.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
