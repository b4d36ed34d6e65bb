"""config.yaml's keymap: entries that would break a screen are reported and left out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studyapp.tui.keymap import checked_keymap, key_name
from tests.tui_support import NOW, demo_app, reviews, settle


def test_a_free_key_is_accepted_and_normalised() -> None:
    accepted, problems = checked_keymap({"grade-good": "g", "reveal": "ctrl+o", "help": "f1"})
    assert accepted == {"grade-good": "g", "reveal": "ctrl+o", "help": "f1"}
    assert problems == []


def test_a_key_that_hides_another_action_is_refused() -> None:
    accepted, problems = checked_keymap({"end-session": "space"})
    assert accepted == {}
    (problem,) = problems
    assert "end-session" in problem and "space already means 'Reveal'" in problem
    assert "study screen" in problem and problem.endswith("ignored")


def test_unknown_ids_and_keys_are_reported_with_a_suggestion() -> None:
    accepted, problems = checked_keymap({"grade-god": "g", "undo": "ctrl+banana"})
    assert accepted == {}
    assert "no binding has this id (did you mean 'grade-good'?)" in problems[0]
    assert "not a key" in problems[1]


def test_two_entries_cannot_claim_the_same_key_on_one_screen() -> None:
    accepted, problems = checked_keymap({"grade-good": "g", "grade-again": "g"})
    assert accepted == {"grade-good": "g"}
    assert "g already means 'Good'" in problems[0]


def test_the_same_key_on_different_screens_is_fine() -> None:
    # `a` starts all decks on the home screen; on the study screen it is free.
    accepted, problems = checked_keymap({"grade-again": "a"})
    assert accepted == {"grade-again": "a"} and problems == []


@pytest.mark.parametrize(
    ("key", "name"),
    [("?", "question_mark"), ("ctrl+R", "ctrl+R"), ("f5", "f5"), ("space", "space"), ("x", "x")],
)
def test_key_names(key: str, name: str) -> None:
    assert key_name(key) == name


def test_key_names_reject_nonsense() -> None:
    assert key_name("ctrl+banana") is None and key_name("hyperdrive+x") is None


async def test_the_app_reports_a_bad_entry_and_keeps_the_key_working(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    config = Path(os.environ["STUDYAPP_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.yaml").write_text("keymap:\n  end-session: space\n  grade-good: g\n")
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        messages = [note.message for note in app._notifications]
        assert any("end-session" in message and "ignored" in message for message in messages)
        await pilot.press("f", "space")  # space still reveals
        await settle(app, pilot)
        await pilot.press("g")  # the good entry was applied
        await settle(app, pilot)
        (review,) = reviews(app)
        assert review.correct


async def test_a_misspelt_setting_is_a_warning_and_studying_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    config = Path(os.environ["STUDYAPP_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.yaml").write_text("them: ansi-dark\nnew_per_day: 5\n")
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        notes = list(app._notifications)
        assert any("did you mean 'theme'" in note.message for note in notes)
        assert not any("Cannot open progress" in (note.title or "") for note in notes)
        await pilot.press("f", "space", "2")
        await settle(app, pilot)
        assert len(reviews(app)) == 1
