"""The learner's code files: saved atomically, restored, the starter when none is saved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.codefiles import code_files, same_code
from studyapp.fileio import write_atomic


def test_nothing_saved_gives_the_starter_and_a_save_is_restored(tmp_path: Path) -> None:
    files = code_files(tmp_path)
    assert files.load("gd-coding", "gradient") is None
    assert files.load_or("gd-coding", "gradient", "def f():\n    pass\n") == "def f():\n    pass\n"
    path = files.save("gd-coding", "gradient", "def f():\n    return 1\n")
    assert path == tmp_path / "code" / "gd-coding" / "gradient.py"
    assert files.load_or("gd-coding", "gradient", "starter") == "def f():\n    return 1\n"


def test_a_save_replaces_the_whole_file_and_leaves_no_temp_files(tmp_path: Path) -> None:
    files = code_files(tmp_path)
    files.save("deck", "ex", "a much longer first version\n" * 20)
    files.save("deck", "ex", "short\n")
    assert files.load("deck", "ex") == "short\n"
    assert os.listdir(tmp_path / "code" / "deck") == ["ex.py"]


def test_a_crash_between_write_and_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = code_files(tmp_path)
    files.save("deck", "ex", "old code\n")

    def crash(*args: object) -> None:
        raise OSError("killed before the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        files.save("deck", "ex", "new code that never landed\n")
    monkeypatch.undo()
    assert files.load("deck", "ex") == "old code\n"
    assert os.listdir(tmp_path / "code" / "deck") == ["ex.py"]


def test_a_crash_while_writing_the_temp_file_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ex.py"
    write_atomic(path, "old\n")

    def crash(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_atomic(path, "new\n")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old\n"


def test_code_that_is_not_utf8_is_still_shown(tmp_path: Path) -> None:
    files = code_files(tmp_path)
    path = files.path("deck", "ex")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"x = '\xff'\n")
    assert files.load("deck", "ex") == "x = '\ufffd'\n"


def test_same_code_ignores_trailing_whitespace_only() -> None:
    assert same_code("def f():\n    pass\n", "def f():   \n    pass\n\n\n")
    assert not same_code("def f():\n    pass\n", "def f():\n    return 1\n")
    assert not same_code("def f():\n    pass\n", "def f():\n  pass\n")


def test_locate_shows_the_code_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["locate"]) == 0
    line = next(row for row in capsys.readouterr().out.splitlines() if row.startswith("code:"))
    assert line.split(None, 1)[1].endswith(os.path.join("data", "code"))
