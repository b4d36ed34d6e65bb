"""config.yaml corners: tagged values, files that cannot be read, indented comments, the
longest interval list, YAML's digit separators, and keymap entries after a repeated one."""

from __future__ import annotations

import re

import pytest

from studyapp._config_file import parse_settings
from studyapp.config import Settings


def _settings(text: str | bytes) -> Settings:
    return parse_settings(text.encode() if isinstance(text, str) else text, "c.yaml")


def short_id(value: object) -> str:
    """A short ASCII test id: mutmut re-runs tests by id, and long or escaped ids get lost."""
    return re.sub(r"[^A-Za-z0-9]+", "-", str(value)).strip("-")[:40] or "empty"


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("boxes: !n 3", 8),
        ("intervals: !n [1, 2]", 12),
        ("on_wrong: !n previous-box", 11),
        ("new_per_day: !n 7", 14),
        ("day_starts_at: !n '06:00'", 16),
        ("tier_gating: !n false", 14),
        ("relearn_in_session: !n false", 21),
        ("theme: !n dark", 8),
        ("keymap: !n {quit: x}", 9),
        ("keymap: {quit: !n x}", 16),
        ("!n {boxes: 3}", 1),
    ],
    ids=short_id,
)
def test_a_tagged_value_is_named_at_its_place_and_keeps_the_default(
    text: str, column: int
) -> None:
    settings = _settings(text)
    assert str(settings.problems[0]) == (
        f"c.yaml:1:{column}: tag '!n' is not allowed: decks are plain YAML without tags"
    )
    assert all(problem.column == column for problem in settings.problems)
    assert settings == Settings(path="c.yaml", problems=settings.problems)


@pytest.mark.parametrize("data", [b"\xff\xfe boxes: 3", b"boxes: [3\n"], ids=short_id)
def test_a_file_that_cannot_be_read_still_names_itself(data: bytes) -> None:
    settings = _settings(data)
    assert settings.path == "c.yaml" and len(settings.problems) == 1
    assert settings.problems[0].path == "c.yaml"


def test_indented_comments_alone_mean_defaults_without_problems() -> None:
    assert _settings("  # boxes: 3\n\t# theme: x\n") == Settings(path="c.yaml")


def test_the_longest_interval_list_and_digit_separators_are_accepted() -> None:
    days = list(range(1, 21))
    settings = _settings(f"intervals: {days}\nnew_per_day: 1__0\n")
    assert settings.problems == ()
    assert (settings.boxes, settings.intervals, settings.new_per_day) == (20, tuple(days), 10)


def test_a_keymap_must_be_a_mapping_and_an_empty_one_is_fine() -> None:
    assert [str(p) for p in _settings("keymap: q").problems] == [
        "c.yaml:1:9: 'keymap' must map binding ids to keys, not text"
    ]
    assert _settings("keymap:") == Settings(path="c.yaml")
    assert _settings("keymap: ~") == Settings(path="c.yaml")


def test_entries_after_a_repeated_binding_still_count() -> None:
    settings = _settings("keymap: {quit: q, quit: x, help: h, '': z, undo: u}")
    assert dict(settings.keymap) == {"quit": "q", "help": "h", "undo": "u"}
    assert [p.message for p in settings.problems] == [
        "binding 'quit' is given twice in 'keymap'",
        "a binding id in 'keymap' must not be empty",
    ]
