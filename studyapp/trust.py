"""Which decks may run code: bundled decks always, any other deck with code once trusted.

A deck's coding exercises carry Python (the reference, the known mistakes, the starter)
that runs on the learner's machine when a check runs. Decks shipped with studyapp are
trusted; a deck from anywhere else that holds code must be trusted once with
`studyapp trust PATH`, which records the file's resolved path and SHA-256 in
`<data dir>/trusted.json`. Any edit to the file changes its hash, and the deck needs trust
again. Loading and validating a deck never runs its code; only a check does.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from studyapp.errors import StudyappError
from studyapp.fileio import write_atomic
from studyapp.model import Deck
from studyapp.paths import Locations

TRUST_FILE = "trusted.json"
"""File in the data folder holding the trust records."""
_VERSION = 1


class UntrustedDeck(StudyappError):
    """A deck from outside the bundled content holds code and has not been trusted."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"{path}: this deck holds Python code (coding exercises) that would run on your "
            "machine when checked, and it is not trusted (or it changed since it was). Read "
            f"it, and if you trust its author run: studyapp trust {shlex.quote(path)}"
        )


@dataclass(frozen=True, slots=True)
class TrustRecord:
    """One trusted deck file."""

    path: str
    """Resolved path of the file."""
    sha256: str
    """Hex SHA-256 of the file's bytes when it was trusted."""


def file_sha256(path: Path) -> str | None:
    """Hex SHA-256 of a file's bytes; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as source:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def holds_code(deck: Deck) -> bool:
    """Whether a deck carries code that a check would run (coding exercises)."""
    return bool(deck.sandbox)


class TrustStore:
    """The trust records of one data folder, and the rule that uses them."""

    def __init__(self, locations: Locations) -> None:
        self.file = locations.data / TRUST_FILE
        self.bundled = locations.bundled_content.resolve()

    def records(self) -> list[TrustRecord]:
        """Every record, in path order (an unreadable file counts as no records)."""
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        decks = data.get("decks") if isinstance(data, dict) else None
        if not isinstance(decks, dict):
            return []
        return [
            TrustRecord(path, digest)
            for path, digest in sorted(decks.items())
            if isinstance(path, str) and isinstance(digest, str)
        ]

    def _write(self, records: Iterable[TrustRecord]) -> None:
        """Replace the file atomically (temporary file, fsync, rename)."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        body = {"version": _VERSION, "decks": {r.path: r.sha256 for r in records}}
        write_atomic(self.file, json.dumps(body, indent=2, sort_keys=True) + "\n")

    def is_bundled(self, path: str | Path) -> bool:
        """Whether `path` is a deck shipped with studyapp."""
        return Path(path).resolve().is_relative_to(self.bundled)

    def is_trusted(self, deck: Deck) -> bool:
        """Whether the deck's code may run: no code, bundled, or trusted with this content."""
        if not holds_code(deck) or self.is_bundled(deck.path):
            return True
        resolved = str(Path(deck.path).resolve())
        wanted = {r.sha256 for r in self.records() if r.path == resolved}
        return bool(wanted) and file_sha256(Path(resolved)) in wanted

    def untrusted_code_decks(self, decks: Iterable[Deck]) -> list[Deck]:
        """The decks whose code may not run yet (what a front end asks about)."""
        return [deck for deck in decks if not self.is_trusted(deck)]

    def require(self, deck: Deck) -> None:
        """Raise UntrustedDeck unless the deck's code may run."""
        if not self.is_trusted(deck):
            raise UntrustedDeck(deck.path)

    def trust(self, path: str | Path) -> TrustRecord:
        """Record the file's current content as trusted; returns the record."""
        resolved = Path(path).resolve()
        digest = file_sha256(resolved)
        if digest is None or not resolved.is_file():
            raise StudyappError(f"{path}: not a readable file")
        record = TrustRecord(str(resolved), digest)
        kept = [r for r in self.records() if r.path != record.path]
        self._write([*kept, record])
        return record

    def revoke(self, path: str | Path) -> bool:
        """Forget a file's trust; False when it had none."""
        resolved = str(Path(path).resolve())
        records = self.records()
        kept = [r for r in records if r.path != resolved]
        if len(kept) == len(records):
            return False
        self._write(kept)
        return True
