"""config.yaml values at their bounds: what is accepted, and the exact line for what is not."""

from __future__ import annotations

import pytest

from studyapp._config_file import parse_settings
from studyapp.config import Settings


def _settings(text: str) -> Settings:
    return parse_settings(text.encode(), "c.yaml")


def _problems(text: str) -> list[str]:
    return [str(problem) for problem in _settings(text).problems]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("boxes: 1", "1:8: 'boxes' must be at least 2 and at most 20, not 1"),
        ("boxes: 21", "1:8: 'boxes' must be at least 2 and at most 20, not 21"),
        ("boxes: x", "1:8: 'boxes' must be a whole number, not text"),
        ("boxes: 0x10", "1:8: 'boxes' must be a whole number written in decimal"),
        ("boxes: [3]", "1:8: 'boxes' must be a whole number, not a list"),
        ("intervals: [1]", "1:12: 'intervals' needs 2 to 20 entries"),
        ("intervals: [" + ", ".join(["1"] * 21) + "]", "1:12: 'intervals' needs 2 to 20 entries"),
        ("intervals: [1, 0]", "1:16: 'intervals entry' must be at least 1 and at most 36500, not 0"),
        (
            "intervals: [1, 36501]",
            "1:16: 'intervals entry' must be at least 1 and at most 36500, not 36501",
        ),
        (
            "intervals: 3",
            "1:12: 'intervals' must be a list of days like [1, 2, 4, 8, 16], not a whole number",
        ),
        (
            "intervals: [1, 2, 3]\nboxes: 2",
            "1:12: 'intervals' has 3 entries but 'boxes' is 2: give one interval (in days) per box",
        ),
        ("on_wrong: last", "1:11: 'on_wrong' must be first-box or previous-box, not 'last'"),
        ("on_wrong: [a]", "1:11: 'on_wrong' must be first-box or previous-box, not a list"),
        ("new_per_day: -1", "1:14: 'new_per_day' must be at least 0 and at most 10000, not -1"),
        (
            "new_per_day: 10001",
            "1:14: 'new_per_day' must be at least 0 and at most 10000, not 10001",
        ),
        ("day_starts_at: '24:00'",
         "1:16: 'day_starts_at' must be a time of day like \"04:00\" (24-hour HH:MM)"),
        ("day_starts_at: '06:60'",
         "1:16: 'day_starts_at' must be a time of day like \"04:00\" (24-hour HH:MM)"),
        ("day_starts_at: [1]",
         "1:16: 'day_starts_at' must be a time of day like \"04:00\" (24-hour HH:MM)"),
        ("tier_gating: 1", "1:14: 'tier_gating' must be true or false, not a whole number"),
        ("relearn_in_session: maybe", "1:21: 'relearn_in_session' must be true or false, not text"),
        ("theme: ''", "1:8: 'theme' must not be empty"),
        ("theme: [a]", "1:8: 'theme' must be non-empty text, not a list"),
        ("keymap: {quit: q, quit: x}", "1:19: binding 'quit' is given twice in 'keymap'"),
        ("keymap: [q]", "1:9: 'keymap' must map binding ids to keys, not a list"),
        ("keymap: {'': q}", "1:10: a binding id in 'keymap' must not be empty"),
        ("sandbox_timeout: 0.5", "1:18: 'sandbox_timeout' must be from 1 to 600 seconds, not 0.5"),
        ("sandbox_timeout: 601", "1:18: 'sandbox_timeout' must be from 1 to 600 seconds, not 601"),
        ("- a", "1:1: the settings must be a mapping of keys, not a list"),
        ("hello", "1:1: the settings must be a mapping of keys, not text"),
        ("a: [", "2:1: YAML syntax error: while parsing a flow node: did not find expected node"
         " content"),
    ],
)
def test_a_bad_value_is_named_at_its_place_and_keeps_the_default(text: str, problem: str) -> None:
    settings = _settings(text)
    assert [str(p) for p in settings.problems] == [f"c.yaml:{problem}"]
    defaults = Settings(path="c.yaml")
    assert (settings.boxes, settings.intervals, settings.on_wrong) == (
        defaults.boxes, defaults.intervals, defaults.on_wrong
    )


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("boxes: 20", "boxes", 20),
        ("boxes: 2", "intervals", (1, 2)),
        ("boxes: 1_0", "boxes", 10),
        ("intervals: [1, 36500]", "intervals", (1, 36500)),
        ("intervals: [1, 3, 9]", "boxes", 3),
        ("on_wrong: previous-box", "on_wrong", "previous-box"),
        ("new_per_day: 0", "new_per_day", 0),
        ("new_per_day: 10000", "new_per_day", 10000),
        ("day_starts_at: '6:30'", "day_starts_at", "06:30"),
        ("day_starts_at: '23:59'", "day_starts_at", "23:59"),
        ("day_starts_at: 04:00", "day_starts_at", "04:00"),
        ("day_starts_at: '00:00'", "day_starts_at", "00:00"),
        ("tier_gating: no", "tier_gating", False),
        ("relearn_in_session: off", "relearn_in_session", False),
        ("theme: dark", "theme", "dark"),
        ("sandbox_timeout: 600", "sandbox_timeout", 600.0),
        ("sandbox_timeout: 1", "sandbox_timeout", 1.0),
    ],
)
def test_a_value_at_its_bound_is_accepted(text: str, name: str, value: object) -> None:
    settings = _settings(text)
    assert settings.problems == () and getattr(settings, name) == value


def test_a_keymap_is_read_and_an_empty_one_is_no_change() -> None:
    assert dict(_settings("keymap: {quit: q, help: '?'}").keymap) == {"quit": "q", "help": "?"}
    assert dict(_settings("keymap:").keymap) == {}


def test_nothing_but_comments_or_null_means_defaults_without_problems() -> None:
    for text in ("~", "# only\n\n", ""):
        assert _settings(text) == Settings(path="c.yaml")


def test_problems_are_listed_in_file_order() -> None:
    assert _problems("theme: ''\nboxes: 1\n") == [
        "c.yaml:1:8: 'theme' must not be empty",
        "c.yaml:2:8: 'boxes' must be at least 2 and at most 20, not 1",
    ]
