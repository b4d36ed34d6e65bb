"""config.yaml: defaults, valid settings, and positioned errors with suggestions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from studyapp.config import Settings
from studyapp.errors import ConfigError
from studyapp.settings_file import load_settings, require_valid


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        require_valid(load_settings(path))
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


def test_each_bad_key_keeps_its_default_and_the_good_ones_apply(tmp_path: Path) -> None:
    path = write(tmp_path, "them: nord\nnew_per_day: 7\nsandbox_timeout: 1e300\nboxes: 3\n")
    settings = load_settings(path)
    assert (settings.theme, settings.new_per_day, settings.boxes) == ("textual-dark", 7, 3)
    assert settings.sandbox_timeout == 10
    assert [str(p) for p in settings.problems] == [
        f"{path}:1:1: unknown key 'them' in config.yaml (did you mean 'theme'?)",
        f"{path}:3:18: 'sandbox_timeout' must be from 1 to 600 seconds, not 1e+300",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("intervals: [1, 36501]\n", "'intervals entry' must be at least 1 and at most 36500, not 36501"),
        ("intervals: [1, 2, 99999999999999999999999]\n", "'intervals entry' must be at least 1 and at most 36500"),
        ("boxes: 21\n", "'boxes' must be at least 2 and at most 20, not 21"),
        ("boxes: 1\n", "'boxes' must be at least 2 and at most 20, not 1"),
        ("new_per_day: 10001\n", "'new_per_day' must be at least 0 and at most 10000, not 10001"),
        ("day_starts_at: '24:00'\n", "24-hour HH:MM"),
        ("day_starts_at: '4:60'\n", "24-hour HH:MM"),
        ("sandbox_timeout: 1e999\n", "'sandbox_timeout' must be a finite number"),
        ("sandbox_timeout: 0.5\n", "'sandbox_timeout' must be from 1 to 600 seconds"),
        ("sandbox_timeout: 601\n", "'sandbox_timeout' must be from 1 to 600 seconds"),
        ("intervals: [1]\n", "'intervals' needs 2 to 20 entries"),
        ("keymap: {grade-again: [j]}\n", "the key for 'grade-again' in 'keymap' must be non-empty"),
    ],
)
def test_numbers_and_times_are_bounded(tmp_path: Path, text: str, expected: str) -> None:
    settings = load_settings(write(tmp_path, text))
    assert len(settings.problems) == 1 and expected in settings.problems[0].message
    assert replace(settings, problems=(), path=None) == Settings()


@pytest.mark.parametrize(
    "data", [b"boxes: [unclosed\n", b"\xff\xfe not utf-8", b"- a list\n", b"&a [*a, *a]\n"]
)
def test_a_file_that_cannot_be_read_at_all_means_every_default(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(data)
    settings = load_settings(path)
    assert settings.problems and replace(settings, problems=(), path=None) == Settings()


def test_a_misspelt_key_never_stops_studying(
    isolated_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from studyapp.cli import run
    from studyapp.context import Context
    from studyapp.session import StudyService

    config = isolated_folders / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("them: nord\nintervals: [1, 2, 4, 8, 1e9]\n", encoding="utf-8")
    assert run(["due"]) == 0
    err = capsys.readouterr().err
    assert err.count(f"{config}:1:1: unknown key 'them' in config.yaml (did you mean 'theme'?)") == 1
    assert f"{config}:2:" in err and "keeps its default" in err
    ctx = Context.create()
    service = StudyService.open(ctx)  # what the TUI opens: studying works
    session = service.start_session(ctx.decks().decks)
    assert session.current is not None and "next review" in session.answer(True).text
    service.close()
    assert len(ctx.notices) == 3 and ctx.settings().problems[0].line == 1


async def test_the_app_studies_with_a_misspelt_key(isolated_folders: Path) -> None:
    from studyapp.context import Context
    from studyapp.tui.app import StudyApp
    from studyapp.tui.screens.home import HomeScreen
    from tests.tui_support import settle

    config = isolated_folders / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("them: nord\n", encoding="utf-8")
    ctx = Context.create()
    app = StudyApp(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen) and screen.error is None
        assert all(note.title != "Cannot open progress" for note in app._notifications)
    assert any("did you mean 'theme'" in notice for notice in ctx.notices)
