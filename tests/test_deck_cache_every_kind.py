"""The deck cache gives back every kind of item (coding exercises and labs too) unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studyapp.decks import load_catalog, load_catalogs, load_decks
from studyapp.paths import bundled_content_dir

# The bundled decks that hold coding exercises (sandbox) and lab scenarios.
MIXED = ["gd-coding.yaml", "failure-modes.yaml"]


def _refuse(*_: object) -> object:
    raise AssertionError("parsed again although the cache entry is fresh")


@pytest.mark.parametrize("name", MIXED)
def test_a_warm_load_gives_back_the_same_deck_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / name
    shutil.copy(bundled_content_dir() / name, path)
    cache = tmp_path / "cache"
    cold = load_decks([path], cache_dir=cache)
    assert cold.ok and cold.decks
    assert cold.decks[0].sandbox or cold.decks[0].lab
    monkeypatch.setattr("studyapp.decks._parse.parse_deck", _refuse)
    warm = load_decks([path], cache_dir=cache)
    assert warm.decks == cold.decks and warm.ok
    catalogs, problems = load_catalogs([path], cache_dir=cache)
    assert catalogs == [deck.catalog() for deck in cold.decks] and problems == []


def test_an_entry_from_a_version_with_other_fields_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gd-coding.yaml"
    shutil.copy(bundled_content_dir() / "gd-coding.yaml", path)
    cache = tmp_path / "cache"
    from studyapp.decks import _cache

    real = _cache._sandbox_record

    def older(exercise: object) -> dict[str, object]:
        record = real(exercise)  # type: ignore[arg-type]
        record.pop("hints", None)  # as if written before exercises had hints
        return record

    with monkeypatch.context() as patch:
        patch.setattr(_cache, "_sandbox_record", older)
        expected = load_decks([path], cache_dir=cache).decks
    parsed: list[str] = []
    from studyapp.decks import _parse

    real_parse = _parse.parse_deck

    def counting(data: bytes, shown: str) -> object:
        parsed.append(shown)
        return real_parse(data, shown)

    monkeypatch.setattr(_parse, "parse_deck", counting)
    assert load_decks([path], cache_dir=cache).decks == expected
    assert parsed == [str(path)]


def test_a_broken_file_has_no_catalog_cold_or_warm(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("deck: {id: x}\n")
    cache = tmp_path / "cache"
    cold = load_catalog(str(path), cache_dir=cache)
    warm = load_catalog(str(path), cache_dir=cache)
    assert cold[0] is None and warm[0] is None
    assert [str(p) for p in cold[1]] == [str(p) for p in warm[1]]
    assert [p.message for p in cold[1]] == ["the deck section is missing required field 'title'"]


FULL = """\
deck:
  id: full
  title: Full
  description: Every optional field once.
  tags: [one, two]
flashcards:
  - {id: c1, front: F, back: B, tags: [x]}
questions:
  - {id: q1, tier: expert, prompt: P, answer: A, key_points: [k], senior_angle: S, tags: [y]}
reorder:
  - {id: r1, prompt: P, steps: [a, {any_order: [b, c]}, d], explanation: E}
"""


def test_optional_fields_survive_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "full.yaml"
    path.write_text(FULL)
    cache = tmp_path / "cache"
    (cold,) = load_decks([path], cache_dir=cache).decks
    assert cold.description == "Every optional field once." and cold.tags == ("one", "two")
    monkeypatch.setattr("studyapp.decks._parse.parse_deck", _refuse)
    (warm,) = load_decks([path], cache_dir=cache).decks
    assert warm == cold
