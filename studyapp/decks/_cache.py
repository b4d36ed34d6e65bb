"""A cache of parsed decks, so unchanged files are not parsed again.

One file per deck source in the cache folder. An entry is used only when the source's size,
modification time and content hash all match, and the entry's own checksum proves it was
not damaged; anything else (corrupt, truncated, stale, from another version) is ignored
and rewritten. Entries are `marshal` data: plain values only, nothing that can run code.

An entry also records the source's stat (size, mtime, ctime, inode, device) and when the
source was read, so an unchanged file can be trusted by its stat alone, without reading it,
as git trusts its index. As in git, a stat is trusted only when the file last changed
well before it was read (RACY_NS): a change in the same coarse timestamp tick as the read
could otherwise leave the stat as it was. Such "racy" sources are read and their content
checked instead, and the entry is stamped again once they are old enough.
"""

from __future__ import annotations

import marshal
import os
import zlib
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from studyapp.model import TIERS_BY_NAME, DeckCatalog, Problem

if TYPE_CHECKING:
    from studyapp.model import Deck, SandboxExercise

_MAGIC = b"studyapp-deck-cache-10\n"
_DIGEST = 4
_LENGTH = 4

SourceKey = tuple[str, int, int, str]
"""(display path, size, mtime in ns, content hash) of a deck source file."""

RACY_NS = 2_000_000_000
"""How much older than its read a source's last change must be for its stat to be trusted
(2 s: the coarsest file timestamps in common use, FAT's, tick every 2 s)."""


class Stamp(NamedTuple):
    """What stat tells of a deck source, and when that was looked at."""

    size: int
    """Size in bytes."""
    mtime_ns: int
    """Modification time."""
    ctime_ns: int
    """Status change time (changed by any write, and by setting the mtime back)."""
    inode: int
    """Inode number (changed when the file is replaced by another)."""
    device: int
    """Device of the file system holding it."""

    @classmethod
    def of(cls, info: os.stat_result) -> Stamp:
        """The stamp of a stat result."""
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)

    def settled(self, read_ns: int) -> bool:
        """True when the file last changed at least RACY_NS before `read_ns` (wall clock)."""
        return max(self.mtime_ns, self.ctime_ns) < read_ns - RACY_NS


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


def _sandbox_types() -> dict[str, type[Any]]:
    """The classes a sandbox record may name, by name."""
    # Imported here, as in the other readers of whole decks: `due` reads catalogs only and
    # never needs the item classes defined (see studyapp.model).
    from studyapp.model import SandboxCase, SandboxExercise

    return {cls.__name__: cls for cls in (SandboxExercise, SandboxCase)}


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
            cls = _sandbox_types()[value[_TYPE]]
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
    from studyapp.model import SandboxExercise

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


_makers: tuple[Any, Any, Any, Any] | None = None
"""The constructors of flashcards, questions, reorder exercises and lab scenarios, built on
first use: `due` reads catalogs only and need not compile them at start-up."""


def _item_makers() -> tuple[Any, Any, Any, Any]:
    global _makers
    if _makers is None:
        from studyapp.model import Flashcard, LabScenario, Question, ReorderExercise

        _makers = (
            _maker(Flashcard),
            _maker(Question, tier_field="tier"),
            _maker(ReorderExercise),
            _maker(LabScenario),
        )
    return _makers


def _deck_from_record(record: tuple[Any, ...], path: str) -> Deck:
    from studyapp.model import Deck

    ident, title, description, tags, line, cards, questions, reorder, sandbox, lab = record
    make_flashcard, make_question, make_reorder, make_lab = _item_makers()
    return Deck(
        id=ident,
        title=title,
        path=path,
        description=description,
        tags=tags,
        line=line,
        flashcards=tuple(map(make_flashcard, *cards)) if cards else (),
        questions=tuple(map(make_question, *questions)) if questions else (),
        reorder=tuple(map(make_reorder, *reorder)) if reorder else (),
        sandbox=tuple([_sandbox_from_record(record) for record in sandbox]),
        lab=tuple(map(make_lab, *lab)) if lab else (),
    )


def _catalog_record(deck: Deck) -> tuple[Any, ...]:
    catalog = deck.catalog()
    return (
        catalog.id,
        catalog.title,
        catalog.flashcard_ids,
        catalog.question_ids,
        catalog.tier_names,
        catalog.reorder_ids,
        catalog.sandbox_ids,
        catalog.lab_ids,
        catalog.sorted_ids,
    )


def _catalog_from_record(record: tuple[Any, ...], path: str) -> DeckCatalog:
    ident, title, *texts = record
    return DeckCatalog(ident, title, path, *texts)


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


Source = SourceKey | tuple[str, Stamp]
"""A source to look up: by its full key (content read), or by path and stamp (not read)."""


def _stamp_section(path: str, stamp: Stamp, read_ns: int) -> bytes:
    payload = marshal.dumps((path, tuple(stamp), read_ns))
    return len(payload).to_bytes(_LENGTH, "big") + _checksum(payload) + payload


def _load(payload: bytes, source: Source, head: bytes) -> tuple[Any, list[Problem]] | None:
    """The record and problems of a section, when its key is the source's.

    A source given by stamp matches when the stamp section (`head`) holds the same path and
    stat, taken when the file had settled, and the section's key has that size and mtime.
    """
    stored_key, record, problems = marshal.loads(payload)
    if len(source) == 4:
        if tuple(stored_key) != source:
            return None
    else:
        path, stamp = source
        stored_path, stored_stamp, read_ns = marshal.loads(head)
        if (
            stored_path != path
            or tuple(stored_stamp) != stamp
            or not stamp.settled(read_ns)
            or tuple(stored_key[:3]) != (path, stamp.size, stamp.mtime_ns)
        ):
            return None
    return record, [Problem(*problem) for problem in problems]


def read(cache_dir: Path, source: Source) -> tuple[Deck | None, list[Problem]] | None:
    """The cached result for this exact source, or None when there is no usable entry."""
    try:
        blob = entry_path(cache_dir, source[0]).read_bytes()
    except OSError:
        return None
    if not blob.startswith(_MAGIC):
        return None
    try:
        head = _section(blob, len(_MAGIC))
        catalog = head and _section(blob, head[1])
        full = catalog and _section(blob, catalog[1])
        loaded = head and full and _load(full[0], source, head[0])
        if not loaded:
            return None
        record, problems = loaded
        return (None if record is None else _deck_from_record(record, source[0])), problems
    except Exception:
        return None


def _read_head(handle: BinaryIO, blob: bytes) -> bytes | None:
    """`blob` extended by the next section read from `handle`, or None when short."""
    head = handle.read(_LENGTH + _DIGEST)
    if len(head) < _LENGTH + _DIGEST:
        return None
    size = int.from_bytes(head[:_LENGTH], "big")
    return blob + head + handle.read(size)


def read_catalog(
    cache_dir: Path, source: Source
) -> tuple[DeckCatalog | None, list[Problem]] | None:
    """The cached catalog (ids and tiers only) for this exact source, or None.

    Only the stamp and catalog sections are read from disk and decoded: no item text.
    """
    try:
        with entry_path(cache_dir, source[0]).open("rb") as handle:
            blob: bytes | None = handle.read(len(_MAGIC))
            if blob != _MAGIC:
                return None
            blob = _read_head(handle, blob)
            blob = blob and _read_head(handle, blob)
    except OSError:
        return None
    if not blob:
        return None
    try:
        head = _section(blob, len(_MAGIC))
        catalog = head and _section(blob, head[1])
        loaded = head and catalog and _load(catalog[0], source, head[0])
        if not loaded:
            return None
        record, problems = loaded
        return (None if record is None else _catalog_from_record(record, source[0])), problems
    except Exception:
        return None


def restamp(cache_dir: Path, path: str, stamp: Stamp, read_ns: int) -> None:
    """Record a new stamp in the entry of `path`, whose content was just found to match it.

    Only for a settled stamp (else the next run would have to read the file again anyway);
    failures are ignored.
    """
    if not stamp.settled(read_ns):
        return
    from studyapp.fileio import write_atomic  # here: a run that only reads never needs it

    target = entry_path(cache_dir, path)
    try:
        blob = target.read_bytes()
        head = _section(blob, len(_MAGIC)) if blob.startswith(_MAGIC) else None
        if head is None:
            return
        write_atomic(target, _MAGIC + _stamp_section(path, stamp, read_ns) + blob[head[1] :],
                     durable=False)
    except OSError:
        return


def write(
    cache_dir: Path,
    key: SourceKey,
    stamp: Stamp,
    read_ns: int,
    deck: Deck | None,
    problems: list[Problem],
) -> None:
    """Store a parse result; failures to write are ignored (the cache is only a speed-up).

    An entry holds three checked sections: the source's stamp and when it was read
    (`read_ns`, wall clock, taken before the stat), the deck's catalog (read with the stamp
    alone by `due`), then the whole deck.
    """
    plain = [(p.path, p.line, p.column, p.message) for p in problems]
    try:
        catalog = marshal.dumps((key, None if deck is None else _catalog_record(deck), plain))
        full = marshal.dumps((key, None if deck is None else _deck_record(deck), plain))
    except ValueError:  # a value marshal cannot store: go without the cache for this file
        return
    blob = _MAGIC + _stamp_section(key[0], stamp, read_ns) + b"".join(
        len(payload).to_bytes(_LENGTH, "big") + _checksum(payload) + payload
        for payload in (catalog, full)
    )
    from studyapp.fileio import write_atomic  # here: a run that only reads never needs it

    target = entry_path(cache_dir, key[0])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Entries are checksummed and rebuilt when lost: atomic, but not worth a flush to disk.
        write_atomic(target, blob, durable=False)
    except OSError:
        return
