"""Starting and discarding learner processes (judge side; imports no numpy, so the judge can
start a learner before it pays for its own numpy import)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from ._procs import kill_descendants

BOOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_boot.py")
"""The script every sandbox process runs."""
WORKDIR_PREFIX = "studyapp-sandbox-"
"""Prefix of a learner's temporary folder (the parent checks it before removing one)."""


def learner_env(workdir: str) -> dict[str, str]:
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


@dataclass
class LearnerProcess:
    """One learner process (used for exactly one check) and its folder."""

    process: subprocess.Popen[bytes]
    """The process; its own session, so its group can be killed."""
    to_learner: int
    """Write end of the pipe the check frame goes down."""
    from_learner: int
    """Read end of the pipe the answers come up."""
    workdir: str
    """Its temporary folder (cwd, HOME, TMPDIR)."""
    ready: bool = False
    """It said `ready` (numpy imported)."""

    @classmethod
    def start(cls) -> LearnerProcess:
        """Start a learner: `python -I _boot.py learner IN OUT JUDGE_PID` in a new folder."""
        workdir = tempfile.mkdtemp(prefix=WORKDIR_PREFIX)
        check_read, check_write = os.pipe()
        answer_read, answer_write = os.pipe()
        try:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-I",
                    BOOT,
                    "learner",
                    str(check_read),
                    str(answer_write),
                    str(os.getpid()),
                ],
                stdin=subprocess.DEVNULL,
                pass_fds=(check_read, answer_write),
                cwd=workdir,
                env=learner_env(workdir),
                start_new_session=True,
            )
        except OSError:
            for fd in (check_write, answer_read):
                os.close(fd)
            shutil.rmtree(workdir, ignore_errors=True)
            raise
        finally:
            os.close(check_read)
            os.close(answer_write)
        return cls(process, check_write, answer_read, workdir)

    def discard(self) -> int | None:
        """Kill it and everything it started (daemons included), remove its folder.

        Returns its exit status (negative: the signal that ended it).
        """
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        # Only now reap the rest: waiting on any child first could take the learner's status.
        kill_descendants()
        for fd in (self.to_learner, self.from_learner):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.workdir, ignore_errors=True)
        return self.process.returncode
