"""Finding, parsing, validating and caching decks.

    result = load_decks([bundled, user_folder, *extra], cache_dir=cache)
    result.decks      # valid decks, in discovery order, deck ids unique
    result.problems   # every problem of every file, as path:line:col: message

A broken file never stops the others from loading; nothing here raises for bad content.
"""

from __future__ import annotations

import gc
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from studyapp.decks import _cache
from studyapp.model import DeckCatalog, Problem

if TYPE_CHECKING:
    from studyapp.model import Deck

DECK_SUFFIXES = (".yaml", ".yml")
"""File endings of deck files."""
MAX_DECK_BYTES = 64 << 20
"""The largest deck file read (64 MiB); a bigger one is refused with a problem."""

FilesLoaded = Callable[[int, int], None]
"""Called with (files done, files in all) while loading."""


@dataclass
class LoadResult:
    """What loading a set of sources produced."""

    decks: list[Deck] = field(default_factory=list)
    """Valid decks with unique ids, in discovery order."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem found, file by file, by line."""
    files: list[str] = field(default_factory=list)
    """Every deck file looked at."""
    cancelled: bool = False
    """True when loading stopped early on request."""

    def deck(self, deck_id: str) -> Deck | None:
        """The deck with this id, or None."""
        for deck in self.decks:
            if deck.id == deck_id:
                return deck
        return None

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def _special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _skipped(path: str, kind: str) -> Problem:
    """The problem line of a deck-named path that is not a regular file."""
    return Problem(path, 0, 0, f"skipped: this is {kind}, not a deck file (decks are regular "
                               "files)")


def discover(sources: Iterable[Path | str]) -> tuple[list[str], list[Problem]]:
    """Deck files under `sources` (files or folders, searched recursively, hidden ones skipped).

    Each file appears once, in a stable order. A source that does not exist, a file given
    by name that is not YAML, a deck-named FIFO, device or socket (or a link to one) and a
    folder that cannot be read are problems; nothing here opens a file.
    """
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        try:
            mode = os.stat(path).st_mode  # follows links: a link to /dev/zero is a device
        except OSError as error:
            problems.append(Problem(path, 0, 0, f"cannot read the file: {error.strerror}"))
            return
        kind = _special_kind(mode)
        if kind is not None:
            problems.append(_skipped(path, kind))
            return
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            files.append(path)

    def unreadable(error: OSError) -> None:
        where = error.filename or "?"
        problems.append(
            Problem(str(where), 0, 0, f"cannot read the folder: {error.strerror} (its decks "
                                      "were left out)")
        )

    for source in sources:
        path = os.fspath(source)
        try:
            mode: int | None = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            problems.append(Problem(path, 0, 0, f"cannot read it: {error.strerror}"))
            continue
        if mode is not None and stat.S_ISDIR(mode):
            found: list[str] = []
            for root, dirs, names in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.join(root, name)
                    for name in names
                    if name.endswith(DECK_SUFFIXES) and not name.startswith(".")
                )
            for file in sorted(found):
                add(file)
        elif mode is not None and stat.S_ISREG(mode):
            if path.endswith(DECK_SUFFIXES):
                add(path)
            else:
                problems.append(
                    Problem(path, 0, 0, "not a deck file: deck files end in .yaml or .yml")
                )
        elif mode is not None:
            problems.append(_skipped(path, _special_kind(mode) or "not a regular file"))
        else:
            problems.append(Problem(path, 0, 0, "no such file or folder"))
    return files, problems


_now_ns = time.time_ns
"""The wall clock that dates reads of deck files (a seam for tests)."""


# A NamedTuple, cheaper to define than a dataclass at every start-up: `due` imports this.
class _Source(NamedTuple):
    """A deck file as read: its bytes, cache key, stamp, and when it was read."""

    data: bytes
    """The file's content."""
    key: _cache.SourceKey
    """Its cache key (content hash included)."""
    stamp: _cache.Stamp
    """Its stat, taken before reading."""
    read_ns: int
    """The wall clock just before the stat."""


def _stat_source(path: str) -> tuple[str, _cache.Stamp] | None:
    """The path and stamp of a regular deck file within the size limit, without opening it;
    None for anything else (which the full read then reports)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DECK_BYTES:
        return None
    return path, _cache.Stamp.of(info)


def _source_key(path: str) -> _Source | Problem:
    """The bytes of a deck file and its cache key, or the problem reading it.

    Opened without blocking and checked to be a regular file of at most MAX_DECK_BYTES
    before anything is read: a FIFO swapped in after discovery cannot hang the app.
    """
    read_ns = _now_ns()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return Problem(path, 0, 0, f"cannot read the file: {error.strerror}")
    try:
        info = os.fstat(fd)
        kind = _special_kind(info.st_mode)
        if kind is not None:
            return _skipped(path, kind)
        if info.st_size > MAX_DECK_BYTES:
            size = info.st_size / (1 << 20)
            limit = MAX_DECK_BYTES >> 20
            return Problem(path, 0, 0, f"the file is {size:.0f} MiB: decks over {limit} MiB are "
                                       "refused (split it into several decks)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_DECK_BYTES + 1)
    except OSError as error:
        return Problem(path, 0, 0, f"cannot read the file: {error.strerror}")
    finally:
        os.close(fd)
    if len(data) > MAX_DECK_BYTES:  # it grew while we read
        return Problem(path, 0, 0, f"decks over {MAX_DECK_BYTES >> 20} MiB are refused")
    key = (path, info.st_size, info.st_mtime_ns, _cache.content_hash(data))
    return _Source(data, key, _cache.Stamp.of(info), read_ns)


def _parse_and_cache(
    path: str, source: _Source, cache_dir: Path | None
) -> tuple[Deck | None, list[Problem]]:
    # The YAML parser is only needed on a cache miss; a warm start never imports it.
    from studyapp.decks import _parse

    deck, problems = _parse.parse_deck(source.data, path)
    problems.sort(key=lambda problem: (problem.line, problem.column))
    if cache_dir is not None:
        _cache.write(cache_dir, source.key, source.stamp, source.read_ns, deck, problems)
    return deck, problems


def load_file(path: str, cache_dir: Path | None = None) -> tuple[Deck | None, list[Problem]]:
    """Parse and validate one deck file, through the cache when one is given.

    A cache entry whose recorded stat still matches a settled file is used without
    reading the file (see `_cache`); otherwise the content decides.
    """
    if cache_dir is not None and (by_stat := _stat_source(path)) is not None:
        cached = _cache.read(cache_dir, by_stat)
        if cached is not None:
            return cached
    source = _source_key(path)
    if isinstance(source, Problem):
        return None, [source]
    if cache_dir is not None:
        cached = _cache.read(cache_dir, source.key)
        if cached is not None:
            _cache.restamp(cache_dir, path, source.stamp, source.read_ns)
            return cached
    return _parse_and_cache(path, source, cache_dir)


def load_catalog(
    path: str, cache_dir: Path | None = None
) -> tuple[DeckCatalog | None, list[Problem]]:
    """One deck file's catalog (ids and tiers): from the cache without reading any item
    text, else parsed (and cached) in full."""
    if cache_dir is not None and (by_stat := _stat_source(path)) is not None:
        cached = _cache.read_catalog(cache_dir, by_stat)
        if cached is not None:
            return cached
    source = _source_key(path)
    if isinstance(source, Problem):
        return None, [source]
    if cache_dir is not None:
        cached = _cache.read_catalog(cache_dir, source.key)
        if cached is not None:
            _cache.restamp(cache_dir, path, source.stamp, source.read_ns)
            return cached
    deck, problems = _parse_and_cache(path, source, cache_dir)
    return (None if deck is None else deck.catalog()), problems


def load_decks(
    sources: Sequence[Path | str],
    cache_dir: Path | None = None,
    progress: FilesLoaded | None = None,
    cancel: threading.Event | None = None,
) -> LoadResult:
    """Load every deck under `sources`; see the module docstring."""
    result: LoadResult = _load(load_file, sources, cache_dir, progress, cancel)
    return result


def load_catalogs(
    sources: Sequence[Path | str], cache_dir: Path | None = None
) -> tuple[list[DeckCatalog], list[Problem]]:
    """The catalogs of every deck under `sources` (as load_decks finds them) and the
    problems: for counting, which needs no item text."""
    result = _load(load_catalog, sources, cache_dir, None, None)
    catalogs: list[DeckCatalog] = list(result.decks)  # type: ignore[arg-type]
    return catalogs, result.problems


def _load(
    loader: Callable[[str, Path | None], tuple[Any, list[Problem]]],
    sources: Sequence[Path | str],
    cache_dir: Path | None,
    progress: FilesLoaded | None,
    cancel: threading.Event | None,
) -> LoadResult:
    files, problems = discover(sources)
    result = LoadResult(problems=problems, files=files)
    # Parsing makes millions of short-lived, acyclic objects; the cyclic collector would
    # rescan the growing heap of loaded decks again and again (a third of a 100,000-item
    # load). Reference counting frees everything here, so pause the collector meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        first_path: dict[str, str] = {}
        for done, path in enumerate(files, start=1):
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                break
            deck, file_problems = loader(path, cache_dir)
            result.problems.extend(file_problems)
            if deck is not None:
                if deck.id in first_path:
                    result.problems.append(
                        Problem(
                            path,
                            getattr(deck, "line", 1),
                            1,
                            f"deck id '{deck.id}' is already used by {first_path[deck.id]}: "
                            "deck ids must be unique (this deck was not loaded)",
                        )
                    )
                else:
                    first_path[deck.id] = path
                    result.decks.append(deck)
            if progress is not None:
                progress(done, len(files))
    finally:
        if collecting:
            gc.enable()
    return result


def parse_deck(data: bytes, path: str) -> tuple[Deck | None, list[Problem]]:
    """Parse and validate one deck file's bytes (see `_parse.parse_deck`)."""
    from studyapp.decks import _parse

    return _parse.parse_deck(data, path)


__all__ = [
    "DECK_SUFFIXES",
    "FilesLoaded",
    "LoadResult",
    "discover",
    "load_catalog",
    "load_catalogs",
    "load_decks",
    "load_file",
    "parse_deck",
]
