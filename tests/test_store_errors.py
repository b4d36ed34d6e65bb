"""Damaged, foreign and newer-schema database files: clear message, file left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.errors import StoreCorrupt, StoreTooNew
from studyapp.model import ItemKind, ItemRef
from studyapp.store import SCHEMA_VERSION, ProgressStore
from studyapp.store._schema import MIGRATIONS

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
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_a_schema_1_log_keeps_every_answer_and_its_order_when_migrated(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0].split(";\n"):
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    rows = [  # two answers in the same millisecond: seq decides their order
        (7, "e-1", "deck-a", "card-1", "flashcard", "2026-01-01T10:00:00.000+00:00", 1, "review"),
        (9, "e-2", "deck-a", "card-1", "flashcard", "2026-01-02T10:00:00.000+00:00", 0, "review"),
        (8, "e-3", "deck-a", "card-1", "flashcard", "2026-01-02T10:00:00.000+00:00", 1, "review"),
    ]
    old.executemany(
        "INSERT INTO review_log (seq, id, deck, item, kind, at, correct, mode) "
        "VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )
    old.close()
    with ProgressStore(path) as store:
        # replayed in (at, seq) order: right, right, wrong
        assert [r.id for r in store.reviews(CARD)] == ["e-1", "e-3", "e-2"]
        state = store.state(CARD)
        assert state is not None and (state.box, state.reviews, state.lapses) == (1, 3, 1)
        assert store.undo() is not None and store.state(CARD).box == 3  # type: ignore[union-attr]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert db.execute("SELECT seq, id FROM review_log ORDER BY seq").fetchall() == [
        (7, "e-1"), (8, "e-3")
    ]
    indexes = [row[1] for row in db.execute("PRAGMA index_list(review_log)")]
    assert indexes == ["review_log_item"]


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
