"""Atomic replacement of files: the new content whole, or the old one untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studyapp.fileio import open_atomic, write_atomic


def test_write_atomic_replaces_the_content_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "log.jsonl"
    target.write_text("old\n", encoding="utf-8")
    write_atomic(target, "néw\nlines\n")
    assert target.read_bytes() == "néw\nlines\n".encode()
    write_atomic(target, b"\x00bytes", durable=False)
    assert target.read_bytes() == b"\x00bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.jsonl"]


def test_a_failed_write_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "export.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(RuntimeError), open_atomic(target) as out:
        out.write("half of the new")
        raise RuntimeError("disk gone")
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.jsonl"]


def test_the_new_file_gets_the_permissions_a_plain_open_gives(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_text("x", encoding="utf-8")
    atomic = tmp_path / "atomic"
    write_atomic(atomic, "x")
    assert os.stat(atomic).st_mode == os.stat(plain).st_mode


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nowhere" / "file", "x")


def test_a_zip_archive_can_be_written_in_place(tmp_path: Path) -> None:
    import zipfile

    target = tmp_path / "deck.apkg"
    with open_atomic(target, binary=True) as out, zipfile.ZipFile(out, "w") as archive:
        archive.writestr("media", "{}")
    with zipfile.ZipFile(target) as archive:
        assert archive.read("media") == b"{}"
