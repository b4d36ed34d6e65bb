"""Main loop of the judge process: serve checks from the app, one fresh learner per check.

Run as `python -I _boot.py judge REQUEST_FD RESULT_FD APP_PID`. Before anything else the
judge makes itself non-dumpable (so same-uid code cannot ptrace it or read its memory and
file descriptors through /proc), asks for SIGTERM when the app dies, and becomes a child
subreaper (so a daemon the learner's code double-forks is reparented here and killed with
the check). The first line on REQUEST_FD is the key that authenticates every message this
process sends back: a learner reopening the app's end of the pipe through /proc can write
lines, but not lines the app accepts; requests from the app carry the same MAC. Before
reading that key the judge imports numpy and forks the zygote its learners are forked from
(see `_spawn`), then serves `check` requests, one JSON line each.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import signal
import sys
import time
import traceback
from typing import Any

from ._procs import (
    PR_SET_CHILD_SUBREAPER,
    PR_SET_DUMPABLE,
    die_with_parent,
    kill_descendants,
    prctl,
)
from ._spawn import LearnerProcess, Zygote

_STARTUP_LIMIT = 60.0
"""Seconds a learner may take to import numpy."""


class Channel:
    """Authenticated JSON lines with the app: `MAC JSON\\n`, MAC = HMAC-SHA256(key, JSON)."""

    def __init__(self, fd: int, key: bytes) -> None:
        self.fd = fd
        self.key = key

    def verify(self, line: bytes) -> dict[str, Any] | None:
        """The message of an authenticated line from the app; None for anything else."""
        mac, _, body = line.partition(b" ")
        expected = hmac.new(self.key, body, hashlib.sha256).hexdigest().encode("ascii")
        if not hmac.compare_digest(mac, expected):
            return None
        try:
            message = json.loads(body)
        except ValueError:
            return None
        return message if isinstance(message, dict) else None

    def send(self, message: dict[str, Any], fresh_line: bool = False) -> None:
        """Write one message; `fresh_line` first ends any partial line others wrote."""
        body = json.dumps(message).encode("utf-8")
        mac = hmac.new(self.key, body, hashlib.sha256).hexdigest()
        data = (b"\n" if fresh_line else b"") + mac.encode("ascii") + b" " + body + b"\n"
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]


class Lines:
    """Reads newline-ended lines from a blocking fd."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def next(self) -> bytes | None:
        """The next line without its newline; None at end of file."""
        while b"\n" not in self.buffer:
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line


class Judge:
    """The judge process's state: its learner and its channel to the app."""

    def __init__(self, channel: Channel, zygote: Zygote) -> None:
        self.channel = channel
        self.zygote = zygote
        self.learner: LearnerProcess | None = None

    def start_learner(self) -> bool:
        """Start the next learner, wait for its `ready`, tell the app its pid and folder."""
        from ._wire import WireError, read_frame

        try:
            self.learner = learner = LearnerProcess.start(self.zygote)
            header, _ = read_frame(learner.from_learner, time.monotonic() + _STARTUP_LIMIT)
        except (OSError, WireError):  # e.g. learner code killed the zygote
            return False
        pid = header.get("pid")
        if header.get("type") != "ready" or type(pid) is not int:
            return False
        learner.pid = pid
        learner.ready = True
        self.channel.send({"type": "learner", "pid": pid, "workdir": learner.workdir})
        return True

    def discard_learner(self) -> None:
        """Kill the learner and everything it started; remove its folder."""
        if self.learner is not None:
            self.learner.discard()
            self.learner = None
        kill_descendants(spare=self.zygote.pid)

    def shut_down(self, signum: int = 0, frame: object = None) -> None:
        """Leave nothing behind (signal handler for SIGTERM/SIGHUP and the app's death)."""
        self.discard_learner()
        kill_descendants()
        os._exit(0)


def _serve(judge: Judge, lines: Lines) -> int:
    from ._judge import HarnessError
    from ._run import run_check

    ready = judge.start_learner()
    judge.channel.send({"type": "ready" if ready else "not_ready"})
    if not ready:  # no learners to be had: the app starts a new judge
        return 0
    last_check = 0
    while True:
        line = lines.next()
        if line is None:  # the app closed the pipe: it is done with us
            judge.discard_learner()
            return 0
        request = judge.channel.verify(line)
        check = request.get("check") if request is not None else None
        if request is None or request.get("type") != "check" or type(check) is not int:
            continue  # not from the app: learner code can write into this pipe via /proc
        if check <= last_check:
            continue  # a replayed request
        last_check = check

        def send(message: dict[str, Any], check: Any = check) -> None:
            judge.channel.send({**message, "check": check})

        if judge.learner is None or not judge.learner.running():
            judge.discard_learner()
            judge.start_learner()
        assert judge.learner is not None
        try:
            if not judge.learner.ready:
                raise HarnessError("the process for your code could not start (numpy import?)")
            if request.get("mode") == "train":  # `studyapp sandbox train`: see _train.py
                from ._train import run_train

                result = run_train(request, judge.learner)
            else:
                result = run_check(request, judge.learner, send)
        except HarnessError as error:
            result = {"type": "error", "message": str(error)}
        except Exception:
            result = {"type": "error", "message": "the judge failed:\n" + traceback.format_exc()}
        # The learner and all it started are dead before the verdict is written, so nothing
        # of the learner's can read it off the pipe or write after it.
        judge.discard_learner()
        judge.channel.send({**result, "check": check}, fresh_line=True)
        if not request.get("keep_warm", True):
            return 0
        ready = judge.start_learner()
        judge.channel.send({"type": "ready" if ready else "not_ready"})
        if not ready:
            return 0


def main(argv: list[str]) -> int:
    """Serve checks: argv is [REQUEST_FD, RESULT_FD, APP_PID]."""
    request_fd, result_fd, app = int(argv[0]), int(argv[1]), int(argv[2])
    prctl(PR_SET_DUMPABLE, 0)
    die_with_parent(signal.SIGTERM, app)
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    os.set_inheritable(request_fd, False)
    os.set_inheritable(result_fd, False)
    # What every learner needs, loaded once here and inherited through fork; the zygote is
    # forked before the key or any exercise is in this process's memory.
    from . import _learner  # noqa: F401  (imports numpy)

    zygote = Zygote.start(close_in_child=(request_fd, result_fd))
    lines = Lines(request_fd)
    key_line = lines.next()
    if not key_line:
        return 0
    judge = Judge(Channel(result_fd, bytes.fromhex(key_line.decode("ascii"))), zygote)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, judge.shut_down)
    try:
        return _serve(judge, lines)
    finally:
        judge.discard_learner()
        kill_descendants()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
