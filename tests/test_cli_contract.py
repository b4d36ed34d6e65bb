"""The command line's promises beyond exit codes 0/1/2/70: options, interrupts, debug, pipes."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp import __version__, cli
from studyapp.errors import StudyappError, UsageError


@pytest.fixture(autouse=True)
def no_tui(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command must never start the TUI; if one does, the test fails instead of hanging."""

    def refuse(ctx: object) -> int:
        raise AssertionError("the TUI was started")

    monkeypatch.setattr("studyapp.tui.app.run_app", refuse)


def _raising(error: BaseException) -> object:
    def handler(args: object, ctx: object) -> int:
        raise error

    return handler


def test_version_names_the_program_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.run(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"studyapp {__version__}"


def test_a_usage_error_prints_the_usage_and_one_error_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.run(["due", "--deck"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert lines[0].startswith("usage: studyapp due")
    assert lines[-1] == "studyapp due: error: argument --deck: expected one argument"
    assert len(lines) == 2


def test_ctrl_c_exits_130_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("studyapp.commands.due.run", _raising(KeyboardInterrupt()))
    assert cli.run(["due"]) == 130
    assert capsys.readouterr().err == "studyapp: interrupted\n"


def test_a_closed_pipe_is_not_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `studyapp due | head -1`: the reader went away; nothing to report.
    monkeypatch.setattr("studyapp.commands.due.run", _raising(BrokenPipeError()))
    assert cli.run(["due"]) == 0
    assert capsys.readouterr().err == ""


def test_a_studyapp_error_is_reported_with_its_own_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("studyapp.commands.due.run", _raising(StudyappError("disk full")))
    assert cli.run(["due"]) == 1
    assert capsys.readouterr().err == "studyapp: disk full\n"
    monkeypatch.setattr("studyapp.commands.due.run", _raising(UsageError("bad value")))
    assert cli.run(["due"]) == 2
    assert capsys.readouterr().err == "studyapp: bad value\n"


def test_debug_mode_shows_the_real_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("studyapp.commands.due.run", _raising(RuntimeError("boom")))
    monkeypatch.setenv("STUDYAPP_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli.run(["due"])


def test_an_empty_debug_variable_keeps_the_one_line_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("studyapp.commands.due.run", _raising(RuntimeError("boom")))
    monkeypatch.setenv("STUDYAPP_DEBUG", "")
    assert cli.run(["due"]) == 70
    assert "internal error: RuntimeError('boom')" in capsys.readouterr().err


def test_the_data_dir_option_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("STUDYAPP_DATA_DIR", raising=False)
    data = tmp_path / "mine"
    assert cli.run(["--data-dir", str(data), "locate"]) == 0
    rows = [line.split(":", 1) for line in capsys.readouterr().out.splitlines()]
    assert {name: path.strip() for name, path in rows}["data"] == str(data)


def test_every_content_option_is_listed_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b"
    assert cli.run(["--content", str(first), "--content", str(second), "locate"]) == 0
    content = [
        line.split(":", 1)[1].strip()
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("content:")
    ]
    assert content == [str(first), str(second)]


def test_no_content_option_lists_no_extra_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["locate"]) == 0
    assert not any(line.startswith("content:") for line in capsys.readouterr().out.splitlines())


def test_no_command_starts_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[Path] = []

    def fake_app(ctx: object) -> int:
        started.append(ctx.locations.data)  # type: ignore[attr-defined]
        return 5

    monkeypatch.setattr("studyapp.tui.app.run_app", fake_app)
    assert cli.run(["--data-dir", str(tmp_path / "d")]) == 5
    assert started == [tmp_path / "d"]


def test_top_level_help_explains_the_options_and_lists_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.run(["--help"])
    assert stopped.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal width
    assert out.startswith(
        "usage: studyapp [-h] [--version] [--content PATH] [--data-dir DIR] COMMAND ..."
    )
    assert (
        "COMMAND ... Study machine learning in the terminal. With no command, starts the app."
        " options:" in out
    )
    assert "--content PATH extra deck file or folder (repeatable)" in out
    assert "--data-dir DIR folder for progress and your own decks (also STUDYAPP_DATA_DIR)" in out
    assert "commands: COMMAND validate" in out
