"""The sandbox child's limits: time, memory, output, early exits, cancel, isolation."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from studyapp.errors import SandboxError
from studyapp.model import SandboxCase, SandboxExercise
from studyapp.sandbox import Limits, WarmChecker, check_submission
from tests.test_sandbox_support import code

REFERENCE = code(
    """
    import numpy as np

    def double(z):
        return 2.0 * np.asarray(z, dtype=float)
    """
)
DOUBLE = SandboxExercise(
    id="double",
    title="Double it",
    prompt="Return 2 * z.",
    entry="double",
    starter="def double(z):\n    return z\n",
    reference=REFERENCE,
    cases=(
        SandboxCase("a vector", {"seed": 1, "shape": [4]}),
        SandboxCase("a scalar", {"z": 1.5}),
    ),
)
CORRECT = "def double(z):\n    return 2 * z\n"


def with_timeout(seconds: float) -> SandboxExercise:
    return replace(DOUBLE, timeout=seconds)


def test_correct_code_passes() -> None:
    result = check_submission(DOUBLE, CORRECT)
    assert result.passed
    assert result.cases_run == 2


def test_infinite_loop_times_out_within_the_limit() -> None:
    start = time.monotonic()
    result = check_submission(with_timeout(1.0), "def double(z):\n    while True:\n        pass\n")
    elapsed = time.monotonic() - start
    assert not result.passed
    assert result.failures[0].kind == "timeout"
    assert result.failures[0].case == "a vector"
    assert elapsed < 1.0 + 2.5  # the limit plus child start-up and the kill


def test_runaway_memory_fails_as_memory_limit() -> None:
    source = code(
        """
        def double(z):
            hoard = []
            while True:
                hoard.append(bytearray(10_000_000))
        """
    )
    result = check_submission(DOUBLE, source, limits=Limits(memory_mb=200))
    assert not result.passed
    assert result.failures[0].kind == "memory_limit"
    assert len(result.failures) == 1  # later cases are not run after running out


def test_one_huge_array_fails_as_memory_limit() -> None:
    source = "import numpy as np\ndef double(z):\n    return np.ones((100_000, 100_000)) @ z\n"
    result = check_submission(DOUBLE, source, limits=Limits(memory_mb=200))
    assert result.failures[0].kind == "memory_limit"
    assert result.failures[0].line == 3


def test_output_flood_is_capped_and_the_verdict_still_right() -> None:
    source = code(
        """
        print("first line of output")
        for i in range(200_000):
            print("spam", i)
        def double(z):
            print("x" * 100_000)
            return 2 * z
        """
    )
    result = check_submission(DOUBLE, source, limits=Limits(output_bytes=4096))
    assert result.passed
    assert len(result.output) < 4096 + 200
    assert result.output.startswith("first line of output")
    assert "bytes of output left out" in result.output


def test_printed_fake_verdict_cannot_pass() -> None:
    fake = '{"type": "result", "cases_run": 2, "failures": [], "warnings": []}'
    source = f"import sys\nprint({fake!r})\nsys.stdout.flush()\ndef double(z):\n    return z\n"
    result = check_submission(DOUBLE, source)
    assert not result.passed
    assert result.failures[0].kind == "wrong_value"


def test_sys_exit_at_import_never_passes() -> None:
    result = check_submission(DOUBLE, "import sys\nsys.exit(0)\n" + CORRECT)
    assert not result.passed
    assert result.failures[0].kind == "exception"
    assert "sys.exit(0)" in result.failures[0].message
    assert result.failures[0].line == 2


def test_os_exit_in_the_function_never_passes() -> None:
    result = check_submission(DOUBLE, "import os\ndef double(z):\n    os._exit(0)\n")
    assert not result.passed
    assert result.failures[0].kind == "crashed"
    assert "os._exit" in result.failures[0].message


def test_syntax_error_reports_the_learners_line() -> None:
    result = check_submission(DOUBLE, "import numpy as np\n\ndef double(z)\n    return 2 * z\n")
    assert result.failures[0].kind == "syntax_error"
    assert result.failures[0].line == 3
    assert result.cases_run == 0


def test_exception_reports_the_line_and_a_trimmed_traceback() -> None:
    source = code(
        """
        def helper(z):
            return z / undefined_name

        def double(z):
            return helper(z)
        """
    )
    result = check_submission(DOUBLE, source)
    failure = result.failures[0]
    assert failure.kind == "exception"
    assert failure.line == 2
    assert "NameError" in failure.message
    assert "line 5, in double" in failure.message
    assert "_judge.py" not in failure.message and "harness" not in failure.message


def test_missing_function_suggests_the_name() -> None:
    result = check_submission(DOUBLE, "def dubble(z):\n    return 2 * z\n")
    assert result.failures[0].kind == "missing_function"
    assert "did you mean 'dubble'" in result.failures[0].message


def test_cancel_stops_the_check_quickly() -> None:
    cancel = threading.Event()
    timer = threading.Timer(0.5, cancel.set)
    timer.start()
    start = time.monotonic()
    result = check_submission(
        DOUBLE, "def double(z):\n    while True:\n        pass\n", cancel=cancel
    )
    assert result.cancelled and not result.passed
    assert time.monotonic() - start < 2.0


def test_progress_reports_each_case() -> None:
    seen: list[tuple[int, int, str]] = []
    check_submission(
        DOUBLE, CORRECT, progress=lambda done, total, case: seen.append((done, total, case))
    )
    assert seen == [(0, 2, "a vector"), (1, 2, "a scalar")]


def test_child_runs_in_a_scrubbed_temporary_folder(tmp_path: Path) -> None:
    os.environ["STUDYAPP_SECRET_PROBE"] = "leaked"
    try:
        report = tmp_path / "child.txt"
        source = code(
            f"""
            import os
            with open({str(report)!r}, "w") as out:
                out.write(os.getcwd() + "\\n")
                out.write(os.environ.get("STUDYAPP_SECRET_PROBE", "absent") + "\\n")
                out.write(os.environ.get("OPENBLAS_NUM_THREADS", "unset") + "\\n")
            def double(z):
                return 2 * z
            """
        )
        assert check_submission(DOUBLE, source).passed
    finally:
        del os.environ["STUDYAPP_SECRET_PROBE"]
    cwd, probe, threads = report.read_text().splitlines()
    assert probe == "absent"
    assert threads == "1"
    assert "studyapp-sandbox-" in cwd and not Path(cwd).exists()  # removed afterwards


def test_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    source = code(
        f"""
        import subprocess, sys
        def double(z):
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
            open({str(pid_file)!r}, "w").write(str(child.pid))
            while True:
                pass
        """
    )
    result = check_submission(with_timeout(1.0), source)
    assert result.failures[0].kind == "timeout"
    pid = int(pid_file.read_text())
    for _ in range(50):  # the kill is immediate; reaping by init may take a moment
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        if Path(f"/proc/{pid}/stat").exists() and ") Z" in Path(f"/proc/{pid}/stat").read_text():
            break  # a zombie waiting for init is dead already
        time.sleep(0.05)
    else:
        pytest.fail("the grandchild survived the timeout")


def test_writing_a_huge_file_is_stopped() -> None:
    source = code(
        """
        def double(z):
            with open("big.bin", "wb") as out:
                out.write(b"0" * (64 << 20))
            return 2 * z
        """
    )
    result = check_submission(DOUBLE, source, limits=Limits(file_mb=1))
    assert result.failures[0].kind == "exception"
    assert "File too large" in result.failures[0].message


def test_a_broken_reference_is_a_sandbox_error_not_a_failed_check() -> None:
    broken = replace(DOUBLE, reference="def double(z):\n    return 1 / 0\n")
    with pytest.raises(SandboxError, match="reference fails"):
        check_submission(broken, CORRECT)


def test_warm_checker_rechecks_with_a_fresh_child_each_time() -> None:
    source = code(
        """
        import os
        COUNTER = os.environ.get("HOME")
        seen = []
        def double(z):
            seen.append(1)
            if len(seen) > 2:
                raise RuntimeError("state leaked between checks")
            return 2 * z
        """
    )
    with WarmChecker() as checker:
        checker.start()
        assert checker.wait_ready()
        assert checker.check(DOUBLE, source).passed
        assert checker.check(DOUBLE, source).passed
    with pytest.raises(SandboxError):
        checker.check(DOUBLE, source)


def test_too_slow_for_the_timing_case_still_passes_with_a_warning() -> None:
    timed = replace(DOUBLE, timeout=1.0, speed_case=("a long vector", {"shape": [5000]}))
    source = code(
        """
        import numpy as np

        def double(z):
            while np.size(z) > 1000:  # stands in for a very slow loop over elements
                pass
            return 2 * z
        """
    )
    result = check_submission(timed, source)
    assert result.passed
    assert [warning.kind for warning in result.warnings] == ["not_vectorized"]
    assert result.cases_run == 2


@pytest.mark.parametrize("seconds", [float("inf"), float("nan"), 1e300, 0.5, 601.0])
def test_time_limits_are_finite_and_bounded(seconds: float) -> None:
    with pytest.raises(SandboxError, match="time limit"):
        Limits(timeout=seconds)
    # An exercise's own limit is checked too, before anything runs: never the learner's fault.
    with pytest.raises(SandboxError, match="time limit"):
        check_submission(with_timeout(seconds), CORRECT)


def test_a_judge_that_dies_is_a_sandbox_error_not_a_failed_check() -> None:
    broken = replace(DOUBLE, reference="import os\ndef double(z):\n    os._exit(3)\n")
    with pytest.raises(SandboxError, match="judge stopped unexpectedly"):
        check_submission(broken, CORRECT)
