"""A cache of parsed decks, so unchanged files are not parsed again.

One file per deck source in the cache folder. An entry is used only when the source's size,
modification time and content hash all match, and the entry's own checksum proves it was
not damaged; anything else (corrupt, truncated, stale, from another version) is ignored
and rewritten. Entries are `marshal` data: plain values only, nothing that can run code.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from studyapp.model import (
    Deck,
    Flashcard,
    Problem,
    Question,
    ReorderExercise,
    SandboxCase,
    SandboxExercise,
    Tier,
)

_MAGIC = b"studyapp-deck-cache-3\n"
_DIGEST = 32
_TIERS = {tier.value: tier for tier in Tier}
_SANDBOX_FIELDS = {field.name for field in fields(SandboxExercise)}

SourceKey = tuple[str, int, int, str]
"""(display path, size, mtime in ns, content hash) of a deck source file."""


def content_hash(data: bytes) -> str:
    """The hash that keys a source's content."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def entry_path(cache_dir: Path, path: str) -> Path:
    """Where the cache entry of the source shown as `path` lives."""
    name = hashlib.blake2b(os.path.abspath(path).encode(), digest_size=12).hexdigest()
    return cache_dir / "decks" / f"{name}.bin"


def _deck_record(deck: Deck) -> tuple[Any, ...]:
    return (
        deck.id,
        deck.title,
        deck.description,
        deck.tags,
        deck.line,
        [(c.id, c.front, c.back, c.tags, c.line) for c in deck.flashcards],
        [
            (q.id, q.tier.value, q.prompt, q.answer, q.key_points, q.senior_angle, q.tags, q.line)
            for q in deck.questions
        ],
        [(r.id, r.prompt, r.steps, r.explanation, r.tags, r.line) for r in deck.reorder],
        [_sandbox_record(s) for s in deck.sandbox],
    )


def _sandbox_record(exercise: SandboxExercise) -> dict[str, Any]:
    # By field name, so an entry written before a field was added fails to load and is redone.
    record = {field.name: getattr(exercise, field.name) for field in fields(SandboxExercise)}
    record["cases"] = [(case.name, case.params) for case in exercise.cases]
    return record


def _sandbox_from_record(record: dict[str, Any]) -> SandboxExercise:
    if set(record) != _SANDBOX_FIELDS:
        raise ValueError("cache entry from another version")
    values = dict(record)
    values["cases"] = tuple(SandboxCase(name, params) for name, params in record["cases"])
    return SandboxExercise(**values)


def _deck_from_record(record: tuple[Any, ...], path: str) -> Deck:
    ident, title, description, tags, line, cards, questions, reorder, sandbox = record
    return Deck(
        id=ident,
        title=title,
        path=path,
        description=description,
        tags=tags,
        line=line,
        flashcards=tuple([Flashcard(*card) for card in cards]),
        questions=tuple(
            [Question(q[0], _TIERS[q[1]], q[2], q[3], q[4], q[5], q[6], q[7]) for q in questions]
        ),
        reorder=tuple([ReorderExercise(*r) for r in reorder]),
        sandbox=tuple([_sandbox_from_record(record) for record in sandbox]),
    )


def read(cache_dir: Path, key: SourceKey) -> tuple[Deck | None, list[Problem]] | None:
    """The cached result for this exact source, or None when there is no usable entry."""
    try:
        blob = entry_path(cache_dir, key[0]).read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if not blob.startswith(_MAGIC) or len(blob) < head + _DIGEST:
        return None
    digest, payload = blob[head : head + _DIGEST], blob[head + _DIGEST :]
    if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != digest:
        return None
    try:
        stored_key, deck_record, problems = marshal.loads(payload)
        if tuple(stored_key) != key:
            return None
        deck = None if deck_record is None else _deck_from_record(deck_record, key[0])
        return deck, [Problem(*problem) for problem in problems]
    except Exception:
        return None


def write(cache_dir: Path, key: SourceKey, deck: Deck | None, problems: list[Problem]) -> None:
    """Store a parse result; failures to write are ignored (the cache is only a speed-up)."""
    record = None if deck is None else _deck_record(deck)
    payload = marshal.dumps(
        (key, record, [(p.path, p.line, p.column, p.message) for p in problems])
    )
    blob = _MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
    target = entry_path(cache_dir, key[0])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a crash never leaves a half-written entry under the real name.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, target)
    except OSError:
        return
