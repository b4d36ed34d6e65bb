"""A cache of parsed decks, so unchanged files are not parsed again.

One file per deck source in the cache folder. An entry is used only when the source's size,
modification time and content hash all match, and the entry's own checksum proves it was
not damaged; anything else (corrupt, truncated, stale, from another version) is ignored
and rewritten. Entries are `marshal` data: plain values only, nothing that can run code.
"""

from __future__ import annotations

import marshal
import os
import zlib
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from studyapp.fileio import write_atomic
from studyapp.model import (
    TIERS_BY_NAME,
    Deck,
    DeckCatalog,
    Flashcard,
    LabScenario,
    Problem,
    Question,
    ReorderExercise,
    SandboxCase,
    SandboxExercise,
)

_MAGIC = b"studyapp-deck-cache-8\n"
_DIGEST = 4
_LENGTH = 4

SourceKey = tuple[str, int, int, str]
"""(display path, size, mtime in ns, content hash) of a deck source file."""


def content_hash(data: bytes) -> str:
    """The hash that keys a source's content, with its length.

    CRC-32 finds any accidental change (it is not meant to resist a forger, and the cache
    holds nothing that can run code) at several GB/s; a cryptographic hash was a tenth of
    a warm 100,000-item load.
    """
    return f"{zlib.crc32(data):08x}-{len(data)}"


def _checksum(payload: bytes) -> bytes:
    return zlib.crc32(payload).to_bytes(_DIGEST, "big")


def entry_path(cache_dir: Path, path: str) -> Path:
    """Where the cache entry of the source shown as `path` lives."""
    # A name, not a key: entries store their full key, so a clash only costs a cache miss.
    name = f"{zlib.crc32(os.path.abspath(path).encode()):08x}"
    return cache_dir / "decks" / f"{Path(path).stem[:40]}-{name}.bin"


def _deck_record(deck: Deck) -> tuple[Any, ...]:
    return (
        deck.id,
        deck.title,
        deck.description,
        deck.tags,
        deck.line,
        _items_record(deck.flashcards),
        _items_record(deck.questions),
        _items_record(deck.reorder),
        [_sandbox_record(s) for s in deck.sandbox],
        _items_record(deck.lab),
    )


def _items_record(items: tuple[Any, ...]) -> tuple[tuple[Any, ...], ...]:
    """Items as columns, one tuple per field in field order (a tier as its name).

    Columns rather than a tuple per item: marshal then builds a handful of tuples per
    deck instead of one per item.
    """
    if not items:
        return ()
    names = [field.name for field in fields(items[0])]
    columns = [tuple(getattr(item, name) for item in items) for name in names]
    return tuple(
        tuple(value.value for value in column) if name == "tier" else column
        for name, column in zip(names, columns, strict=True)
    )


_TYPE = "__studyapp_type__"
_SANDBOX_TYPES: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (SandboxExercise, SandboxCase)
}


def _encode(value: Any) -> Any:
    # Dataclasses by field name, so an entry written before a field was added fails to
    # load (and is redone) instead of filling the wrong field.
    if is_dataclass(value) and not isinstance(value, type):
        encoded = {field.name: _encode(getattr(value, field.name)) for field in fields(value)}
        encoded[_TYPE] = type(value).__name__
        return encoded
    if isinstance(value, tuple):
        return tuple(_encode(item) for item in value)
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if _TYPE in value:
            cls = _SANDBOX_TYPES[value[_TYPE]]
            names = {field.name for field in fields(cls)}
            data = {key: _decode(item) for key, item in value.items() if key != _TYPE}
            if set(data) != names:
                raise ValueError("cache entry from another version")
            return cls(**data)
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_decode(item) for item in value)
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def _sandbox_record(exercise: SandboxExercise) -> dict[str, Any]:
    record: dict[str, Any] = _encode(exercise)
    return record


def _sandbox_from_record(record: dict[str, Any]) -> SandboxExercise:
    exercise = _decode(record)
    if not isinstance(exercise, SandboxExercise):
        raise ValueError("not a sandbox exercise")
    return exercise


def _maker(cls: type[Any], tier_field: str | None = None) -> Any:
    """A fast constructor of a frozen slots dataclass from its field values, in order.

    It fills the slots through their descriptors, which skips the generated __init__'s
    per-field object.__setattr__ calls: a third of a warm 100,000-item load. Only for
    records this module wrote, which always carry every field.
    """
    names = [field.name for field in fields(cls)]
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls, "tiers": TIERS_BY_NAME}
    params = ", ".join(f"v{index}" for index in range(len(names)))
    lines = [f"def make({params}):", "    o = new(cls)"]
    for index, name in enumerate(names):
        scope[f"set{index}"] = cls.__dict__[name].__set__
        value = f"tiers[v{index}]" if name == tier_field else f"v{index}"
        lines.append(f"    set{index}(o, {value})")
    lines.append("    return o")
    exec("\n".join(lines), scope)
    return scope["make"]


_make_flashcard = _maker(Flashcard)
_make_question = _maker(Question, tier_field="tier")
_make_reorder = _maker(ReorderExercise)
_make_lab = _maker(LabScenario)


def _deck_from_record(record: tuple[Any, ...], path: str) -> Deck:
    ident, title, description, tags, line, cards, questions, reorder, sandbox, lab = record
    return Deck(
        id=ident,
        title=title,
        path=path,
        description=description,
        tags=tags,
        line=line,
        flashcards=tuple(map(_make_flashcard, *cards)) if cards else (),
        questions=tuple(map(_make_question, *questions)) if questions else (),
        reorder=tuple(map(_make_reorder, *reorder)) if reorder else (),
        sandbox=tuple([_sandbox_from_record(record) for record in sandbox]),
        lab=tuple(map(_make_lab, *lab)) if lab else (),
    )


def _catalog_record(deck: Deck) -> tuple[Any, ...]:
    catalog = deck.catalog()
    return (
        catalog.id,
        catalog.title,
        catalog.flashcards,
        catalog.questions,
        tuple(tier.value for tier in catalog.question_tiers),
        catalog.reorder,
        catalog.sandbox,
        catalog.lab,
    )


def _catalog_from_record(record: tuple[Any, ...], path: str) -> DeckCatalog:
    ident, title, flashcards, questions, tiers, reorder, sandbox, lab = record
    return DeckCatalog(
        ident,
        title,
        path,
        flashcards,
        questions,
        tuple(TIERS_BY_NAME[tier] for tier in tiers),
        reorder,
        sandbox,
        lab,
    )


def _section(blob: bytes, start: int) -> tuple[bytes, int] | None:
    """The checked payload of the section at `start`, and where the next one begins."""
    head = start + _LENGTH + _DIGEST
    if len(blob) < head:
        return None
    size = int.from_bytes(blob[start : start + _LENGTH], "big")
    digest, payload = blob[start + _LENGTH : head], blob[head : head + size]
    if len(payload) != size or _checksum(payload) != digest:
        return None
    return payload, head + size


def _load(payload: bytes, key: SourceKey) -> tuple[Any, list[Problem]] | None:
    stored_key, record, problems = marshal.loads(payload)
    if tuple(stored_key) != key:
        return None
    return record, [Problem(*problem) for problem in problems]


def read(cache_dir: Path, key: SourceKey) -> tuple[Deck | None, list[Problem]] | None:
    """The cached result for this exact source, or None when there is no usable entry."""
    try:
        blob = entry_path(cache_dir, key[0]).read_bytes()
    except OSError:
        return None
    if not blob.startswith(_MAGIC):
        return None
    try:
        catalog = _section(blob, len(_MAGIC))
        full = catalog and _section(blob, catalog[1])
        loaded = full and _load(full[0], key)
        if not loaded:
            return None
        record, problems = loaded
        return (None if record is None else _deck_from_record(record, key[0])), problems
    except Exception:
        return None


def read_catalog(
    cache_dir: Path, key: SourceKey
) -> tuple[DeckCatalog | None, list[Problem]] | None:
    """The cached catalog (ids and tiers only) for this exact source, or None.

    Only the catalog section is read from disk and decoded: no item text at all.
    """
    try:
        with entry_path(cache_dir, key[0]).open("rb") as handle:
            head = handle.read(len(_MAGIC) + _LENGTH + _DIGEST)
            if not head.startswith(_MAGIC) or len(head) < len(_MAGIC) + _LENGTH:
                return None
            size = int.from_bytes(head[len(_MAGIC) : len(_MAGIC) + _LENGTH], "big")
            blob = head + handle.read(size)
    except OSError:
        return None
    try:
        catalog = _section(blob, len(_MAGIC))
        loaded = catalog and _load(catalog[0], key)
        if not loaded:
            return None
        record, problems = loaded
        return (None if record is None else _catalog_from_record(record, key[0])), problems
    except Exception:
        return None


def write(cache_dir: Path, key: SourceKey, deck: Deck | None, problems: list[Problem]) -> None:
    """Store a parse result; failures to write are ignored (the cache is only a speed-up).

    An entry holds two checked sections: the deck's catalog first (read alone by `due`),
    then the whole deck.
    """
    plain = [(p.path, p.line, p.column, p.message) for p in problems]
    try:
        catalog = marshal.dumps((key, None if deck is None else _catalog_record(deck), plain))
        full = marshal.dumps((key, None if deck is None else _deck_record(deck), plain))
    except ValueError:  # a value marshal cannot store: go without the cache for this file
        return
    blob = _MAGIC + b"".join(
        len(payload).to_bytes(_LENGTH, "big") + _checksum(payload) + payload
        for payload in (catalog, full)
    )
    target = entry_path(cache_dir, key[0])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Entries are checksummed and rebuilt when lost: atomic, but not worth a flush to disk.
        write_atomic(target, blob, durable=False)
    except OSError:
        return
