"""Starting and driving the judge process (parent side: never imports numpy).

The judge is `python -I harness/_boot.py judge REQUEST_FD RESULT_FD APP_PID` with a scrubbed
environment, one BLAS thread and its own session. It serves checks one JSON line each and
starts one learner process per check; the learner's stdout and stderr share the judge's
output pipe, which is captured here (head and tail). The first line sent is a fresh key:
every message in either direction carries its HMAC, so lines that anyone else writes into
the pipes (learner code can reopen them through /proc/APP_PID/fd) are ignored.

No process outlives a check: the judge kills each learner and everything it started (it is
a child subreaper), the judge gets SIGTERM when the app dies (PR_SET_PDEATHSIG), and SIGTERM
or SIGHUP to the app kills the judges and their learners and removes their folders first.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import math
import os
import queue
import secrets
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
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from studyapp.errors import SandboxError
from studyapp.sandbox._output import HeadTail

HARNESS_BOOT = Path(__file__).resolve().with_name("harness") / "_boot.py"
"""The script the sandbox processes run."""
WORKDIR_PREFIX = "studyapp-sandbox-"
"""Prefix of a learner's temporary folder (kept equal to the harness's by a test)."""

STARTUP_LIMIT = 60.0
"""Seconds the judge and its first learner may take to import numpy."""
JUDGE_GRACE = 10.0
"""Seconds the judge may need beyond the learner's time limit (references, mistakes)."""
MIN_TIMEOUT = 1.0
"""Smallest wall-clock limit of a check, in seconds."""
MAX_TIMEOUT = 600.0
"""Largest wall-clock limit of a check, in seconds."""
_TERM_WAIT = 0.5
"""Seconds the judge gets to clean up after SIGTERM before it is killed."""
_POLL = 0.05
"""Seconds between looks at the cancel hook."""
_MAX_LINE = 8 << 20
"""A longer line on the result pipe is not the judge's: dropped."""

CaseStarted = Callable[[int, int, str], None]
"""Called as progress(done, total, case_name) when the judge starts a case."""
Cancel = threading.Event | Callable[[], bool]
"""Something that says whether to stop: an Event (is_set) or a function."""


def check_timeout(seconds: float) -> float:
    """`seconds` if it is a usable check time limit (finite, 1-600 s), else SandboxError."""
    if not isinstance(seconds, int | float) or not math.isfinite(seconds):
        raise SandboxError(f"the sandbox time limit must be a number of seconds, not {seconds}")
    if not MIN_TIMEOUT <= seconds <= MAX_TIMEOUT:
        raise SandboxError(
            f"the sandbox time limit must be between {MIN_TIMEOUT:g} and {MAX_TIMEOUT:g} "
            f"seconds, not {seconds:g}"
        )
    return float(seconds)


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits of one check."""

    timeout: float = 10.0
    """Wall-clock seconds for running the learner's code, 1-600 (the `sandbox_timeout`
    setting; an exercise's own `timeout` wins). The CPU-time limit is the same number."""
    memory_mb: int = 1024
    """Address space the code may add beyond the learner process's start-up size, in MiB."""
    file_mb: int = 16
    """Largest file the code may write, in MiB."""
    output_bytes: int = 16384
    """Output kept (half head, half tail); the rest is counted and dropped."""

    def __post_init__(self) -> None:
        check_timeout(self.timeout)


@dataclass
class Outcome:
    """Everything the parent saw of one check."""

    result: dict[str, Any] | None = None
    """The judge's `result` message, if it arrived."""
    error: str | None = None
    """The judge's `error` message (a broken exercise), if it arrived."""
    passed_cases: int | None = None
    """Set when every case passed and only the speed case was left to run."""
    returncode: int | None = None
    """The judge's exit status when it ended without a verdict (negative: a signal)."""
    judge_died: bool = False
    """The judge ended before sending a verdict."""
    hung: bool = False
    """The judge sent no verdict in time (its own time limits did not fire)."""
    declined: bool = False
    """The judge ended or said it could not start a learner before taking up the check:
    another judge may take it."""
    cancelled: bool = False
    """The cancel hook fired before a verdict."""
    last_case: str | None = None
    """The case the judge reported starting last."""
    cases_started: int = 0
    """How many cases the judge reported starting."""
    output: str = ""
    """Captured stdout+stderr of the learner, capped."""
    messages: list[dict[str, Any]] = field(default_factory=list)
    """Every authenticated message received, in order (for tests and debugging)."""


def _judge_env() -> dict[str, str]:
    """A scrubbed environment: nothing of the user's but a minimal PATH and the temp folder."""
    one = "1"
    return {
        "PATH": os.defpath,
        "TMPDIR": tempfile.gettempdir(),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": one,
        "OMP_NUM_THREADS": one,
        "MKL_NUM_THREADS": one,
        "NUMEXPR_NUM_THREADS": one,
        "VECLIB_MAXIMUM_THREADS": one,
    }


def _is_cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def _remove_workdir(path: str | None) -> None:
    """Remove a learner folder the judge reported, if it is one of ours."""
    if not path:
        return
    folder = Path(path)
    if folder.name.startswith(WORKDIR_PREFIX) and folder.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(folder, ignore_errors=True)


def _kill_all(judge_pid: int, learner: list[Any]) -> None:
    """Stop a judge (SIGTERM so it can clean up, then SIGKILL) and its current learner."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(judge_pid, signal.SIGTERM)
    deadline = time.monotonic() + _TERM_WAIT
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(judge_pid, os.WNOHANG)
        except ChildProcessError:
            break
        if done:
            break
        time.sleep(0.01)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(judge_pid, signal.SIGKILL)
    if learner[0] is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(learner[0], signal.SIGKILL)
    _remove_workdir(learner[1])


# -- processes are started from threads that live as long as the app ---------------------
# PR_SET_PDEATHSIG fires when the *thread* that started the child ends, so a judge started
# from a short-lived worker thread would be told its parent died. Judges are therefore
# started from the main thread or from one long-lived spawner thread.

_spawn_queue: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
_spawner_lock = threading.Lock()
_spawner: threading.Thread | None = None


def _spawner_loop() -> None:
    while True:
        job, future = _spawn_queue.get()
        try:
            future.set_result(job())
        except BaseException as error:
            future.set_exception(error)


def _in_long_lived_thread(job: Callable[[], Any]) -> Any:
    global _spawner
    if threading.current_thread() is threading.main_thread():
        return job()
    with _spawner_lock:
        if _spawner is None:
            _spawner = threading.Thread(
                target=_spawner_loop, name="studyapp-sandbox-spawner", daemon=True
            )
            _spawner.start()
    future: Future[Any] = Future()
    _spawn_queue.put((job, future))
    return future.result()


# -- SIGTERM / SIGHUP to the app: kill the sandbox processes first --------------------------

_live: weakref.WeakSet[JudgeProcess] = weakref.WeakSet()
_handled: dict[int, Any] = {}


def _on_signal(signum: int, frame: FrameType | None) -> None:
    for judge in list(_live):
        judge.kill()
    previous = _handled.get(signum, signal.SIG_DFL)
    if callable(previous):
        previous(signum, frame)
    elif previous == signal.SIG_DFL:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


def _install_signal_handlers() -> None:
    """Once, from the main thread: SIGTERM/SIGHUP clean up the sandbox, then act as before."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signum in _handled:
            continue
        current = signal.getsignal(signum)
        if current == signal.SIG_IGN:
            continue
        _handled[signum] = current
        signal.signal(signum, _on_signal)


class JudgeProcess:
    """The judge process, started at construction; serves checks until closed."""

    def __init__(self) -> None:
        key = secrets.token_bytes(32)
        request_read, self.request_fd = os.pipe()
        self.result_fd, result_write = os.pipe()

        def spawn() -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                [
                    sys.executable,
                    "-I",
                    str(HARNESS_BOOT),
                    "judge",
                    str(request_read),
                    str(result_write),
                    str(os.getpid()),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=(request_read, result_write),
                cwd=tempfile.gettempdir(),
                env=_judge_env(),
                start_new_session=True,
            )

        try:
            self.process = _in_long_lived_thread(spawn)
        except OSError as error:
            os.close(self.request_fd)
            os.close(self.result_fd)
            raise SandboxError(f"could not start the sandbox process: {error}") from None
        finally:
            os.close(request_read)
            os.close(result_write)
        self._key = key
        os.write(self.request_fd, key.hex().encode("ascii") + b"\n")
        self.ready = False
        self.broken = False
        self.closed = False
        self._buffer = b""
        self._checks = 0
        # [pid, workdir] of the judge's current learner, shared with the finalizer.
        self._learner: list[Any] = [None, None]
        _live.add(self)
        _install_signal_handlers()
        # A judge left behind by a front end that never called close() is still killed,
        # with its learner, when this object goes or the interpreter exits.
        self._finalizer = weakref.finalize(self, _kill_all, self.process.pid, self._learner)

    @property
    def pid(self) -> int:
        """The judge's process id."""
        return int(self.process.pid)

    def _messages(self, data: bytes) -> list[dict[str, Any]]:
        """Authenticated messages completed by `data` (anything else is dropped)."""
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        if len(self._buffer) > _MAX_LINE:
            self._buffer = b""
        found = []
        for line in lines:
            mac, _, body = line.partition(b" ")
            expected = hmac.new(self._key, body, hashlib.sha256).hexdigest().encode("ascii")
            if not hmac.compare_digest(mac, expected):
                continue
            try:
                message = json.loads(body)
            except ValueError:
                continue
            if isinstance(message, dict):
                found.append(message)
        return found

    def _note(self, message: dict[str, Any]) -> None:
        """Act on a message that belongs to no check (learner started, ready)."""
        kind = message.get("type")
        if kind == "learner":
            self._learner[0] = message.get("pid")
            self._learner[1] = message.get("workdir")
        elif kind == "ready":
            self.ready = True
        elif kind == "not_ready":  # it could not start a learner, and is leaving
            self.ready = True
            self.broken = True

    def usable(self) -> bool:
        """Whether the judge can take a check (messages already waiting are read first)."""
        if self.closed or self.process.poll() is not None:
            return False
        while not self.broken:
            readable = selectors.DefaultSelector()
            readable.register(self.result_fd, selectors.EVENT_READ)
            try:
                if not readable.select(0):
                    break
            finally:
                readable.close()
            data = os.read(self.result_fd, 1 << 16)
            if not data:
                return False
            for message in self._messages(data):
                self._note(message)
        return not self.broken

    def wait_ready(self, timeout: float) -> bool:
        """Block until the judge and its learner have imported numpy."""
        deadline = time.monotonic() + timeout
        while not self.ready and not self.closed:
            wait = deadline - time.monotonic()
            if wait <= 0:
                break
            readable = selectors.DefaultSelector()
            readable.register(self.result_fd, selectors.EVENT_READ)
            try:
                if not readable.select(wait):
                    break
            finally:
                readable.close()
            data = os.read(self.result_fd, 1 << 16)
            if not data:
                break
            for message in self._messages(data):
                self._note(message)
        return self.ready

    def run(
        self,
        request: dict[str, Any],
        *,
        timeout: float,
        output_bytes: int,
        cancel: Cancel | None = None,
        progress: CaseStarted | None = None,
    ) -> Outcome:
        """Send one check, collect messages and output until the verdict or a limit."""
        self._checks += 1
        check = self._checks
        outcome = Outcome()
        capture = HeadTail(output_bytes)
        assert self.process.stdout is not None
        output_fd = self.process.stdout.fileno()
        body = json.dumps({**request, "type": "check", "check": check}).encode("utf-8")
        mac = hmac.new(self._key, body, hashlib.sha256).hexdigest().encode("ascii")
        # Requests carry the MAC too (learner code can write into this pipe through /proc);
        # the leading newline ends any partial line someone else left in it.
        pending = memoryview(b"\n" + mac + b" " + body + b"\n")
        os.set_blocking(self.request_fd, False)
        selector = selectors.DefaultSelector()
        selector.register(self.request_fd, selectors.EVENT_WRITE, "request")
        selector.register(output_fd, selectors.EVENT_READ, "output")
        selector.register(self.result_fd, selectors.EVENT_READ, "result")
        start = time.monotonic()
        budget = timeout + JUDGE_GRACE + timeout
        deadline = start + (budget if self.ready else STARTUP_LIMIT + budget)
        finished = False
        try:
            while not finished:
                now = time.monotonic()
                if _is_cancelled(cancel):
                    outcome.cancelled = True
                    break
                if now >= deadline:
                    outcome.hung = True
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
                        continue
                    data = os.read(fd, 1 << 16)
                    if not data:
                        selector.unregister(fd)
                        if key.data == "result":
                            outcome.judge_died = True
                            finished = True
                    elif key.data == "output":
                        capture.feed(data)
                    else:
                        for message in self._messages(data):
                            finished = self._handle(message, check, outcome, progress) or finished
        finally:
            selector.close()
        if outcome.judge_died:
            with contextlib.suppress(subprocess.TimeoutExpired):
                outcome.returncode = self.process.wait(timeout=1)
            started = any(message.get("check") == check for message in outcome.messages)
            outcome.declined = outcome.declined or not started
        if outcome.cancelled or outcome.hung or outcome.judge_died or outcome.declined:
            self.kill()
        self._drain(output_fd, capture)
        outcome.output = capture.text()
        return outcome

    def _drain(self, fd: int, capture: HeadTail) -> None:
        """Read what is left in the output pipe (the learner is dead; nothing more comes)."""
        if self.process.stdout is None or self.process.stdout.closed:
            return
        os.set_blocking(fd, False)
        with contextlib.suppress(BlockingIOError, OSError):
            while data := os.read(fd, 1 << 16):
                capture.feed(data)
        os.set_blocking(fd, True)

    def _handle(
        self,
        message: dict[str, Any],
        check: int,
        outcome: Outcome,
        progress: CaseStarted | None,
    ) -> bool:
        """Act on one message from the judge; True when it ends the check."""
        outcome.messages.append(message)
        kind = message.get("type")
        if kind in ("learner", "ready", "not_ready"):
            self._note(message)
            if self.broken:
                outcome.declined = True
                return True
            return False
        if message.get("check") != check:
            return False
        if kind == "progress":
            outcome.last_case = str(message.get("case"))
            outcome.cases_started = int(message.get("done", 0)) + 1
            if progress is not None:
                progress(
                    int(message.get("done", 0)), int(message.get("total", 0)), outcome.last_case
                )
        elif kind == "passed_cases":
            outcome.passed_cases = int(message.get("cases_run", 0))
        elif kind in ("result", "error"):
            if kind == "result":
                outcome.result = message
            else:
                outcome.error = str(message.get("message"))
            # The judge has killed that learner: never signal its (reusable) pid again.
            self._learner[0] = self._learner[1] = None
            self.ready = False
            return True
        return False

    def kill(self) -> None:
        """Stop the judge and its learner now (also from a signal handler)."""
        if self.closed:
            return
        self.closed = True
        self._finalizer.detach()
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=_TERM_WAIT)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self._learner[0] is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._learner[0], signal.SIGKILL)
        _remove_workdir(self._learner[1])

    def close(self) -> None:
        """Stop the judge and its learner and release the pipes."""
        self.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for fd in (self.request_fd, self.result_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.request_fd = self.result_fd = -1
        if self.process.stdout is not None:
            self.process.stdout.close()
        _live.discard(self)
