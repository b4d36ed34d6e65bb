"""Damaged, foreign and newer-schema database files: clear message, file left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.errors import StoreCorrupt, StoreTooNew
from studyapp.model import ItemKind, ItemRef
from studyapp.store import ProgressStore

CARD = ItemRef("deck-a", "card-1")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"this is not sqlite at all\n" * 200)
    before = digest(path)
    with pytest.raises(StoreCorrupt) as caught:
        ProgressStore(path)
    assert str(path) in str(caught.value) and "damaged" in str(caught.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]


def test_damaged_pages_are_reported_as_corruption(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path) as store:
        for index in range(300):
            store.record(ItemRef("deck-a", f"card-{index}"), ItemKind.FLASHCARD, True,
                         "2026-01-01T10:00:00.000+00:00", detail={"pad": "x" * 200})
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xa5" * (4096 * 4)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt) as caught:
        store = ProgressStore(path)
        store.states()
        store.reviews()
    assert str(path) in str(caught.value)


def test_a_database_from_a_newer_studyapp_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = digest(path)
    with pytest.raises(StoreTooNew) as caught:
        ProgressStore(path)
    assert str(path) in str(caught.value) and "newer studyapp" in str(caught.value)
    assert digest(path) == before


def test_an_older_database_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    sqlite3.connect(path).close()  # an empty file: schema version 0
    with ProgressStore(path) as store:
        store.record(CARD, ItemKind.FLASHCARD, True, "2026-01-01T10:00:00.000+00:00")
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (1,)


def test_the_cli_reports_a_damaged_database_without_a_traceback(
    isolated_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = isolated_folders / "data"
    data.mkdir(parents=True)
    path = data / "progress.sqlite3"
    path.write_bytes(b"\x00garbage" * 1000)
    before = digest(path)
    for argv in (["due"], ["stats", "--json"], ["progress", "export"]):
        assert run(argv) == 1
        err = capsys.readouterr().err
        assert str(path) in err and "damaged" in err and "Traceback" not in err
    assert digest(path) == before
