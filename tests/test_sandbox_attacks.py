"""Code that tries to forge a verdict gets a FAIL: never a pass, never an internal error.

Each attack here passed (or crashed the app) when one process ran the learner's code, the
reference and the judging together. Now the learner's process only ever sends data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studyapp.sandbox import CheckResult, WarmChecker
from tests.test_sandbox_support import code, exercise

REPO = Path(__file__).resolve().parent.parent

FORGED_LINES = [
    '{"type": "result", "cases_run": 7, "failures": [], "warnings": []}',
    '{"type": "progress", "done": "x", "total": null, "case": 5}',
    "0" * 64 + ' {"type": "result", "check": 1, "cases_run": 7, "failures": [], "warnings": []}',
]

WRITE_EVERYWHERE = code(
    f"""
    import os
    FORGED = {FORGED_LINES!r}

    def _targets():
        # Every pipe this process holds, and every descriptor of the judge (its parent)
        # and of the app (the judge's parent) it can open.
        paths = [f"/proc/self/fd/{{fd}}" for fd in range(3, 256)]
        pid = os.getpid()
        for _ in range(2):
            try:
                with open(f"/proc/{{pid}}/stat") as stat:
                    pid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                break
            if pid <= 1:
                break
            try:
                paths += [f"/proc/{{pid}}/fd/{{name}}" for name in os.listdir(f"/proc/{{pid}}/fd")]
            except OSError:
                pass
        return paths

    def forge():
        for path in _targets():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue
            for line in FORGED:
                try:
                    os.write(fd, ("\\n" + line + "\\n").encode())
                except OSError:
                    pass
            os.close(fd)
    """
)


@pytest.fixture(scope="module")
def checker() -> Iterator[WarmChecker]:
    with WarmChecker() as warm:
        warm.start()
        yield warm


def failed(result: CheckResult) -> bool:
    return not result.passed and not result.cancelled and bool(result.failures)


def app_checks(ident: str, sources: list[str]) -> list[dict[str, Any]]:
    """Check each source in turn with one WarmChecker, in an app process of its own.

    Code that writes into every descriptor of the app must not reach the test runner's
    own output, so these checks run in a separate app whose output is captured.
    """
    script = code(
        f"""
        import json, sys
        sys.path.insert(0, {str(REPO)!r})
        from studyapp.sandbox import WarmChecker
        from tests.test_sandbox_support import exercise

        sources = json.loads(sys.stdin.read())
        with WarmChecker() as checker:
            for source in sources:
                result = checker.check(exercise({ident!r}), source)
                kinds = [str(failure.kind) for failure in result.failures]
                print("RESULT " + json.dumps({{"passed": result.passed, "kinds": kinds}}))
                sys.stdout.flush()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [
        json.loads(line.removeprefix("RESULT "))
        for line in done.stdout.splitlines()
        if line.startswith("RESULT ")
    ]


def test_writing_a_verdict_on_every_channel_and_exiting_fails() -> None:
    source = WRITE_EVERYWHERE + code(
        """
        def compute_gradient(X, y, w, b):
            forge()
            os._exit(0)
        """
    )
    (result,) = app_checks("gradient", [source])
    assert not result["passed"]
    assert result["kinds"][0] == "crashed"


def test_forged_lines_while_returning_a_wrong_answer_fail() -> None:
    source = WRITE_EVERYWHERE + code(
        """
        import numpy as np

        def compute_gradient(X, y, w, b):
            forge()
            return np.zeros(X.shape[1]), 0.0
        """
    )
    (result,) = app_checks("gradient", [source])
    assert not result["passed"]
    # Garbage on its own answer channel makes the answer unreadable: crashed.
    assert result["kinds"][0] in {"crashed", "wrong_value"}


def test_forged_progress_line_does_not_crash_the_command(tmp_path: Path) -> None:
    file = tmp_path / "forge.py"
    file.write_text(
        WRITE_EVERYWHERE + "def compute_gradient(X, y, w, b):\n    forge()\n    return 1\n"
    )
    env = {
        **os.environ,
        "STUDYAPP_DATA_DIR": str(tmp_path / "data"),
        "STUDYAPP_CONFIG_DIR": str(tmp_path / "config"),
        "STUDYAPP_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "studyapp", "sandbox", "check", "gradient", str(file), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    # Code running as the user can also write to the app's own stdout (through /proc), so
    # forged lines may come first: the verdict is the last line, written after the check.
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["passed"] is False
    assert data["failures"][0]["kind"] in {"crashed", "wrong_type"}


def test_walking_the_stack_finds_no_expected_values(checker: WarmChecker) -> None:
    source = code(
        """
        import sys
        import numpy as np

        def compute_gradient(X, y, w, b):
            frame = sys._getframe(1)
            while frame is not None:
                for name, value in frame.f_locals.items():
                    if name in ("expected", "value", "want") and isinstance(value, tuple):
                        return value
                frame = frame.f_back
            return np.ones(X.shape[1]), 1.0
        """
    )
    result = checker.check(exercise("gradient"), source)
    assert failed(result)
    assert result.failures[0].kind == "wrong_value"


def test_finding_the_reference_through_gc_finds_nothing(checker: WarmChecker) -> None:
    source = code(
        """
        import gc
        import numpy as np

        def compute_gradient(X, y, w, b):
            for thing in gc.get_objects():
                if (
                    callable(thing)
                    and getattr(thing, "__name__", "") == "compute_gradient"
                    and thing is not compute_gradient
                ):
                    return thing(X, y, w, b)
            return np.ones(X.shape[1]), 1.0
        """
    )
    result = checker.check(exercise("gradient"), source)
    assert failed(result)
    assert result.failures[0].kind == "wrong_value"


def test_patching_the_harness_changes_nothing(checker: WarmChecker) -> None:
    source = code(
        """
        import sys
        import numpy as np

        for name, module in list(sys.modules.items()):
            if name.startswith("sandbox_harness"):
                for attr in ("matches", "value_problem", "finite_problem", "same_argument"):
                    if hasattr(module, attr):
                        setattr(module, attr, lambda *args, **kwargs: None)

        def compute_gradient(X, y, w, b):
            return np.ones(X.shape[1]), 1.0
        """
    )
    result = checker.check(exercise("gradient"), source)
    assert failed(result)
    assert result.failures[0].kind == "wrong_value"


def test_patching_numpy_does_not_change_the_expected_values(checker: WarmChecker) -> None:
    # The reference uses np.exp; here np.exp returns zeros, and so does this "sigmoid".
    source = code(
        """
        import numpy as np

        np.exp = lambda z, *args, **kwargs: np.zeros_like(np.asarray(z, dtype=float))

        def sigmoid(z):
            return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))
        """
    )
    result = checker.check(exercise("sigmoid"), source)
    assert failed(result)
    assert result.failures[0].kind == "wrong_value"


def test_killing_the_judge_fails_and_is_not_an_internal_error(checker: WarmChecker) -> None:
    source = code(
        """
        import os, signal

        def compute_gradient(X, y, w, b):
            os.kill(os.getppid(), signal.SIGKILL)
            while True:
                pass
        """
    )
    result = checker.check(exercise("gradient"), source)
    assert failed(result)
    assert result.failures[0].kind == "crashed"
    # The checker recovers: the next check gets a new judge.
    assert checker.check(exercise("gradient"), exercise("gradient").reference).passed


def test_a_value_that_is_not_data_is_the_learners_failure(checker: WarmChecker) -> None:
    source = code(
        """
        import numpy as np

        class Sneaky(float):
            def __float__(self):
                raise RuntimeError("no")

        def compute_gradient(X, y, w, b):
            return (lambda: 0), np.array([object()], dtype=object)
        """
    )
    result = checker.check(exercise("gradient"), source)
    assert failed(result)
    assert result.failures[0].kind == "wrong_type"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read any process's memory")
def test_the_judge_cannot_be_read_through_proc(checker: WarmChecker, tmp_path: Path) -> None:
    report = tmp_path / "proc.txt"
    source = code(
        f"""
        import os

        def compute_gradient(X, y, w, b):
            judge = os.getppid()
            seen = []
            for name in ("mem", "environ", "fd"):
                try:
                    if name == "fd":
                        os.listdir(f"/proc/{{judge}}/fd")
                    else:
                        open(f"/proc/{{judge}}/{{name}}", "rb").read(1)
                    seen.append(name)
                except OSError:
                    pass
            open({str(report)!r}, "w").write(" ".join(seen))
            return 1
        """
    )
    result = checker.check(exercise("gradient"), source)
    assert failed(result)
    assert report.read_text() == ""


def test_forged_requests_to_the_judge_are_ignored() -> None:
    # Learner code writes whole check requests (the reference as the submission, for the
    # next check ids) into every pipe of the app's it can reopen: the judge must not serve
    # them, and the next real check of wrong code must still fail.
    reference = exercise("gradient").reference
    requests = [
        prefix
        + json.dumps(
            {
                "type": "check",
                "check": number,
                "entry": "compute_gradient",
                "reference": reference,
                "submission": reference,
                "keep_warm": True,
            }
        )
        for number in range(1, 40)
        for prefix in ("", "0" * 64 + " ")
    ]
    source = WRITE_EVERYWHERE.replace("FORGED = ", f"FORGED = {requests!r} + ") + code(
        """
        def compute_gradient(X, y, w, b):
            forge()
            return 1
        """
    )
    wrong = "import numpy as np\ndef compute_gradient(X, y, w, b):\n    return np.zeros(3), 0.0\n"
    results = app_checks("gradient", [source, wrong, reference])
    assert [result["passed"] for result in results] == [False, False, True]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs Linux /proc")
def test_the_learner_holds_no_descriptor_but_its_own(
    checker: WarmChecker, tmp_path: Path
) -> None:
    report = tmp_path / "fds.txt"
    source = code(
        f"""
        import os

        def compute_gradient(X, y, w, b):
            kinds = []
            for name in os.listdir("/proc/self/fd"):
                try:
                    kinds.append(os.readlink(f"/proc/self/fd/{{name}}").split(":")[0])
                except OSError:
                    pass  # the folder listing's own descriptor, closed by now
            with open({str(report)!r} + ".tmp", "w") as out:
                out.write(" ".join(sorted(kinds)))
            os.replace({str(report)!r} + ".tmp", {str(report)!r})  # whole, even if killed
            return 1
        """
    )
    assert failed(checker.check(exercise("gradient"), source))
    kinds = report.read_text().split()
    # stdin (/dev/null), stdout and stderr, and the answer pipe (the check pipe is closed
    # once read): no socket to the zygote, no pipe to the app.
    assert "/dev/null" in kinds
    assert "socket" not in kinds
    assert kinds.count("pipe") == 3  # stdout, stderr (one pipe) and the answer pipe


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_killing_the_learners_zygote_does_not_break_later_checks(checker: WarmChecker) -> None:
    source = code(
        """
        import os, signal

        def compute_gradient(X, y, w, b):
            judge = os.getppid()
            for name in os.listdir("/proc"):
                if not name.isdigit() or int(name) == os.getpid():
                    continue
                try:
                    with open(f"/proc/{name}/stat") as stat:
                        parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                if parent == judge:
                    os.kill(int(name), signal.SIGKILL)
            return 1
        """
    )
    assert failed(checker.check(exercise("gradient"), source))
    assert checker.check(exercise("gradient"), exercise("gradient").reference).passed
    assert checker.check(exercise("gradient"), exercise("gradient").reference).passed
