"""The learner's code for each coding exercise: one plain Python file, always written whole.

Each exercise's code lives in `<data dir>/code/<deck id>/<exercise id>.py`. Writes go
through studyapp.fileio.write_atomic (temporary file, fsync, rename), so a crash or a kill
at any moment leaves either the old or the new code, never a mix or an empty file. Stdlib
only: front ends and commands use it alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studyapp.fileio import write_atomic

CODE_FOLDER = "code"
"""Name of the folder in the data folder that holds the learner's code."""


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
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, code)
        return path


def code_files(data_folder: Path) -> CodeFiles:
    """The code folder inside a data folder (the same as `Locations.code`)."""
    return CodeFiles(data_folder / CODE_FOLDER)
