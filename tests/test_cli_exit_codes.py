"""Exit codes the command line promises: 0 fine, 1 a problem, 2 a usage error, 70 a bug."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp import cli


def test_an_unexpected_error_is_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object, ctx: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.delenv("STUDYAPP_DEBUG", raising=False)
    monkeypatch.setattr("studyapp.commands.due.run", broken)
    assert cli.run(["due"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("studyapp: internal error: RuntimeError('boom')")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_usage_error_exits_2_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["due", "--deck", "gd-logistic-regresion"]) == 2
    err = capsys.readouterr().err
    assert "unknown deck 'gd-logistic-regresion'" in err and "did you mean" in err


def test_an_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.run(["dew"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_a_problem_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: {id: x}\n")
    assert cli.run(["validate", str(bad)]) == 1
