"""A damaged database is never written; `stats`, `due` and `progress export` only read."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.errors import StoreCorrupt, StoreError
from studyapp.model import ItemKind, ItemRef, Review
from studyapp.scheduling import Rules
from studyapp.session import StudyService
from studyapp.store import ProgressStore

AT = "2026-01-01T10:00:00.000+00:00"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def database(home: Path) -> Path:
    return home / "data" / "progress.sqlite3"


def filled(path: Path, answers: int = 400) -> None:
    """A real database with `answers` answers, checkpointed into the main file."""
    with ProgressStore(path) as store:
        store.merge(
            Review(f"e-{n}", ItemRef("deck-a", f"card-{n}"), ItemKind.FLASHCARD, AT, True,
                   detail={"pad": "x" * 300})
            for n in range(answers)
        )
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def log_pages(path: Path) -> list[int]:
    """The numbers of the pages holding review_log's rows (SQLite's dbstat table)."""
    db = sqlite3.connect(path)
    try:
        return [row[0] for row in db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'review_log' AND pagetype = 'leaf'"
            " ORDER BY pageno"
        )]
    finally:
        db.close()


def test_random_bytes_in_the_middle_are_reported_and_nothing_writes_to_the_file(
    isolated_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = database(isolated_folders)
    path.parent.mkdir(parents=True)
    filled(path)
    data = bytearray(path.read_bytes())
    pages = log_pages(path)
    middle = (pages[len(pages) // 2] - 1) * 4096
    data[middle : middle + 4096] = random.Random(7).randbytes(4096)
    path.write_bytes(bytes(data))
    before = digest(path)
    # Reading every answer finds the damage in a page of the log's rows (stats reads the
    # log's counts per minute and its index, so it may never read that page).
    assert run(["progress", "export", str(path.parent / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "damaged" in err and "internal error" not in err
    assert not (path.parent / "out.jsonl").exists()
    assert run(["stats"]) in (0, 1)
    assert "internal error" not in capsys.readouterr().err
    # Recording an answer (what `sandbox check` and the TUI do) refuses to write.
    service = StudyService.at(path)
    with pytest.raises(StoreCorrupt) as caught:
        service.record_answer(ItemRef("deck-a", "card-1"), ItemKind.FLASHCARD, True)
    service.close()
    assert str(path) in str(caught.value)
    assert run(["progress", "rebuild"]) == 1
    assert "damaged" in capsys.readouterr().err
    assert digest(path) == before


def test_the_sandbox_check_does_not_record_into_a_damaged_database(
    isolated_folders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_sandbox_support import exercise

    path = database(isolated_folders)
    path.parent.mkdir(parents=True)
    filled(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 4096] = random.Random(8).randbytes(4096)
    path.write_bytes(bytes(data))
    before = digest(path)
    solution = tmp_path / "solution.py"
    solution.write_text(exercise("sigmoid").reference, encoding="utf-8")
    assert run(["sandbox", "check", "sigmoid", str(solution)]) == 0  # the verdict: passed
    out, err = capsys.readouterr()
    assert "not recorded:" in out and "damaged" in out and "internal error" not in err
    assert digest(path) == before


def test_a_negative_schema_version_is_reported_never_migrated(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = -3")
    db.close()
    before = digest(path)
    for read_only in (False, True):
        with pytest.raises(StoreCorrupt) as caught:
            ProgressStore(path, read_only=read_only)
        assert "unknown schema version (-3)" in str(caught.value)
    assert digest(path) == before


def test_reading_commands_never_create_or_change_the_database(
    isolated_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = database(isolated_folders)
    assert run(["due"]) == 0 and run(["stats", "--json"]) == 0
    assert run(["progress", "export"]) == 0
    assert capsys.readouterr().out.count("Total: 0 due") == 1
    assert not path.exists()
    path.parent.mkdir(parents=True)
    filled(path, answers=5)
    before = digest(path)
    config = isolated_folders / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("boxes: 3\n", encoding="utf-8")  # the cache needs a rebuild: in memory
    assert run(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["decks"][-1]["id"] == "deck-a"
    assert run(["due"]) == 0 and run(["progress", "export"]) == 0
    assert len(capsys.readouterr().out.splitlines()) > 5
    with ProgressStore(path, Rules(intervals=(1, 3)), read_only=True) as store:
        assert store.states()["deck-a"]["card-1"].box == 2  # replayed in memory
        assert store.reviews()[0].box_after == 2
    with ProgressStore(path, Rules(intervals=(1, 3, 5)), read_only=True) as store:
        assert store.states()["deck-a"]["card-1"].box == 2
    assert digest(path) == before


def test_an_older_schema_is_read_without_migrating_the_file(tmp_path: Path) -> None:
    from studyapp.store._schema import MIGRATIONS

    path = tmp_path / "progress.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0].split(";\n"):
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO review_log (id, deck, item, kind, at, correct, mode) "
                "VALUES ('e', 'deck-a', 'card-1', 'flashcard', ?, 1, 'review')", (AT,))
    old.close()
    before = digest(path)
    with ProgressStore(path, read_only=True) as store:
        state = store.state(ItemRef("deck-a", "card-1"))
        assert state is not None and state.box == 2
        with pytest.raises(StoreError):
            store.record(ItemRef("deck-a", "card-1"), ItemKind.FLASHCARD, True, AT)
    assert digest(path) == before


def test_a_failed_export_leaves_no_partial_file(
    isolated_folders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = database(isolated_folders)
    path.parent.mkdir(parents=True)
    filled(path, answers=3)

    def failing(self: ProgressStore) -> object:
        yield from ProgressStore.reviews(self)[:1]
        raise StoreCorrupt(f"{self.path}: the progress database is damaged (test)")

    monkeypatch.setattr(ProgressStore, "iter_reviews", failing)
    target = tmp_path / "out" / "backup.jsonl"
    target.parent.mkdir()
    assert run(["progress", "export", str(target)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert list(target.parent.iterdir()) == []


def test_text_that_does_not_decode_counts_as_damage(
    isolated_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = database(isolated_folders)
    path.parent.mkdir(parents=True)
    filled(path, answers=2)
    db = sqlite3.connect(path)
    db.execute("UPDATE review_log SET detail = CAST(x'7b22ff22' AS TEXT) WHERE id = 'e-1'")
    db.commit()
    db.close()
    assert run(["progress", "export"]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "damaged" in err and "internal error" not in err
