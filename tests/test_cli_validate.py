"""`studyapp validate`, `locate` and the global options, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.cli import run
from tests.helpers import VALID_DECK, write_deck


def studyapp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "studyapp", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_valid_deck_exits_0_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    assert run(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "demo: 1 flashcard, 1 question (1 beginner, 0 intermediate, 0 expert), 1 reorder" in out
    )
    assert "ok: 1 deck(s) valid in 1 file(s)" in out


def test_a_path_that_does_not_exist_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    assert run(["validate", str(path), "missing.yaml"]) == 2
    err = capsys.readouterr().err
    assert err == "studyapp: validate: no such file or folder: 'missing.yaml'\n"
    assert ":0:0" not in err


def test_problems_exit_1_one_line_each(tmp_path: Path) -> None:
    bad = write_deck(tmp_path, "bad.yaml", VALID_DECK.replace("answer:", "anwser:"))
    write_deck(tmp_path, "good.yaml", VALID_DECK.replace("id: demo", "id: good"))
    result = studyapp("validate", str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"{bad}:12:5: unknown key 'anwser' in a question (did you mean 'answer'?)" in lines
    assert "Traceback" not in result.stderr
    assert "good:" in result.stdout


def test_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_deck(tmp_path, "demo.yaml", VALID_DECK)
    write_deck(tmp_path, "bad.yaml", "- a list\n")
    assert run(["validate", "--json", str(tmp_path)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    (deck,) = payload["decks"]
    assert deck == {
        "id": "demo",
        "title": "Demo deck",
        "path": str(tmp_path / "demo.yaml"),
        "counts": {"flashcards": 1, "questions": 1, "reorder": 1, "sandbox": 0, "lab": 0},
        "tiers": {"beginner": 1, "intermediate": 0, "expert": 0},
    }
    (error,) = payload["errors"]
    assert set(error) == {"path", "line", "column", "message"}
    assert (error["line"], error["column"]) == (1, 1)


def test_usage_errors_exit_2() -> None:
    assert studyapp("validate", "--bogus").returncode == 2
    assert studyapp("no-such-command").returncode == 2


def test_default_validates_bundled_and_user_and_extra_content(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_deck(data / "content", "mine.yaml", VALID_DECK.replace("id: demo", "id: mine"))
    extra = write_deck(
        tmp_path / "extra", "extra.yaml", VALID_DECK.replace("id: demo", "id: extra")
    )
    result = studyapp("--data-dir", str(data), "--content", str(extra), "validate", "--json")
    payload = json.loads(result.stdout)
    ids = [deck["id"] for deck in payload["decks"]]
    assert "gd-logistic-regression" in ids  # bundled
    assert ids[-2:] == ["mine", "extra"]


def test_data_dir_from_environment(tmp_path: Path) -> None:
    result = studyapp("locate", env={"STUDYAPP_DATA_DIR": str(tmp_path / "elsewhere")})
    assert result.returncode == 0
    assert f"data:            {tmp_path / 'elsewhere'}" in result.stdout
    assert "bundled content:" in result.stdout


def test_version() -> None:
    result = studyapp("--version")
    assert result.returncode == 0 and result.stdout.startswith("studyapp ")


def test_bad_clock_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    write_deck(tmp_path, "demo.yaml", VALID_DECK)
    # `due` reads the clock (validate never does): a bad one is a usage error, one line.
    result = studyapp("--content", str(tmp_path), "due", env={"STUDYAPP_NOW": "yesterday"})
    assert result.returncode == 2
    assert "STUDYAPP_NOW='yesterday'" in result.stderr and "Traceback" not in result.stderr
