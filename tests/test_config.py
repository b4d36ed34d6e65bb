"""config.yaml: defaults, valid settings, and positioned errors with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.config import Settings, load_settings
from studyapp.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "nope.yaml")
    assert settings == Settings()
    assert settings.boxes == 5 and settings.intervals == (1, 2, 4, 8, 16)
    assert settings.on_wrong == "first-box" and settings.new_per_day == 20
    assert settings.day_starts_at == "04:00" and settings.tier_gating is True
    assert settings.theme == "textual-dark" and settings.sandbox_timeout == 10


def test_an_empty_or_comment_only_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "# nothing yet\n")).boxes == 5


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "boxes: 3\nintervals: [1, 3, 7]\non_wrong: previous-box\nnew_per_day: 5\n"
        "day_starts_at: 06:30\ntier_gating: false\ntheme: nord\n"
        "keymap:\n  grade-again: j\n  grade-good: '2'\nsandbox_timeout: 2.5\n",
    )
    settings = load_settings(path)
    assert settings.boxes == 3 and settings.intervals == (1, 3, 7)
    assert settings.on_wrong == "previous-box" and settings.new_per_day == 5
    assert settings.day_starts_at == "06:30" and settings.day_start == (6, 30)
    assert settings.tier_gating is False and settings.theme == "nord"
    assert dict(settings.keymap) == {"grade-again": "j", "grade-good": "2"}
    assert settings.sandbox_timeout == 2.5
    assert settings.path == str(path)


def test_boxes_alone_get_doubling_intervals(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "boxes: 4\n")).intervals == (1, 2, 4, 8)


def test_intervals_alone_set_the_box_count(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "intervals: [1, 2, 3, 5, 8, 13]\n")).boxes == 6


def test_an_unknown_key_is_reported_with_its_position_and_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "boxes: 5\nnew_per_dya: 10\n")
    assert problems_of(path) == [
        f"{path}:2:1: unknown key 'new_per_dya' in config.yaml (did you mean 'new_per_day'?)"
    ]


def test_intervals_must_match_the_box_count(tmp_path: Path) -> None:
    path = write(tmp_path, "boxes: 3\nintervals: [1, 2]\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:2:12: 'intervals' has 2 entries but 'boxes' is 3")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "on_wrong: last-box\nnew_per_day: -1\nday_starts_at: '25:00'\ntier_gating: maybe\n"
        "keymap: [a]\nsandbox_timeout: 0\nintervals: [1, 0]\n",
    )
    problems = problems_of(path)
    assert [p.split(":")[1] for p in problems] == ["1", "2", "3", "4", "5", "6", "7"]
    assert "'on_wrong' must be first-box or previous-box, not 'last-box'" in problems[0]
    assert "'new_per_day' must be at least 0" in problems[1]
    assert "HH:MM" in problems[2]
    assert "true or false" in problems[3]


def test_a_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "boxes: 5\ntheme: [unclosed\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:3:") and "YAML syntax error" in problem


def test_a_top_level_list_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "- boxes\n")
    (problem,) = problems_of(path)
    assert problem == f"{path}:1:1: the settings must be a mapping of keys, not a list"
