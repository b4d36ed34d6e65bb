"""The coding screen with Pilot: write, check, fix, pass; code kept; checks counted once a day."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from studyapp.context import Context
from studyapp.model import ItemRef, ReviewMode
from studyapp.paths import resolve_locations
from studyapp.tui.app import StudyApp
from studyapp.tui.screens.coding import CodingResult, CodingScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.widgets.results import CheckResults
from tests.tui_support import NOW, reviews, settle

CODING_DECKS = Path(__file__).resolve().parent / "coding_decks"
REF = ItemRef("coding-demo", "double")
WRONG = "import numpy as np\n\n\ndef double(z):\n    return np.asarray(z, dtype=float) + 2\n"
RIGHT = "import numpy as np\n\n\ndef double(z):\n    return 2.0 * np.asarray(z, dtype=float)\n"
ENDLESS = "def double(z):\n    while True:\n        pass\n"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)


def coding_app(exercise: str | None = "double") -> StudyApp:
    """The app over the coding demo deck, opened on one of its exercises."""
    locations = replace(resolve_locations(), bundled_content=CODING_DECKS)
    start = ("coding-demo", exercise) if exercise else None
    return StudyApp(Context(locations), exercise=start)


def status(app: StudyApp) -> str:
    return str(app.screen.query_one("#check-status", Static).render())


def results(app: StudyApp) -> list[str]:
    panel = app.screen.query_one(CheckResults)
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


async def check(app: StudyApp, pilot: Pilot[None], key: str = "f5") -> None:
    """Press the check key and wait for the worker and its message."""
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_screen(app: StudyApp, pilot: Pilot[None]) -> CodingScreen:
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CodingScreen)
    return screen


async def test_write_check_a_wrong_version_fix_it_and_pass() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        assert screen.focused is editor
        assert editor.text == screen.exercise.starter
        editor.text = WRONG
        await check(app, pilot)
        lines = results(app)
        assert lines[0].startswith("✗ z = 1") and "wrong_value" in lines[0]
        assert any(line.startswith("FAILED case 'z = 1': wrong_value") for line in lines)
        assert "Failed" in status(app) and "Counted: New → box 1 of 5" in status(app)
        editor.text = RIGHT
        await check(app, pilot, "ctrl+r")  # the other key of `check`
        assert results(app)[0] == "✓ z = 1  passed"
        assert results(app)[-1].startswith("PASSED: all 2 cases")
        assert "Practice: stays in box 1" in status(app)
        assert [review.mode for review in reviews(app)] == [ReviewMode.REVIEW, ReviewMode.PRACTICE]
        assert [review.correct for review in reviews(app)] == [False, True]
        assert screen.outcome == CodingResult(True, True, True, reviews(app)[0])


async def test_the_untouched_starter_is_checked_but_not_logged() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot)
        await check(app, pilot)
        assert "wrong_value" in results(app)[0]
        assert "Not recorded: this is the starter code, unchanged" in status(app)
        assert reviews(app) == []


async def test_the_code_survives_a_restart() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        editor.text = WRONG
        editor.move_cursor(editor.document.end)
        await pilot.press(*"# mine")
        await pilot.press("ctrl+q")
    again = coding_app()
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(again, pilot)
        assert screen.query_one("#editor", TextArea).text == WRONG + "# mine"
    path = again.ctx.locations.code / "coding-demo" / "double.py"
    assert path.read_text(encoding="utf-8") == WRONG + "# mine"


async def test_a_failure_that_names_a_line_moves_the_cursor_there() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        editor.text = "import numpy as np\n\n\ndef double(z):\n    raise ValueError('no')\n"
        await check(app, pilot)
        assert "exception (line 5)" in results(app)[0]
        await pilot.press("escape")  # out of the editor, onto the results
        assert isinstance(screen.focused, CheckResults)
        await pilot.press("enter")
        assert app.screen.focused is editor
        assert editor.cursor_location == (4, 0)


async def test_cancelling_a_slow_check_records_nothing() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        screen.query_one("#editor", TextArea).text = ENDLESS
        await pilot.press("f5")
        assert screen.checking and "Checking..." in status(app)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.checking
        assert status(app) == "Check cancelled: nothing recorded."
        assert reviews(app) == []
        assert screen.focused is screen.query_one("#editor", TextArea)  # Esc only cancelled


async def test_hints_one_at_a_time_are_counted_in_the_record() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        await pilot.press("ctrl+h")
        hints = str(screen.query_one("#hints", Static).render())
        assert "Hint 1: Multiply by 2." in hints and "Hint 2" not in hints
        screen.query_one("#editor", TextArea).text = RIGHT
        await check(app, pilot)
        (review,) = reviews(app)
        assert review.detail is not None and review.detail["hints"] == 1


async def test_solution_only_after_a_pass_or_three_fails_and_a_yes() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        solution = screen.query_one("#solution", TextArea)
        await pilot.press("f9")
        assert not solution.display
        screen.query_one("#editor", TextArea).text = WRONG
        for _ in range(3):
            await check(app, pilot)
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert solution.display and solution.text == screen.exercise.reference


async def test_reset_asks_first_and_esc_twice_leaves_for_the_home_screen() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        editor.text = WRONG
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert editor.text == WRONG
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert editor.text == screen.exercise.starter
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_home_s_studies_coding_exercises_and_the_first_counted_check_answers() -> None:
    from studyapp.tui.screens.study import Receipt, StudyScreen
    from studyapp.tui.screens.summary import SummaryScreen
    from studyapp.tui.widgets.coding_view import CodingItemView

    app = coding_app(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "2 new today" in str(app.screen.query_one("#hint", Static).render())
        await pilot.press("s")
        await settle(app, pilot)
        first = app.screen
        assert isinstance(first, CodingScreen)
        first.query_one("#editor", TextArea).text = first.exercise.reference
        await check(app, pilot)
        await pilot.press("escape", "escape")  # out of the editor, off the screen
        await settle(app, pilot)
        second = app.screen
        assert isinstance(second, CodingScreen) and second.exercise != first.exercise
        (review,) = reviews(app)
        assert review.correct and review.mode == ReviewMode.REVIEW
        await pilot.press("escape", "escape")  # left without a check: the item waits
        await settle(app, pilot)
        study = app.screen
        assert isinstance(study, StudyScreen) and isinstance(study.view, CodingItemView)
        assert study.query_one(Receipt).text.startswith("Good: New → box 2 of 5")
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert len(reviews(app)) == 1


async def test_the_palette_lists_every_coding_exercise() -> None:
    from studyapp.tui.commands import StudyCommands

    app = coding_app(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        provider = StudyCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert "Coding exercise: Double every value" in names
        assert "Coding exercise: Halve every value" in names
        app.open_exercise("coding-demo", "halve")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen) and screen.exercise.id == "halve"


async def test_ctrl_e_edits_in_the_external_editor_then_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib
    import sys

    script = tmp_path / "editor.py"
    script.write_text(
        f"import sys\nopen(sys.argv[1], 'w', encoding='utf-8').write({RIGHT!r})\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = coding_app()
    # Headless apps cannot suspend; the editor runs all the same.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        await check(app, pilot, "ctrl+e")
        assert screen.query_one("#editor", TextArea).text == RIGHT
        assert results(app)[0] == "✓ z = 1  passed"


def test_code_command_suggests_a_known_id(capsys: pytest.CaptureFixture[str]) -> None:
    from studyapp.cli import run

    assert run(["--content", str(CODING_DECKS), "code", "doubel"]) == 2
    assert "did you mean 'double'" in capsys.readouterr().err


def test_coding_keys_can_be_remapped_but_not_onto_the_editors_keys() -> None:
    from studyapp.tui.keymap import checked_keymap

    accepted, problems = checked_keymap({"check": "f10", "next-hint": "ctrl+z"})
    assert accepted == {"check": "f10"}
    assert "ctrl+z already means 'Undo' on the coding screen (editor)" in problems[0]


async def test_typing_alone_saves_the_code_once_typing_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from studyapp.tui.screens import coding

    monkeypatch.setattr(coding, "SAVE_DELAY", 0.001)  # the debounce fires almost at once
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        path = app.ctx.locations.code / "coding-demo" / "double.py"
        await pilot.pause()
        assert not path.exists()  # the untouched starter is not written
        await pilot.press("end", "#")
        for _ in range(200):
            await pilot.pause()
            if path.exists():
                break
        assert path.read_text(encoding="utf-8") == screen.code
        assert screen.code.startswith("import numpy as np#")


async def test_a_passing_gradient_descent_trains_beside_the_reference() -> None:
    from studyapp.tui.screens.train import TrainScreen

    app = StudyApp(Context(resolve_locations()), exercise=("gd-coding", "descent"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        assert screen.check_action("train", ()) is None  # shown, but not before a pass
        editor = screen.query_one("#editor", TextArea)
        editor.text = screen.exercise.reference
        await check(app, pilot)
        assert screen.passed_once
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, TrainScreen)


async def test_only_gradient_descent_offers_training() -> None:
    app = coding_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        assert screen.check_action("train", ()) is False


async def test_a_deck_from_elsewhere_runs_its_code_only_once_trusted(tmp_path: Path) -> None:
    import shutil

    from studyapp.trust import TrustStore
    from studyapp.tui.screens.confirm import ConfirmScreen

    mine = tmp_path / "mine.yaml"
    shutil.copy(CODING_DECKS / "coding-demo.yaml", mine)
    locations = replace(resolve_locations(), bundled_content=tmp_path / "nothing-bundled")
    ctx = Context(locations, (mine,))
    app = StudyApp(ctx, exercise=("coding-demo", "double"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        screen.query_one("#editor", TextArea).text = "def double(z):\n    return 2 * z\n"
        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert str(mine) in app.screen.question
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen) and screen.last_result is None  # nothing ran
        await check(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert screen.last_result is not None and screen.last_result.passed
        assert [record.path for record in TrustStore(locations).records()] == [str(mine.resolve())]
        await check(app, pilot)  # trusted now: no question asked again
        assert isinstance(app.screen, CodingScreen)
