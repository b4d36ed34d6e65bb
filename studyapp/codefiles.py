"""The learner's code for each coding exercise: one plain Python file, always written whole.

Each exercise's code lives in `<data dir>/code/<deck id>/<exercise id>.py`. Writes go to a
temporary file in the same folder, are flushed to disk (fsync) and then renamed over the
old file, so a crash or a kill at any moment leaves either the old or the new code, never
a mix or an empty file. Stdlib only: front ends and commands use it alike.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

CODE_FOLDER = "code"
"""Name of the folder in the data folder that holds the learner's code."""


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) atomically: temp file, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def same_code(code: str, other: str) -> bool:
    """Whether two versions differ only in trailing whitespace (of lines or of the file)."""
    return _normalised(code) == _normalised(other)


def _normalised(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").splitlines()).rstrip()


@dataclass(frozen=True, slots=True)
class CodeFiles:
    """The code folder of one data folder."""

    folder: Path
    """`<data dir>/code`."""

    def path(self, deck_id: str, exercise_id: str) -> Path:
        """Where one exercise's code is kept."""
        return self.folder / deck_id / f"{exercise_id}.py"

    def load(self, deck_id: str, exercise_id: str) -> str | None:
        """The saved code, or None when there is none yet.

        A file that cannot be read as UTF-8 is read with replacement characters rather than
        lost: the learner still sees (and can repair) their code.
        """
        path = self.path(deck_id, exercise_id)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        return data.decode("utf-8", errors="replace")

    def load_or(self, deck_id: str, exercise_id: str, starter: str) -> str:
        """The saved code, or `starter` when nothing is saved yet."""
        saved = self.load(deck_id, exercise_id)
        return starter if saved is None else saved

    def save(self, deck_id: str, exercise_id: str, code: str) -> Path:
        """Write the code atomically; returns the file's path."""
        path = self.path(deck_id, exercise_id)
        write_atomic(path, code)
        return path


def code_files(data_folder: Path) -> CodeFiles:
    """The code folder inside a data folder (the same as `Locations.code`)."""
    return CodeFiles(data_folder / CODE_FOLDER)
