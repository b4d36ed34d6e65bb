"""Starting and discarding learner processes (judge side).

Learners are forked from a *zygote*: a process the judge forks right after importing numpy
and before it reads its key or any request, so a learner starts with numpy loaded (a
check pays for one numpy import, not two) yet holds nothing of the judge's: no key, no
exercise, no expected value. For each learner the zygote forks twice and the middle
process exits at once, so the learner is reparented to the judge (a child subreaper),
which can then wait for it and kill it like any child of its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import tempfile
import time
from dataclasses import dataclass, field

from ._procs import PR_SET_DUMPABLE, die_with_parent, kill_descendants, prctl

WORKDIR_PREFIX = "studyapp-sandbox-"
"""Prefix of a learner's temporary folder (the app checks it before removing one)."""
_REPARENT_WAIT = 5.0
"""Seconds a new learner waits to be reparented to the judge."""


def _become_learner(workdir: str, check_read: int, answer_write: int, judge: int) -> None:
    """In the forked learner: settle in, then serve the check (never returns)."""
    status = 1
    try:
        os.setsid()  # its own session and group: killed as one, apart from the judge
        deadline = time.monotonic() + _REPARENT_WAIT
        while os.getppid() != judge and time.monotonic() < deadline:
            time.sleep(0.0005)  # the middle process is exiting: then the judge adopts us
        die_with_parent(signal.SIGKILL, judge)
        prctl(PR_SET_DUMPABLE, 1)  # an ordinary process of the user's; the judge stays 0
        os.chdir(workdir)
        os.environ["HOME"] = workdir
        os.environ["TMPDIR"] = workdir
        tempfile.tempdir = None
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        from ._learner import serve

        status = serve(check_read, answer_write)
    finally:
        os._exit(status)


def _zygote_loop(sock: socket.socket, judge: int) -> None:
    """Fork one learner per request until the judge goes away (never returns)."""
    try:
        while True:
            message, fds, _, _ = socket.recv_fds(sock, 4096, 2)
            if not message or len(fds) != 2:
                break
            middle = os.fork()
            if middle == 0:
                if os.fork() == 0:
                    sock.close()
                    _become_learner(message.decode("utf-8"), fds[0], fds[1], judge)
                os._exit(0)
            os.waitpid(middle, 0)
            for fd in fds:
                os.close(fd)
    finally:
        os._exit(0)


class Zygote:
    """The judge's handle on its zygote process."""

    def __init__(self, sock: socket.socket, pid: int) -> None:
        self.sock = sock
        self.pid = pid

    @classmethod
    def start(cls, close_in_child: tuple[int, ...]) -> Zygote:
        """Fork the zygote; it closes `close_in_child` (the judge's pipes to the app) first."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        judge = os.getpid()
        pid = os.fork()
        if pid == 0:
            try:
                ours.close()
                for fd in close_in_child:
                    with contextlib.suppress(OSError):
                        os.close(fd)
                die_with_parent(signal.SIGKILL, judge)
                _zygote_loop(theirs, judge)
            finally:
                os._exit(0)
        theirs.close()
        return cls(ours, pid)

    def fork_learner(self, workdir: str, check_read: int, answer_write: int) -> None:
        """Ask for a learner serving the given pipe ends in `workdir`."""
        socket.send_fds(self.sock, [workdir.encode("utf-8")], [check_read, answer_write])


@dataclass
class LearnerProcess:
    """One learner process (used for exactly one check) and its folder."""

    to_learner: int
    """Write end of the pipe the check frame goes down."""
    from_learner: int
    """Read end of the pipe the answers come up."""
    workdir: str
    """Its temporary folder (cwd, HOME, TMPDIR)."""
    zygote: int
    """The zygote's pid (never killed with a learner)."""
    pid: int | None = None
    """Its pid, from its `ready` message; its session and group have the same id."""
    ready: bool = False
    """It said `ready`."""
    returncode: int | None = field(default=None)
    """Exit status once reaped (negative: the signal that ended it)."""

    @classmethod
    def start(cls, zygote: Zygote) -> LearnerProcess:
        """Fork a learner from the zygote, in a new temporary folder."""
        workdir = tempfile.mkdtemp(prefix=WORKDIR_PREFIX)
        check_read, check_write = os.pipe()
        answer_read, answer_write = os.pipe()
        try:
            zygote.fork_learner(workdir, check_read, answer_write)
        except OSError:
            for fd in (check_write, answer_read):
                os.close(fd)
            shutil.rmtree(workdir, ignore_errors=True)
            raise
        finally:
            os.close(check_read)
            os.close(answer_write)
        return cls(check_write, answer_read, workdir, zygote.pid)

    def wait(self, timeout: float) -> int | None:
        """Its exit status once it has ended (within `timeout` seconds), else None."""
        if self.returncode is not None or self.pid is None:
            return self.returncode
        deadline = time.monotonic() + timeout
        while True:
            try:
                done, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return None
            if done:
                self.returncode = os.waitstatus_to_exitcode(status)
                return self.returncode
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.005)

    def running(self) -> bool:
        """Whether it is still there to take a check."""
        return self.ready and self.wait(0) is None

    def discard(self) -> None:
        """Kill it and everything it started (daemons included), remove its folder."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            self.wait(5)
        # Only now reap the rest: waiting on any child first could take the learner's status.
        kill_descendants(spare=self.zygote)
        for fd in (self.to_learner, self.from_learner):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.workdir, ignore_errors=True)
