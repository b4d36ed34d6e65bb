"""When the parsed-deck cache is trusted: an unchanged file is not parsed (nor, once settled,
read) again, anything that may have changed is, and a warm load equals a fresh parse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import studyapp.decks as decks
from studyapp.decks import _cache, load_catalog, load_catalogs, load_decks, load_file
from studyapp.model import Tier
from tests.helpers import VALID_DECK, write_deck
from tests.test_decks_loading import _count_reads as count_reads


def _refuse(*_: object) -> object:
    raise AssertionError("parsed again although the cache entry is fresh")


def _cache_read_at(monkeypatch: pytest.MonkeyPatch, path: Path, cache: Path, read_ns: int) -> None:
    """Fill the cache as if `path` had been read at `read_ns` on the wall clock."""
    with monkeypatch.context() as patch:
        patch.setattr(decks, "_now_ns", lambda: read_ns)
        assert load_decks([path], cache_dir=cache).decks


def _last_change(path: Path) -> int:
    info = path.stat()
    return max(info.st_mtime_ns, info.st_ctime_ns)


@pytest.mark.parametrize(("after", "trusted"), [(0, False), (1, True)])
def test_a_stat_is_trusted_only_once_the_file_is_over_two_seconds_older_than_its_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int, trusted: bool
) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    _cache_read_at(monkeypatch, path, cache, _last_change(path) + 2_000_000_000 + after)
    opened = count_reads(monkeypatch, path)
    assert load_catalogs([path], cache_dir=cache)[0][0].id == "demo"
    assert load_decks([path], cache_dir=cache).decks[0].id == "demo"
    assert opened == ([] if trusted else [str(path), str(path)])


@pytest.mark.parametrize("field", ["st_ino", "st_dev"])
def test_a_file_replaced_by_another_with_the_same_times_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    _cache_read_at(monkeypatch, path, cache, _last_change(path) + 3600 * 10**9)
    real_stat = os.stat

    def moved(target: str | Path, *, dir_fd: int | None = None) -> os.stat_result:
        info = real_stat(target, dir_fd=dir_fd)
        if os.fspath(target) != str(path):
            return info
        # Another file (another inode, or another disk) with the same size and times.
        values = list(info)
        values[1 if field == "st_ino" else 2] += 1
        return os.stat_result(values, {
            "st_mtime_ns": info.st_mtime_ns, "st_ctime_ns": info.st_ctime_ns,
            "st_atime_ns": info.st_atime_ns,
        })

    monkeypatch.setattr(os, "stat", moved)
    opened = count_reads(monkeypatch, path)
    assert load_decks([path], cache_dir=cache).decks[0].id == "demo"
    assert opened == [str(path)]


def test_decks_with_the_same_file_name_in_two_folders_are_both_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = write_deck(tmp_path / "a", "demo.yaml", VALID_DECK)
    second = write_deck(tmp_path / "b", "demo.yaml", VALID_DECK.replace("id: demo", "id: other"))
    cold = load_decks([first, second], cache_dir=cache)
    monkeypatch.setattr("studyapp.decks._parse.parse_deck", _refuse)
    warm = load_decks([first, second], cache_dir=cache)
    assert [deck.id for deck in warm.decks] == ["demo", "other"] and warm.decks == cold.decks
    assert _cache.entry_path(cache, str(first)) != _cache.entry_path(cache, str(second))


@pytest.mark.parametrize(
    ("old", "new"),
    [(b"The step size.", b"The step sizX."), (b"Demo deck", b"Demo dock")],
    ids=["deck-section", "every-section"],
)
def test_an_entry_edited_in_place_is_not_trusted(
    tmp_path: Path, old: bytes, new: bytes
) -> None:
    # Same length, still valid marshal data: only the checksums tell.
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    (expected,) = load_decks([path], cache_dir=cache).decks
    entry = _cache.entry_path(cache, str(path))
    blob = entry.read_bytes()
    assert old in blob
    entry.write_bytes(blob.replace(old, new))
    assert load_decks([path], cache_dir=cache).decks == [expected]
    entry.write_bytes(blob.replace(old, new))
    assert load_catalogs([path], cache_dir=cache)[0] == [expected.catalog()]


def test_a_broken_deck_is_not_parsed_again_while_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "bad.yaml", VALID_DECK.replace("tier: beginner", "tier: x"))
    cold = load_file(str(path), cache)
    assert cold[0] is None and len(cold[1]) == 1
    monkeypatch.setattr("studyapp.decks._parse.parse_deck", _refuse)
    assert load_file(str(path), cache) == cold
    assert load_catalog(str(path), cache) == cold
    monkeypatch.setattr(decks, "_now_ns", lambda: _last_change(path) + 3600 * 10**9)
    assert load_file(str(path), cache) == cold  # restamped as settled
    assert load_catalog(str(path), cache) == cold


def test_a_new_process_builds_the_same_items_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    (cold,) = load_decks([path], cache_dir=cache).decks
    # A fresh process has not built its item constructors yet.
    monkeypatch.setattr(_cache, "_makers", None)
    monkeypatch.setattr("studyapp.decks._parse.parse_deck", _refuse)
    (warm,) = load_decks([path], cache_dir=cache).decks
    assert warm == cold
    assert warm.questions[0].tier is Tier.BEGINNER
    assert warm.flashcards[0].back == "The step size."
    assert warm.reorder[0].steps == cold.reorder[0].steps


def test_an_edited_file_gives_what_a_fresh_parse_gives(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    load_decks([path], cache_dir=cache)
    edited = VALID_DECK.replace("tier: beginner", "tier: expert") + "  - {id: r2, prompt: P,"
    path.write_text(edited + " steps: [a, b, c]}\n", encoding="utf-8")
    warm = load_decks([path], cache_dir=cache)
    assert warm.decks == load_decks([path]).decks
    assert warm.decks[0].questions[0].tier is Tier.EXPERT
    assert [item.id for item in warm.decks[0].reorder] == ["steps", "r2"]


def test_catalogs_stamp_a_racy_entry_again_once_the_file_has_settled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    (deck,) = load_decks([path], cache_dir=cache).decks  # racy: read as it was written
    with monkeypatch.context() as patch:
        patch.setattr(decks, "_now_ns", lambda: _last_change(path) + 3600 * 10**9)
        assert load_catalogs([path], cache_dir=cache)[0] == [deck.catalog()]  # content read
    opened = count_reads(monkeypatch, path)
    assert load_catalogs([path], cache_dir=cache)[0] == [deck.catalog()]
    assert opened == []


def test_a_settled_deck_of_exactly_64_mib_is_trusted_by_its_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"\xff" * (64 << 20))  # refused for its content, quickly
    monkeypatch.setattr(decks, "_now_ns", lambda: _last_change(path) + 3600 * 10**9)
    cold = load_file(str(path), cache)
    assert cold[0] is None and len(cold[1]) == 1
    opened = count_reads(monkeypatch, path)
    assert load_file(str(path), cache) == cold
    assert opened == []
