"""Opening the progress database: the message a learner reads for each kind of trouble (a
damaged row, a foreign or newer file, a busy or unopenable file), SQLite's quick check before
the first write, and read-only opening that never writes, from any thread."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from studyapp.errors import StoreCorrupt, StoreError, StoreTooNew
from studyapp.model import ItemKind, ItemRef
from studyapp.scheduling import Rules
from studyapp.store import SCHEMA_VERSION, ProgressStore, _schema
from studyapp.store._schema import MIGRATIONS, translate

CARD = ItemRef("deck-a", "card-1")
AT = "2026-01-01T10:00:00.000+00:00"
LATER = "2026-01-02T10:00:00.000+00:00"
ADVICE = (
    "The file was left untouched: move it aside (e.g. rename it with the date appended) and "
    "import a backup made with 'studyapp progress export', or start afresh."
)


def short_id(value: object) -> str:
    """A short ASCII test id: mutmut re-runs tests by id, and long or escaped ids get lost."""
    return re.sub(r"[^A-Za-z0-9]+", "-", str(value)).strip("-")[:40] or "empty"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage_a_row(path: Path) -> None:
    """Make a stored row break the table's declared rules, as a damaged page or a foreign
    writer would: SQLite still reads it, and only its quick check notices."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'answer_ms  INTEGER',"
        " 'answer_ms  INTEGER NOT NULL') WHERE name = 'review_log'"
    )
    db.commit()
    db.close()


def one_answer(path: Path) -> None:
    with ProgressStore(path) as store:
        store.record(CARD, ItemKind.FLASHCARD, True, AT)  # answer_ms is NULL


DAMAGED = "NULL value in review_log.answer_ms"


def test_a_damaged_row_is_found_before_the_first_write_and_the_file_is_left_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    damage_a_row(path)
    before = digest(path)
    store = ProgressStore(path)  # opening and reading do not run the check: they never write
    assert store.state(CARD) is not None and len(store.reviews()) == 1
    with pytest.raises(StoreCorrupt) as caught:
        store.record(CARD, ItemKind.FLASHCARD, True, LATER)
    assert str(caught.value) == f"{path}: the progress database is damaged ({DAMAGED}). {ADVICE}"
    with pytest.raises(StoreCorrupt):  # still refused on the next try
        store.undo()
    store.close()
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]


def test_a_sound_file_is_checked_once_and_then_written(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    with ProgressStore(path) as store:
        store.record(CARD, ItemKind.FLASHCARD, True, LATER)
        store.record(CARD, ItemKind.FLASHCARD, False, LATER)
        assert [r.box_after for r in store.reviews(CARD)] == [2, 3, 1]


def test_a_damaged_file_that_opening_would_migrate_is_refused_on_open(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0].split(";\n"):
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO review_log (id, deck, item, kind, at, correct, mode) "
                "VALUES ('e', 'deck-a', 'card-1', 'flashcard', ?, 1, 'review')", (AT,))
    old.close()
    damage_a_row(path)
    before = digest(path)
    with pytest.raises(StoreCorrupt) as caught:
        ProgressStore(path)
    assert str(caught.value) == f"{path}: the progress database is damaged ({DAMAGED}). {ADVICE}"
    assert digest(path) == before
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (1,)
    db.close()


def test_a_damaged_file_in_rollback_journal_mode_is_refused_on_open(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")  # switching it back to WAL would write
    db.close()
    damage_a_row(path)
    before = digest(path)
    with pytest.raises(StoreCorrupt, match=r"NULL value in review_log\.answer_ms"):
        ProgressStore(path)
    assert digest(path) == before


def test_a_sound_file_in_rollback_journal_mode_is_switched_to_wal(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    with ProgressStore(path) as store:
        assert len(store.reviews()) == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.close()


def test_a_file_that_is_not_a_database_gets_the_whole_advice(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"not sqlite\n" * 500)
    for read_only in (False, True):
        with pytest.raises(StoreCorrupt) as caught:
            ProgressStore(path, read_only=read_only)
        assert str(caught.value) == (
            f"{path}: the progress database is damaged (file is not a database). {ADVICE}"
        )


def test_a_newer_or_unknown_schema_version_is_named_exactly(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreTooNew) as caught:
        ProgressStore(path, read_only=True)
    assert str(caught.value) == (
        f"{path}: this progress database was written by a newer studyapp (schema "
        f"{SCHEMA_VERSION + 1}, this version understands up to {SCHEMA_VERSION}). The file was "
        "left untouched: upgrade studyapp to use it."
    )
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = -1")
    db.close()
    with pytest.raises(StoreCorrupt) as corrupt:
        ProgressStore(path)
    assert str(corrupt.value) == (
        f"{path}: this progress database has an unknown schema version (-1); no studyapp "
        "writes that. The file was left untouched: move it aside and import a backup made with "
        "'studyapp progress export', or start afresh."
    )


def test_a_database_without_our_tables_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.close()
    before = digest(path)
    for read_only in (False, True):
        with pytest.raises(StoreCorrupt) as caught:
            ProgressStore(path, read_only=read_only)
        assert str(caught.value) == (
            f"{path}: this is not a studyapp progress database (missing tables: item_state, "
            "review_log). The file was left untouched."
        )
    assert digest(path) == before


def test_another_programs_database_is_refused_and_never_switched_to_wal(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.execute("CREATE TABLE tags (name TEXT)")
    db.commit()
    db.close()
    before = digest(path)
    for read_only in (False, True):
        with pytest.raises(StoreCorrupt) as caught:
            ProgressStore(path, read_only=read_only)
        assert str(caught.value) == (
            f"{path}: this is not a studyapp progress database (it holds other tables: notes, "
            "tags). The file was left untouched."
        )
    assert digest(path) == before
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    db.close()


def test_an_empty_database_file_becomes_a_progress_database(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")  # a header, no tables: a first run cut short
    db.close()
    one_answer(path)
    with ProgressStore(path, read_only=True) as store:
        assert len(store.reviews()) == 1


def test_a_folder_in_the_way_or_a_file_in_place_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "progress.sqlite3"
    folder.mkdir()
    with pytest.raises(StoreError) as caught:
        ProgressStore(folder)
    assert str(caught.value) == (
        f"{folder}: cannot open the progress database (unable to open database file): check "
        f"that the folder {tmp_path} exists and that you may read and write in it"
    )
    with pytest.raises(StoreError) as unreadable:
        ProgressStore(folder, read_only=True)
    assert str(unreadable.value) == f"{folder}: cannot use the progress database (disk I/O error)"
    (tmp_path / "data").write_text("a file, not a folder")
    with pytest.raises(StoreError) as refused:
        ProgressStore(tmp_path / "data" / "progress.sqlite3")
    assert str(refused.value).startswith(f"{tmp_path / 'data'}: cannot create the data folder (")


def test_a_database_held_by_another_program_is_named_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    monkeypatch.setattr(_schema, "BUSY_TIMEOUT_MS", 50)
    store.close()
    store = ProgressStore(path)  # waits 50 ms for a lock, not 5 s
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            store.record(CARD, ItemKind.FLASHCARD, True, AT)
        assert str(caught.value) == (
            f"{path}: the progress database is in use by another program (database is locked)"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.record(CARD, ItemKind.FLASHCARD, True, AT)  # free again: the answer goes in
    assert len(store.reviews()) == 1


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (sqlite3.DatabaseError("database disk image is malformed"),
         f"p: the progress database is damaged (database disk image is malformed). {ADVICE}"),
        (sqlite3.OperationalError("database disk image is malformed"),
         f"p: the progress database is damaged (database disk image is malformed). {ADVICE}"),
        (sqlite3.OperationalError("File is NOT A DATABASE"),
         f"p: the progress database is damaged (File is NOT A DATABASE). {ADVICE}"),
        (sqlite3.OperationalError("index corrupt"),
         f"p: the progress database is damaged (index corrupt). {ADVICE}"),
        (sqlite3.OperationalError("Could not decode to UTF-8 column 'detail'"),
         f"p: the progress database is damaged (Could not decode to UTF-8 column 'detail'). "
         f"{ADVICE}"),
        (sqlite3.OperationalError("database is locked"),
         "p: the progress database is in use by another program (database is locked)"),
        (sqlite3.OperationalError("database table is busy"),
         "p: the progress database is in use by another program (database table is busy)"),
        (sqlite3.OperationalError("disk I/O error"),
         "p: cannot use the progress database (disk I/O error)"),
        (sqlite3.IntegrityError("UNIQUE constraint failed: meta.key (malformed)"),
         "p: cannot use the progress database (UNIQUE constraint failed: meta.key (malformed))"),
        (sqlite3.ProgrammingError("Cannot operate on a closed database (corrupt)."),
         "p: cannot use the progress database (Cannot operate on a closed database (corrupt).)"),
        (sqlite3.InterfaceError("bad parameter"),
         "p: cannot use the progress database (bad parameter)"),
    ],
    ids=short_id,
)
def test_each_sqlite_error_reads_as_what_it_means_for_the_learner(
    error: sqlite3.Error, message: str
) -> None:
    translated = translate(error, Path("p"))
    assert str(translated) == message
    assert isinstance(translated, StoreCorrupt) == ("damaged" in message)


def test_a_missing_file_reads_as_empty_and_is_never_created(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path, read_only=True) as store:
        assert store.states() == {} and store.reviews() == [] and store.deck_ids() == []
        with pytest.raises(StoreError) as caught:
            store.record(CARD, ItemKind.FLASHCARD, True, AT)
        assert str(caught.value) == f"{path}: the progress database was opened read-only"
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_store_answers_from_another_thread(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    results: list[Any] = []
    for target in (path, tmp_path / "missing.sqlite3"):
        store = ProgressStore(target, read_only=True)
        worker = threading.Thread(target=lambda s=store: results.append(s.states()))
        worker.start()
        worker.join()
        store.close()
    assert [sorted(found) for found in results] == [["deck-a"], []]


def test_a_read_only_store_with_changed_rules_works_in_memory_from_any_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "progress.sqlite3"
    path.parent.mkdir()
    one_answer(path)
    before = digest(path)
    monkeypatch.chdir(tmp_path)
    found: list[Any] = []
    with ProgressStore(path, Rules(intervals=(1, 3)), read_only=True) as store:
        assert store.reviews()[0].box_after == 2
        worker = threading.Thread(target=lambda: found.append(store.states()))
        worker.start()
        worker.join()
    assert [sorted(states) for states in found] == [["deck-a"]]
    assert digest(path) == before
    # The private copy lives in memory: no file appears beside the database's own.
    names = {p.name for p in tmp_path.rglob("*")}
    assert {name for name in names if not name.startswith("progress.sqlite3")} == {"data"}


class _NoSharedMemory:
    """A connection to a file in a folder the reader may not write to: SQLite cannot make
    the shared-memory file WAL readers use, so every statement fails to open."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def execute(self, *args: object) -> sqlite3.Cursor:
        raise sqlite3.OperationalError("unable to open database file")

    def close(self) -> None:
        self.real.close()


def test_a_file_in_a_folder_without_write_permission_is_read_as_it_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    opened: list[bool] = []
    real_open = _schema._open_read_only

    def open_read_only(target: Path, *, immutable: bool) -> Any:
        opened.append(immutable)
        connection = real_open(target, immutable=immutable)
        return connection if immutable else _NoSharedMemory(connection)

    monkeypatch.setattr(_schema, "_open_read_only", open_read_only)
    with ProgressStore(path) as writer:  # a writer's answer still in the write-ahead log
        writer.record(CARD, ItemKind.FLASHCARD, False, LATER)
        with ProgressStore(path, read_only=True) as store:
            # Read as the file stands: without the shared memory the log is not seen.
            assert [r.at for r in store.reviews()] == [AT]
    assert opened == [False, True]


def test_other_open_failures_of_a_read_only_file_are_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    opened: list[bool] = []

    class Broken(_NoSharedMemory):
        def execute(self, *args: object) -> sqlite3.Cursor:
            raise sqlite3.OperationalError("disk I/O error")

    def open_read_only(target: Path, *, immutable: bool) -> Any:
        opened.append(immutable)
        return Broken(sqlite3.connect(":memory:"))

    monkeypatch.setattr(_schema, "_open_read_only", open_read_only)
    with pytest.raises(StoreError) as caught:
        ProgressStore(path, read_only=True)
    assert str(caught.value) == f"{path}: cannot use the progress database (disk I/O error)"
    assert opened == [False]


def test_a_read_only_store_cannot_write_even_by_mistake(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    with ProgressStore(path, read_only=True) as store:
        with pytest.raises(StoreError, match="readonly database"):
            store._read(lambda db: db.execute("DELETE FROM review_log"))
        assert len(store.reviews()) == 1


def test_a_newer_file_read_as_it_stands_is_named_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    real_open = _schema._open_read_only

    def open_read_only(target: Path, *, immutable: bool) -> Any:
        connection = real_open(target, immutable=immutable)
        return connection if immutable else _NoSharedMemory(connection)

    monkeypatch.setattr(_schema, "_open_read_only", open_read_only)
    with pytest.raises(StoreTooNew) as caught:
        ProgressStore(path, read_only=True)
    assert str(caught.value).startswith(f"{path}: this progress database was written by a newer")


def test_a_read_only_store_of_an_up_to_date_file_refuses_answers_itself(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    one_answer(path)
    with ProgressStore(path, read_only=True) as store:
        with pytest.raises(StoreError) as caught:
            store.record(CARD, ItemKind.FLASHCARD, True, LATER)
        assert str(caught.value) == f"{path}: the progress database was opened read-only"
