"""`studyapp sandbox ...`: listing, templates, check exit codes, the JSON shape, recording."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.context import Context
from studyapp.model import ItemRef
from studyapp.session import StudyService
from tests.test_sandbox_support import exercise


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_list_shows_the_bundled_exercises(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sandbox", "list"]) == 0
    out = capsys.readouterr().out
    for ident in ("sigmoid", "cost", "gradient", "step", "descent", "weighted-gradient"):
        assert f"\n{ident} " in "\n" + out


def test_template_and_solution_print_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sandbox", "template", "gradient"]) == 0
    assert capsys.readouterr().out == exercise("gradient").starter
    assert run(["sandbox", "solution", "gd-coding/gradient"]) == 0
    assert capsys.readouterr().out == exercise("gradient").reference


def test_show_prints_the_contract_and_only_the_hints_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["sandbox", "show", "gradient", "--hints", "1"]) == 0
    out = capsys.readouterr().out
    assert "compute_gradient" in out and "Hint 1:" in out and "Hint 2:" not in out


def test_unknown_id_is_a_usage_error_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, "x.py", "pass\n")
    assert run(["sandbox", "check", "gradeint", file]) == 2
    assert "did you mean 'gradient'" in capsys.readouterr().err


def test_missing_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sandbox", "check", "gradient", str(tmp_path / "nope.py")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_check_json_has_exactly_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, "starter.py", exercise("gradient").starter)
    assert run(["sandbox", "check", "gradient", file, "--json", "--no-record"]) == 1
    out = capsys.readouterr().out
    data = json.loads(out)
    assert out.count("\n") == 1
    assert set(data) == {
        "exercise", "passed", "cases_run", "seconds", "failures", "warnings", "recorded",
        "record_error",
    }
    assert data["recorded"] is None and data["record_error"] is None
    assert data["exercise"] == "gradient" and data["passed"] is False
    assert data["cases_run"] == len(exercise("gradient").cases)
    assert isinstance(data["seconds"], float)
    for failure in data["failures"]:
        assert set(failure) == {"case", "kind", "message", "line"}
    assert data["warnings"] == []


def test_passing_check_exits_0_and_is_recorded_as_an_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, "solution.py", exercise("cost").reference)
    assert run(["sandbox", "check", "cost", file]) == 0
    out = capsys.readouterr().out
    cases = len(exercise("cost").cases)
    assert out.splitlines()[-2].startswith(f"PASSED: all {cases} cases")
    assert out.splitlines()[-1] == "Counted: New → box 2 of 5, next review in 2 days"
    progress = StudyService.open(Context.create())
    try:
        assert progress.store.state(ItemRef("gd-coding", "cost")) is not None
    finally:
        progress.close()


def test_no_record_leaves_the_schedule_alone(tmp_path: Path) -> None:
    file = write(tmp_path, "solution.py", exercise("sigmoid").reference)
    assert run(["sandbox", "check", "sigmoid", file, "--no-record", "--json"]) == 0
    progress = StudyService.open(Context.create())
    try:
        assert progress.store.state(ItemRef("gd-coding", "sigmoid")) is None
    finally:
        progress.close()


def test_text_report_explains_a_failure_and_ends_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = exercise("gradient").reference.replace("/ m", "")
    file = write(tmp_path, "wrong.py", source)
    assert run(["sandbox", "check", "gradient", file, "--no-record"]) == 1
    out = capsys.readouterr().out
    assert "did not divide by m" in out
    assert "inputs of this case:" in out
    assert "tolerance: rtol=1e-06, atol=1e-09" in out
    assert out.splitlines()[-1].startswith("FAILED: ")


def test_timeout_option_limits_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, "loop.py", "def sigmoid(z):\n    while True:\n        pass\n")
    assert (
        run(["sandbox", "check", "sigmoid", file, "--timeout", "1", "--json", "--no-record"]) == 1
    )
    data = json.loads(capsys.readouterr().out)
    assert data["failures"][0]["kind"] == "timeout"
    assert data["seconds"] < 3.0


def test_whole_process_check_prints_one_json_object(tmp_path: Path) -> None:
    file = write(tmp_path, "solution.py", exercise("gradient").reference)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "studyapp",
            "sandbox",
            "check",
            "gradient",
            file,
            "--json",
            "--no-record",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["passed"] is True


def test_a_second_check_the_same_day_is_practice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, "solution.py", exercise("cost").reference)
    assert run(["sandbox", "check", "cost", file, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["recorded"] == "review"
    assert run(["sandbox", "check", "cost", file, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["recorded"] == "practice"
    assert run(["sandbox", "check", "cost", file]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Practice: stays in box 2"
    progress = StudyService.open(Context.create())
    try:
        assert progress.status(ItemRef("gd-coding", "cost")).box == 2
    finally:
        progress.close()


def test_the_untouched_starter_is_checked_but_not_logged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, "starter.py", exercise("sigmoid").starter + "\n\n")
    assert run(["sandbox", "check", "sigmoid", file]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out
    assert out.splitlines()[-1] == "Not recorded: this is the starter code, unchanged"
    assert run(["sandbox", "check", "sigmoid", file, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["recorded"] is None
    progress = StudyService.open(Context.create())
    try:
        assert progress.store.reviews() == []
    finally:
        progress.close()


def test_without_file_the_saved_code_is_checked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from studyapp.codefiles import CodeFiles

    assert run(["sandbox", "check", "gradient", "--no-record"]) == 2
    assert "no saved code for 'gradient'" in capsys.readouterr().err
    locations = Context.create().locations
    CodeFiles(locations.code).save("gd-coding", "gradient", exercise("gradient").reference)
    assert run(["sandbox", "check", "gradient", "--no-record"]) == 0
    assert "PASSED" in capsys.readouterr().out


def test_a_verdict_is_printed_even_when_recording_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, "solution.py", exercise("cost").reference)
    Context.create().locations.database.mkdir(parents=True)  # a folder: cannot be opened
    assert run(["sandbox", "check", "cost", file]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("PASSED") and out[-1].startswith("not recorded: ")
    wrong = write(tmp_path, "wrong.py", exercise("cost").starter + "# tried\n")
    assert run(["sandbox", "check", "cost", wrong, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is False and data["recorded"] is None
    assert "progress database" in data["record_error"]


def test_list_shows_each_exercises_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, "solution.py", exercise("cost").reference)
    assert run(["sandbox", "check", "cost", file, "--json"]) == 0
    capsys.readouterr()
    assert run(["sandbox", "list", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)["exercises"]}
    assert rows["sigmoid"]["state"] == "new" and rows["sigmoid"]["last_check"] is None
    cost = rows["cost"]
    assert cost["box"] == 2 and cost["due"] is not None
    assert cost["last_check"]["passed"] is True and cost["last_check"]["mode"] == "review"
    assert run(["sandbox", "list"]) == 0
    out = capsys.readouterr().out
    cost_line = next(line for line in out.splitlines() if line.startswith("cost "))
    assert "box 2, due " in cost_line and ": passed" in cost_line
    assert next(line for line in out.splitlines() if line.startswith("sigmoid ")).endswith("new")


@pytest.mark.parametrize("seconds", ["inf", "nan", "1e300", "0.5", "601"])
def test_a_timeout_outside_1_to_600_seconds_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seconds: str
) -> None:
    file = write(tmp_path, "sig.py", exercise("sigmoid").reference)
    code = run(["sandbox", "check", "sigmoid", file, "--timeout", seconds, "--no-record"])
    assert code == 2
    assert "between 1 and 600 seconds" in capsys.readouterr().err
