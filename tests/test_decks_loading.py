"""Discovery, duplicate deck ids across files, and the parsed-deck cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studyapp.decks import _cache, discover, load_decks
from tests.helpers import VALID_DECK, write_deck


def test_discovery_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    write_deck(tmp_path, "b.yaml", VALID_DECK)
    write_deck(tmp_path, "sub/a.yml", VALID_DECK)
    write_deck(tmp_path, ".hidden/c.yaml", VALID_DECK)
    write_deck(tmp_path, "notes.txt", "not a deck")
    files, problems = discover([tmp_path, tmp_path / "b.yaml"])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == ["b.yaml", "sub/a.yml"]
    assert problems == []


def test_missing_source_and_non_yaml_file_are_problems(tmp_path: Path) -> None:
    text_file = write_deck(tmp_path, "notes.txt", "x")
    _, problems = discover([tmp_path / "nope", text_file])
    assert [p.message for p in problems] == [
        "no such file or folder",
        "not a deck file: deck files end in .yaml or .yml",
    ]


def test_broken_file_does_not_stop_other_decks(tmp_path: Path) -> None:
    write_deck(tmp_path, "a-broken.yaml", "deck: [unclosed\n")
    write_deck(tmp_path, "b-good.yaml", VALID_DECK)
    result = load_decks([tmp_path])
    assert [deck.id for deck in result.decks] == ["demo"]
    assert len(result.problems) == 1
    assert result.problems[0].path.endswith("a-broken.yaml")


def test_duplicate_deck_ids_across_files_name_both_files(tmp_path: Path) -> None:
    first = write_deck(tmp_path, "one.yaml", VALID_DECK)
    second = write_deck(tmp_path, "two.yaml", VALID_DECK)
    result = load_decks([tmp_path])
    assert [deck.path for deck in result.decks] == [str(first)]
    (problem,) = result.problems
    assert problem.path == str(second)
    assert f"deck id 'demo' is already used by {first}" in problem.message


def test_cache_hit_skips_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    write_deck(tmp_path / "decks", "demo.yaml", VALID_DECK)
    first = load_decks([tmp_path / "decks"], cache_dir=cache)

    def fail(*_: object) -> None:
        raise AssertionError("parsed although the file did not change")

    monkeypatch.setattr("studyapp.decks._parse.parse_deck", fail)
    second = load_decks([tmp_path / "decks"], cache_dir=cache)
    assert second.decks == first.decks


def test_changed_file_is_parsed_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path / "decks", "demo.yaml", VALID_DECK)
    load_decks([path], cache_dir=cache)
    stat = path.stat()
    # Same size and the same mtime: only the content hash can tell the change.
    path.write_text(VALID_DECK.replace("The step size.", "The step sizE."), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = load_decks([path], cache_dir=cache)
    assert result.decks[0].flashcards[0].back == "The step sizE."


def test_problems_are_cached_too(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "bad.yaml", VALID_DECK.replace("tier: beginner", "tier: x"))
    first = load_decks([path], cache_dir=cache)
    second = load_decks([path], cache_dir=cache)
    assert first.problems == second.problems and len(first.problems) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-5] + b"xxxxx",
        lambda blob: b"garbage",
        lambda blob: b"",
    ],
    ids=["truncated", "flipped-bytes", "garbage", "empty"],
)
def test_corrupt_cache_entry_is_ignored(tmp_path: Path, damage: object) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    expected = load_decks([path], cache_dir=cache).decks
    entry = _cache.entry_path(cache, str(path))
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    result = load_decks([path], cache_dir=cache)
    assert result.decks == expected and result.ok


def test_cache_entry_with_a_valid_checksum_but_another_key_is_not_trusted(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    load_decks([path], cache_dir=cache)
    other = write_deck(tmp_path, "other.yaml", VALID_DECK.replace("Demo deck", "Other"))
    # Put other.yaml's well-formed entry under demo.yaml's name.
    load_decks([other], cache_dir=cache)
    _cache.entry_path(cache, str(path)).write_bytes(
        _cache.entry_path(cache, str(other)).read_bytes()
    )
    assert load_decks([path], cache_dir=cache).decks[0].title == "Demo deck"


def test_unreadable_cache_folder_still_loads(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    assert load_decks([path], cache_dir=blocker).decks[0].id == "demo"


def test_loading_never_builds_python_objects_from_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loader composes nodes; PyYAML's constructors (which build Python objects, and for
    # tags like !!python/object would run code) must never be called.
    import yaml.constructor

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a YAML constructor was called")

    for name in ("construct_document", "construct_object"):
        monkeypatch.setattr(yaml.constructor.BaseConstructor, name, refuse)
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    result = load_decks([path], cache_dir=tmp_path / "cache")
    assert result.ok and result.decks[0].id == "demo"


def test_catalogs_come_from_the_cache_without_item_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.decks import load_catalogs

    cache = tmp_path / "cache"
    write_deck(tmp_path / "decks", "demo.yaml", VALID_DECK)
    cold, problems = load_catalogs([tmp_path / "decks"], cache_dir=cache)  # parses, fills the cache
    (deck,) = load_decks([tmp_path / "decks"], cache_dir=cache).decks
    assert cold == [deck.catalog()] and problems == []
    monkeypatch.setattr("studyapp.decks._cache._deck_from_record", lambda *_: 1 / 0)
    monkeypatch.setattr("studyapp.decks._parse.parse_deck", lambda *_: 1 / 0)
    warm, _ = load_catalogs([tmp_path / "decks"], cache_dir=cache)  # neither items nor YAML
    assert warm == cold
    assert warm[0].question_tiers == (deck.questions[0].tier,)


def test_damaged_catalog_section_is_not_trusted(tmp_path: Path) -> None:
    from studyapp.decks import load_catalogs

    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    expected, _ = load_catalogs([path], cache_dir=cache)
    entry = _cache.entry_path(cache, str(path))
    blob = bytearray(entry.read_bytes())
    blob[40] ^= 0xFF  # inside the catalog section
    entry.write_bytes(bytes(blob))
    assert load_catalogs([path], cache_dir=cache)[0] == expected
    assert load_decks([path], cache_dir=cache).decks[0].catalog() == expected[0]


def _count_reads(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Every os.open of `path` from now on (the deck loader opens sources with os.open)."""
    opened: list[str] = []
    real_open = os.open

    def counting(file: object, *args: object, **kwargs: object) -> int:
        if os.fspath(file) == str(path):  # type: ignore[call-overload]
            opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", counting)
    return opened


def _load_an_hour_later(monkeypatch: pytest.MonkeyPatch, path: Path, cache: Path) -> None:
    """Fill the cache as if the file had last changed an hour before it was read."""
    later = os.stat(path).st_ctime_ns + 3600 * 10**9
    with monkeypatch.context() as patch:
        patch.setattr("studyapp.decks._now_ns", lambda: later)
        load_decks([path], cache_dir=cache)


@pytest.mark.parametrize("catalogs", [False, True], ids=["decks", "catalogs"])
def test_settled_unchanged_file_is_not_read_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogs: bool
) -> None:
    from studyapp.decks import load_catalogs

    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    _load_an_hour_later(monkeypatch, path, cache)
    opened = _count_reads(monkeypatch, path)
    if catalogs:
        assert load_catalogs([path], cache_dir=cache)[0][0].id == "demo"
    else:
        assert load_decks([path], cache_dir=cache).decks[0].id == "demo"
    assert opened == []


def test_edit_that_keeps_size_and_mtime_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.decks import load_catalogs

    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    _load_an_hour_later(monkeypatch, path, cache)
    before = path.stat()
    # Same size, mtime set back: only the ctime (set by utime itself) tells.
    path.write_text(VALID_DECK.replace("id: demo", "id: dema"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    opened = _count_reads(monkeypatch, path)
    assert load_catalogs([path], cache_dir=cache)[0][0].id == "dema"
    assert load_decks([path], cache_dir=cache).decks[0].id == "dema"
    assert len(opened) >= 1


def test_file_changed_just_before_it_was_cached_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.decks import load_catalogs

    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    # Cached within the racy window: a later edit in the same timestamp tick could leave
    # the whole stat as it was, so the stat alone is never trusted for this entry.
    load_decks([path], cache_dir=cache)
    opened = _count_reads(monkeypatch, path)
    assert load_catalogs([path], cache_dir=cache)[0][0].id == "demo"
    assert opened == [str(path)]


def test_stat_that_matches_another_files_entry_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    other = write_deck(tmp_path, "other.yaml", VALID_DECK.replace("Demo deck", "Other"))
    _load_an_hour_later(monkeypatch, other, cache)
    _cache.entry_path(cache, str(path)).parent.mkdir(parents=True, exist_ok=True)
    _cache.entry_path(cache, str(path)).write_bytes(
        _cache.entry_path(cache, str(other)).read_bytes()
    )
    assert load_decks([path], cache_dir=cache).decks[0].title == "Demo deck"


def test_racy_entry_is_stamped_again_once_the_file_has_settled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.decks import load_catalogs

    cache = tmp_path / "cache"
    path = write_deck(tmp_path, "demo.yaml", VALID_DECK)
    load_decks([path], cache_dir=cache)  # racy: read as it was written
    _load_an_hour_later(monkeypatch, path, cache)  # read again, content matches: restamped
    monkeypatch.setattr("studyapp.decks._parse.parse_deck", lambda *_: 1 / 0)
    opened = _count_reads(monkeypatch, path)
    assert load_catalogs([path], cache_dir=cache)[0][0].id == "demo"
    assert opened == []
