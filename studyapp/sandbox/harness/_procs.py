"""Process hygiene of the sandbox processes: prctl flags, and killing a whole subtree.

Linux only where it matters (prctl, /proc); elsewhere these are no-ops and the process
groups killed by the parent are what remains.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import time

PR_SET_PDEATHSIG = 1
"""prctl: the signal this process gets when its parent dies."""
PR_SET_DUMPABLE = 4
"""prctl: 0 makes /proc/PID/mem, fd, environ and ptrace unavailable to same-uid processes."""
PR_SET_CHILD_SUBREAPER = 36
"""prctl: orphaned descendants are reparented to this process instead of init."""

_libc: ctypes.CDLL | None = None


def prctl(option: int, value: int) -> bool:
    """Call prctl(option, value); False where it is not available or fails."""
    global _libc
    if not os.path.exists("/proc/self/stat"):
        return False
    try:
        if _libc is None:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return int(_libc.prctl(option, value, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(signum: int, parent: int) -> None:
    """Get `signum` when the parent dies; exit now if it already has."""
    prctl(PR_SET_PDEATHSIG, signum)
    if os.getppid() != parent:
        os._exit(0)


def _children_map() -> dict[int, list[int]]:
    """parent pid -> live (non-zombie) child pids, from /proc."""
    children: dict[int, list[int]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return children
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields and fields[0] != b"Z":
            children.setdefault(int(fields[1]), []).append(int(name))
    return children


def descendants(root: int, spare: int | None = None) -> list[int]:
    """Live descendants of `root` (children first), leaving out `spare` and its own."""
    children = _children_map()
    found: list[int] = []
    queue = [pid for pid in children.get(root, []) if pid != spare]
    while queue:
        pid = queue.pop(0)
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def reap() -> None:
    """Collect every exited child (zombies of this process)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_descendants(rounds: int = 50, spare: int | None = None) -> None:
    """SIGKILL every descendant of this process (daemons reparented to it included)
    except `spare` and its descendants."""
    me = os.getpid()
    for _ in range(rounds):
        found = descendants(me, spare)
        if not found:
            break
        for pid in found:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        reap()
        time.sleep(0.002)  # let the killed die and orphans be reparented to us
    reap()
