"""Replacing a file atomically: after a crash it holds the old content or the new, never a mix.

    write_atomic(path, data)                 bytes or text (UTF-8, "\\n" line ends)
    with open_atomic(path) as out: ...       written as it is produced (an export, a zip)

The new content goes to a temporary file next to `path`, which is flushed to disk, renamed
over `path`, and then the folder is flushed so that the rename survives a crash too. On any
error the temporary file is removed and `path` is left as it was. `durable=False` skips both
flushes, for files that are only a cache (checked on reading, rebuilt when lost).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import IO, Any, Literal, overload


@contextmanager
def _replacing(path: Path, binary: bool, durable: bool) -> Iterator[IO[Any]]:
    """A temporary file (binary, or UTF-8 text) that replaces `path` when the block ends cleanly."""
    fd, temporary = _create_temporary(path)
    try:
        handle: IO[Any]
        if binary:
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _sync_folder(path.parent)


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new empty file next to `path`, opened for writing, with the permissions a plain
    `open` would give it (mkstemp's would be owner-only)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        with suppress(FileExistsError):
            return os.open(temporary, flags, 0o666), temporary


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk where the system allows it."""
    if not hasattr(os, "O_DIRECTORY"):  # pragma: no cover - Windows cannot open a folder
        return
    # The new content is in place by now; a file system that cannot flush a folder
    # (EINVAL on some network mounts) makes the rename less durable, not the write failed.
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Replace `path` with `data` atomically (text is written as UTF-8 with "\\n" line ends).

    Raises OSError when the file cannot be written; `path` is then unchanged.
    """
    with _replacing(path, isinstance(data, bytes), durable) as handle:
        handle.write(data)


@overload
def open_atomic(
    path: Path, *, binary: Literal[False] = False, durable: bool = True
) -> AbstractContextManager[IO[str]]: ...
@overload
def open_atomic(
    path: Path, *, binary: Literal[True], durable: bool = True
) -> AbstractContextManager[IO[bytes]]: ...
def open_atomic(
    path: Path, *, binary: bool = False, durable: bool = True
) -> AbstractContextManager[IO[Any]]:
    """A file that replaces `path` when the block ends cleanly: UTF-8 text with "\\n" line
    ends, or bytes (`binary`, e.g. for a zip archive written in place).

    Raises OSError when the file cannot be written; `path` is then unchanged.
    """
    return _replacing(path, binary, durable)
