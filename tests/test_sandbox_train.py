"""`studyapp sandbox train`: the learner's gradient_descent trained in the sandbox, beside the reference."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from studyapp.cli import run as cli_run

ROOT = Path(__file__).resolve().parent.parent


def train(capsys: pytest.CaptureFixture[str], code: str, tmp_path: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    source = tmp_path / "mine.py"
    source.write_text(code, encoding="utf-8")
    status = cli_run(["sandbox", "train", str(source), "--json", *extra])
    out = capsys.readouterr().out
    return status, json.loads(out)


def reference(capsys: pytest.CaptureFixture[str]) -> str:
    assert cli_run(["sandbox", "solution", "descent"]) == 0
    return capsys.readouterr().out


def test_the_reference_trains_like_the_reference(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = reference(capsys)
    status, report = train(capsys, code, tmp_path, "--dataset", "breast-cancer", "--alpha", "0.3", "--iters", "150")
    assert status == 0
    yours, ref = report["yours"], report["reference"]
    assert set(yours) == {"log_loss", "accuracy", "brier", "history"}
    assert len(yours["history"]) == 150 and yours["history"] == pytest.approx(ref["history"])
    assert yours["log_loss"] == pytest.approx(ref["log_loss"]) and ref["log_loss"] < 0.1
    assert ref["log_loss"] == pytest.approx(ref["history"][-1])
    assert ref["accuracy"] > 0.97


def test_a_model_that_never_moves_scores_chance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = "def gradient_descent(X, y, w, b, alpha, num_iters):\n    return w, b, []\n"
    status, report = train(capsys, code, tmp_path, "--dataset", "separable", "--iters", "50")
    assert status == 0
    assert report["yours"]["log_loss"] == pytest.approx(math.log(2))
    assert report["yours"]["history"] == [] and len(report["reference"]["history"]) == 50


def test_code_that_raises_is_reported_and_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = "def gradient_descent(X, y, w, b, alpha, num_iters):\n    return 1 / 0\n"
    status, report = train(capsys, code, tmp_path, "--dataset", "overlapping", "--iters", "20")
    assert status == 1 and report["yours"] is None
    assert report["failures"][0]["kind"] == "exception"
    assert "ZeroDivisionError" in report["failures"][0]["message"]
    assert report["reference"]["accuracy"] > 0.6


def test_code_that_never_ends_is_stopped_by_the_time_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = "def gradient_descent(X, y, w, b, alpha, num_iters):\n    while True:\n        pass\n"
    status, report = train(capsys, code, tmp_path, "--dataset", "separable", "--timeout", "1")
    assert status == 1 and report["failures"][0]["kind"] == "timeout"


def test_bad_arguments_are_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "mine.py"
    source.write_text("x = 1\n", encoding="utf-8")
    assert cli_run(["sandbox", "train", str(source), "--dataset", "separable", "--alpha", "0"]) == 2
    assert "--alpha" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli_run(["sandbox", "train", str(source), "--dataset", "iris"])
    assert stop.value.code == 2
