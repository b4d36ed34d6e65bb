"""The progress database file: connecting, schema migrations and sqlite error translation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from studyapp.errors import StoreCorrupt, StoreError, StoreTooNew
from studyapp.store._summary import migration as _log_minute_migration

SCHEMA_VERSION = 4
"""The schema this studyapp writes; older files are migrated forward on open."""

BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another process holding the lock."""

WAL_CHECKPOINT_PAGES = 200
"""Checkpoint the write-ahead log every this many pages (SQLite's default is 1000)."""

READ_MMAP_BYTES = 256 << 20
"""A read-only connection reads the file through a memory map of up to this many bytes:
pages come straight from the page cache instead of through a read() copy each, which
takes about a tenth off their reading over 100,000 items. Only read-only connections
(the reports) use it: a writer keeps SQLite's plain reads."""

_V1 = """
CREATE TABLE review_log (
    seq        INTEGER PRIMARY KEY,   -- local insertion order (breaks ties of `at`)
    id         TEXT NOT NULL UNIQUE,  -- event id (UUID), the identity across machines
    deck       TEXT NOT NULL,
    item       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL,         -- ISO 8601 UTC, one fixed format (text order = time order)
    correct    INTEGER NOT NULL,
    mode       TEXT NOT NULL,         -- review | practice | cram
    answer_ms  INTEGER,
    box_before INTEGER,               -- derived by replay, like item_state
    box_after  INTEGER,
    detail     TEXT                   -- JSON object or NULL
);
CREATE INDEX review_log_item ON review_log (deck, item, at);
CREATE TABLE item_state (             -- a cache: replay(review_log) under the current rules
    deck     TEXT NOT NULL,
    item     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    box      INTEGER NOT NULL,
    first_at TEXT NOT NULL,
    last_at  TEXT NOT NULL,
    reviews  INTEGER NOT NULL,
    lapses   INTEGER NOT NULL,
    PRIMARY KEY (deck, item)
) WITHOUT ROWID;
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""

_V2 = """
-- Schema 2 drops the UNIQUE index on review_log.id: it cost every answer another b-tree
-- insert and another page written to the WAL (about 5% of recording an answer). Event ids
-- stay unique by construction: new ones are random UUIDs, and merge skips known ids.
-- SQLite cannot drop a constraint, so the table is rebuilt; seq values are kept.
CREATE TABLE review_log_v2 (
    seq        INTEGER PRIMARY KEY,   -- local insertion order (breaks ties of `at`)
    id         TEXT NOT NULL,         -- event id (UUID), the identity across machines
    deck       TEXT NOT NULL,
    item       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL,         -- ISO 8601 UTC, one fixed format (text order = time order)
    correct    INTEGER NOT NULL,
    mode       TEXT NOT NULL,         -- review | practice | cram
    answer_ms  INTEGER,
    box_before INTEGER,               -- derived by replay, like item_state
    box_after  INTEGER,
    detail     TEXT                   -- JSON object or NULL
);
INSERT INTO review_log_v2 SELECT seq, id, deck, item, kind, at, correct, mode, answer_ms,
    box_before, box_after, detail FROM review_log;
DROP TABLE review_log;
ALTER TABLE review_log_v2 RENAME TO review_log;
-- The only secondary index: every extra one is another page written by each answer.
CREATE INDEX review_log_item ON review_log (deck, item, at)
"""

_V3 = """
-- Schema 3 widens the log's item index by what the statistics count (kind, mode, correct,
-- box before, answer time): `stats` then reads each deck's answers from the index alone
-- instead of looking every one up in the table (a fifth of `stats` over 100,000 answers).
-- It stays the only secondary index: an answer still writes one index entry.
DROP INDEX review_log_item;
CREATE INDEX review_log_item ON review_log
    (deck, item, at, kind, mode, correct, box_before, answer_ms)
"""

_V4 = _log_minute_migration() + """
-- Schema 4 adds log_minute (above): the log counted per deck, kind, minute, mode and box
-- (store/_summary.py), which `stats` reads instead of every answer. The item index keeps
-- only what the per-item tallies read besides: an answer writes a shorter entry, and the
-- replay's box fields are no longer in it.
DROP INDEX review_log_item;
CREATE INDEX review_log_item ON review_log (deck, item, at, kind, correct)
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
"""MIGRATIONS[n] takes a database from user_version n to n + 1."""


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    """Whether a sqlite error means the file itself is damaged (text that does not decode
    counts: only a damaged page or a foreign writer puts it there)."""
    if isinstance(error, sqlite3.IntegrityError | sqlite3.ProgrammingError):
        return False  # our own statement was refused: the file is fine
    if isinstance(error, sqlite3.OperationalError):
        text = str(error).lower()
        return any(
            sign in text for sign in ("malformed", "not a database", "corrupt", "decode")
        )
    return True


def translate(error: sqlite3.Error, path: Path) -> StoreError:
    """The studyapp error for a sqlite error on the database at `path`."""
    if isinstance(error, sqlite3.DatabaseError) and _is_corruption(error):
        return StoreCorrupt(
            f"{path}: the progress database is damaged ({error}). The file was left untouched: "
            "move it aside (e.g. rename it with the date appended) and import a backup made "
            "with 'studyapp progress export', or start afresh."
        )
    text = str(error)
    if "unable to open" in text:
        return StoreError(
            f"{path}: cannot open the progress database ({text}): check that the folder "
            f"{path.parent} exists and that you may read and write in it"
        )
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the progress database is in use by another program ({text})")
    return StoreError(f"{path}: cannot use the progress database ({text})")


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn sqlite errors raised inside the block into StoreErrors naming `path`."""
    try:
        yield
    except sqlite3.Error as error:
        raise translate(error, path) from None


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """An open, migrated connection in autocommit mode (transactions are explicit), and
    whether the file's health was already checked (a new file, or one checked before a
    migration wrote to it).

    A file from a newer studyapp raises StoreTooNew, a damaged one (or one whose schema
    version is unknown) StoreCorrupt; neither file is written to.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{path.parent}: cannot create the data folder ({error})") from None
    connection: sqlite3.Connection | None = None
    with translated(path):
        try:
            connection = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Reading the header first: a damaged or foreign file fails here, before any write.
            version = schema_version(connection, path)
            fresh = int(connection.execute("PRAGMA page_count").fetchone()[0]) == 0
            mode = str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            checked = fresh
            _check_tables(connection, path, version)  # a foreign file is refused unwritten
            if not fresh and (version < SCHEMA_VERSION or mode != "wal"):
                check_health(connection, path)  # the statements below write
                checked = True
            connection.execute("PRAGMA journal_mode = WAL")
            # FULL: an answer shown as recorded survives a power cut, not only a crash.
            connection.execute("PRAGMA synchronous = FULL")
            # A WAL that wraps early is rewritten in place: a commit that grows the file also
            # has to sync its size, which made answers about 40% slower.
            connection.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            connection.execute("PRAGMA foreign_keys = ON")
            migrate(connection, version)
        except BaseException:
            if connection is not None:
                connection.close()
            raise
    return connection, checked


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection that never writes to `path`, and whether it is a private copy.

    The file is opened with `mode=ro`, so reading works on a read-only file or a full
    disk. A missing file gives an empty in-memory database (nothing is created); an older
    schema is migrated in an in-memory copy, never in the file.
    """
    if not path.exists():
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(memory, 0)
        return memory, True
    connection: sqlite3.Connection | None = None
    with translated(path):
        try:
            connection = _open_read_only(path, immutable=False)
            try:
                version = schema_version(connection, path)
            except StoreError as error:
                if "unable to open" not in str(error):
                    raise
                # A folder we may not write to: SQLite cannot make its shared-memory file,
                # so read the file as it stands (a crashed writer's last WAL is not seen).
                connection.close()
                connection = _open_read_only(path, immutable=True)
                version = schema_version(connection, path)
            _check_tables(connection, path, version)
            copy = False
            if version < SCHEMA_VERSION:
                connection = memory_copy(connection)
                copy = True
                migrate(connection, version)
        except BaseException:
            if connection is not None:
                connection.close()
            raise
    return connection, copy


def _open_read_only(path: Path, *, immutable: bool) -> sqlite3.Connection:
    """`path` opened through a `mode=ro` URI."""
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    connection = sqlite3.connect(
        f"file:{quote(str(path.absolute()))}?{flags}",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
    return connection


def memory_copy(connection: sqlite3.Connection) -> sqlite3.Connection:
    """An in-memory copy of a database, to derive things in without writing the file.

    Closes `connection`.
    """
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        connection.backup(memory)
    except BaseException:
        memory.close()
        raise
    finally:
        connection.close()
    return memory


def schema_version(connection: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; StoreTooNew or StoreCorrupt when we do not understand it."""
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error as error:
        raise translate(error, path) from None
    if version > SCHEMA_VERSION:
        raise StoreTooNew(
            f"{path}: this progress database was written by a newer studyapp (schema "
            f"{version}, this version understands up to {SCHEMA_VERSION}). The file was "
            "left untouched: upgrade studyapp to use it."
        )
    if version < 0:
        raise StoreCorrupt(
            f"{path}: this progress database has an unknown schema version ({version}); no "
            "studyapp writes that. The file was left untouched: move it aside and import a "
            "backup made with 'studyapp progress export', or start afresh."
        )
    return version


def check_health(connection: sqlite3.Connection, path: Path) -> None:
    """Raise StoreCorrupt unless SQLite's quick check finds the file sound (run before the
    first write of a process: a damaged file is never written to)."""
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        raise translate(error, path) from None
    if rows != [("ok",)]:
        raise StoreCorrupt(
            f"{path}: the progress database is damaged ({rows[0][0]}). The file was left "
            "untouched: move it aside (e.g. rename it with the date appended) and import a "
            "backup made with 'studyapp progress export', or start afresh."
        )


def migrate(connection: sqlite3.Connection, version: int) -> None:
    """Apply every migration after `version`, each in its own transaction."""
    while version < SCHEMA_VERSION:
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            current = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if current == version:
                for statement in _statements(MIGRATIONS[version]):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        version = max(current, version + 1)


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script, each whole: a line ends one only where SQLite
    says the text so far is complete (a trigger's body keeps its own semicolons)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""
    if statement.strip():
        yield statement  # the last statement may go without its semicolon


def _check_tables(connection: sqlite3.Connection, path: Path, version: int) -> None:
    """A file at schema `version` must hold our tables (none at all before the first
    migration); anything else is another program's database, refused before any write."""
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if version == 0 and names:
        # Another studyapp may have made the tables (and set the version with them, in one
        # transaction) since the version was read.
        version = schema_version(connection, path)
        if version == 0:
            raise _not_ours(path, f"it holds other tables: {', '.join(sorted(names))}")
    missing = {"review_log", "item_state", "meta"} - names if version else set()
    if missing:
        raise _not_ours(path, f"missing tables: {', '.join(sorted(missing))}")


def _not_ours(path: Path, problem: str) -> StoreCorrupt:
    """The error for a database another program made."""
    return StoreCorrupt(
        f"{path}: this is not a studyapp progress database ({problem}). The file was left "
        "untouched."
    )
