"""No process outlives a check: learners, their daemons and their folders go with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studyapp.sandbox import check_submission
from tests.test_sandbox_support import code, exercise

REPO = Path(__file__).resolve().parent.parent


def alive(pid: int) -> bool:
    """Whether `pid` is a live (non-zombie) process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pid: int, seconds: float = 5.0) -> bool:
    """Poll until `pid` is gone: it is killed at once, but reaping may take a moment."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.02)
    return False


def wait_for(path: Path, seconds: float = 60.0) -> str:
    """The content of `path` once the code under test has written it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().endswith("\n"):
            return path.read_text()
        time.sleep(0.02)
    pytest.fail(f"{path} was never written")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_double_forked_setsid_daemon_does_not_outlive_the_check(tmp_path: Path) -> None:
    pid_file = tmp_path / "daemon.pid"
    source = code(
        f"""
        import os, time

        def compute_gradient(X, y, w, b):
            if os.path.exists({str(pid_file)!r}):
                return 1  # one daemon (the first case) is enough
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    with open({str(pid_file)!r} + ".tmp", "w") as out:
                        out.write(f"{{os.getpid()}}\\n")
                    os.replace({str(pid_file)!r} + ".tmp", {str(pid_file)!r})
                    time.sleep(120)
                os._exit(0)
            while not os.path.exists({str(pid_file)!r}):
                time.sleep(0.01)
            return 1
        """
    )
    result = check_submission(exercise("gradient"), source)
    assert not result.passed
    daemon = int(wait_for(pid_file))
    assert wait_gone(daemon), "the daemon survived the check"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_terminating_sandbox_check_leaves_no_learner_and_no_folder(
    tmp_path: Path, signum: int
) -> None:
    report = tmp_path / "learner.txt"
    loop = tmp_path / "loop.py"
    loop.write_text(
        code(
            f"""
            import os

            def compute_gradient(X, y, w, b):
                with open({str(report)!r}, "w") as out:
                    out.write(f"{{os.getpid()}} {{os.getcwd()}}\\n")
                while True:
                    pass
            """
        )
    )
    env = {
        **os.environ,
        "STUDYAPP_DATA_DIR": str(tmp_path / "data"),
        "STUDYAPP_CONFIG_DIR": str(tmp_path / "config"),
        "STUDYAPP_CACHE_DIR": str(tmp_path / "cache"),
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "studyapp", "sandbox", "check", "gradient", str(loop)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pid_text, folder = wait_for(report).split()
        app.send_signal(signum)
        app.wait(timeout=30)
    finally:
        app.kill()
    assert app.returncode == -signum
    assert wait_gone(int(pid_text)), "the learner survived its app"
    assert "studyapp-sandbox-" in folder
    assert not Path(folder).exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_killing_the_app_outright_still_ends_the_learner(tmp_path: Path) -> None:
    report = tmp_path / "learner.txt"
    script = code(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from tests.test_sandbox_support import exercise
        from studyapp.sandbox import check_submission
        source = (
            "import os\\n"
            "def compute_gradient(X, y, w, b):\\n"
            "    open({str(report)!r}, 'w').write(f'{{os.getpid()}} {{os.getcwd()}}\\\\n')\\n"
            "    while True:\\n"
            "        pass\\n"
        )
        check_submission(exercise("gradient"), source)
        """
    )
    app = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    try:
        pid_text, folder = wait_for(report).split()
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=30)
    finally:
        app.kill()
    assert wait_gone(int(pid_text)), "the learner survived its app's death"
    assert wait_gone_folder(Path(folder))


def wait_gone_folder(folder: Path, seconds: float = 5.0) -> bool:
    """Poll until the judge, told of the app's death, has removed `folder`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not folder.exists():
            return True
        time.sleep(0.02)
    return False


def test_runaway_recursion_gets_a_trimmed_report() -> None:
    source = code(
        """
        def helper(z, depth):
            return helper(z, depth + 1)

        def sigmoid(z):
            return helper(z, 0)
        """
    )
    result = check_submission(exercise("sigmoid"), source)
    failure = result.failures[0]
    assert failure.kind == "exception"
    assert "RecursionError" in failure.message
    assert "more frames ..." in failure.message
    assert failure.message.count("in helper") <= 6
    assert "line 5, in sigmoid" in failure.message
    assert failure.line == 2


def test_a_checker_started_from_a_thread_that_ends_still_works() -> None:
    # PR_SET_PDEATHSIG fires when the *thread* that started a process ends: the judge must
    # not take a worker thread's end for the app's death.
    import threading

    from studyapp.sandbox import WarmChecker

    with WarmChecker() as checker:
        starter = threading.Thread(target=checker.start)
        starter.start()
        starter.join()
        assert checker.wait_ready()
        result: list[bool] = []
        worker = threading.Thread(
            target=lambda: result.append(
                checker.check(exercise("sigmoid"), exercise("sigmoid").reference).passed
            )
        )
        worker.start()
        worker.join()
        assert result == [True]
        # The judge was restarted from the worker thread after that check: still alive.
        assert checker.check(exercise("sigmoid"), exercise("sigmoid").reference).passed
