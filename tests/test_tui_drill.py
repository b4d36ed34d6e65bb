"""The drill and lab screens with Pilot: controls retrain and redraw; a lab answer is recorded."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from studyapp.context import Context
from studyapp.drill.settings import DrillSettings
from studyapp.model import ItemKind, ReviewMode
from studyapp.paths import resolve_locations
from studyapp.tui.app import StudyApp
from studyapp.tui.screens.drill import DrillScreen
from studyapp.tui.screens.lab import LabScreen
from studyapp.tui.screens.study import StudyScreen
from studyapp.tui.widgets.lab_view import LabView
from tests.tui_support import NOW, reviews, settle

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)


def lab_app(tmp_path: Path, drill: DrillSettings | None = None) -> StudyApp:
    """The app over the failure-modes deck only."""
    content = tmp_path / "lab-content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "failure-modes.yaml", content)
    locations = replace(resolve_locations(), bundled_content=content)
    return StudyApp(Context(locations), drill=drill)


async def drawn(app: StudyApp, pilot: object) -> DrillScreen:
    """Wait for the drill's training worker and return the screen."""
    await settle(app, pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, DrillScreen)
    return screen


async def test_d_opens_the_drill_and_controls_retrain(tmp_path: Path) -> None:
    app = lab_app(tmp_path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        screen = await drawn(app, pilot)
        first = screen.result
        assert first is not None and first.settings == DrillSettings()
        # The learning rate is highlighted first: one step up is 0.3, and the loss falls faster.
        await pilot.press("right")
        screen = await drawn(app, pilot)
        assert screen.result is not None and screen.result.settings.alpha == 0.3
        assert screen.result.history[99] < first.history[99]
        assert "a=0.3" in str(screen.query_one("#settings-line", Static).render())
        # Down to the threshold and lower it: recall goes up, precision does not.
        await pilot.press("down", "down", "down", "down", "left", "left")
        screen = await drawn(app, pilot)
        result = screen.result
        assert result is not None and result.settings.threshold == 0.4
        assert result.figures["recall"] >= first.figures["recall"]
        (tn, fp), (fn, tp) = result.confusion()
        assert tp + fn == 212 and tn + fp == 357


async def test_split_and_dataset_controls_change_the_figures(tmp_path: Path) -> None:
    app = lab_app(tmp_path, drill=DrillSettings("overlapping", iters=100))
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await drawn(app, pilot)
        assert screen.result is not None and len(screen.result.y_eval) == 300
        assert screen.query_one("#points").has_class("shown")  # 2 features: points shown
        await pilot.press("down", "down", "down", "down", "down", "right")  # split -> holdout
        screen = await drawn(app, pilot)
        assert screen.result is not None and len(screen.result.y_eval) == 60
        assert not (screen.result.eval_history == screen.result.history).all()
        await pilot.press("up", "up", "up", "up", "up", "up", "left")  # data set -> separable
        screen = await drawn(app, pilot)
        assert screen.result is not None and screen.result.settings.dataset == "separable"
        assert screen.result.figures["accuracy"] == 1.0
        await pilot.press("left", "left")  # constant-column: 3 features, no points; a note
        screen = await drawn(app, pilot)
        assert screen.result is not None and screen.result.settings.dataset == "constant-column"
        assert not screen.query_one("#points").has_class("shown")
        assert "std is 0" in str(screen.query_one("#notes", Static).render())


async def test_a_newer_change_cancels_the_older_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.drill import train

    real_run = train.run
    calls: list[tuple[DrillSettings, str]] = []
    started = threading.Event()

    def slow_first_run(settings: DrillSettings, cancelled: Callable[[], bool]) -> object:
        if not calls:
            calls.append((settings, "started"))
            started.set()
            # Hold the first run until its worker is cancelled (bounded, never a fixed sleep).
            for _ in range(5000):
                if cancelled():
                    calls[0] = (settings, "cancelled")
                    raise train.TrainingCancelled
                threading.Event().wait(0.002)
            calls[0] = (settings, "ran to the end")
        calls.append((settings, "finished"))
        return real_run(settings, cancelled)

    monkeypatch.setattr(train, "run", slow_first_run)
    app = lab_app(tmp_path, drill=DrillSettings(iters=50))
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert started.wait(5)
        await pilot.press("right")
        screen = await drawn(app, pilot)
        assert calls[0] == (DrillSettings(iters=50), "cancelled")
        assert screen.result is not None and screen.result.settings.alpha == 0.3
        assert screen.runs == 1


async def test_settings_are_copied_and_pasted_back(tmp_path: Path) -> None:
    app = lab_app(tmp_path, drill=DrillSettings("separable", iters=100))
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await drawn(app, pilot)
        await pilot.press("y")
        assert app.clipboard == "separable a=0.1 it=100 scale=on cw=none t=0.5 split=none"
        await pilot.press("v")
        await pilot.pause()
        field = app.screen.query_one("#settings-text", Input)
        field.value = "imbalanced a=0.3 it=300 cw=balanced t=0.3 split=holdout"
        await pilot.press("enter")
        screen = await drawn(app, pilot)
        assert screen.settings == DrillSettings.from_text(field.value)
        assert screen.result is not None and screen.result.settings.class_weight == "balanced"
        await pilot.press("v")
        await pilot.pause()
        app.screen.query_one("#settings-text", Input).value = "imbalanced a=fast"
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot read 'a=fast'" in str(app.screen.query_one("#paste-error", Static).render())


async def test_lab_screen_sets_up_shows_the_symptom_and_records_the_first_choice(
    tmp_path: Path,
) -> None:
    app = lab_app(tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(app, pilot)
        app.open_lab("failure-modes", "class-imbalance")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen)
        view = app.screen.query_one(LabView)
        await pilot.press("1")  # nothing to choose before the setup ran
        assert view.choice is None
        await pilot.press("s")
        await settle(app, pilot)
        assert view.outcome is not None and view.outcome.numbers["recall"] < 0.3
        assert "recall" in str(view.query_one("#lab-symptom", Static).render())
        await pilot.press("1")  # wrong: "train longer"
        await pilot.press("2")  # a later choice does not count
        await settle(app, pilot)
        (review,) = reviews(app)
        assert review.ref.item_id == "class-imbalance" and review.kind == ItemKind.LAB
        assert not review.correct and review.mode == ReviewMode.REVIEW
        assert review.detail == {"choice": 0, "answer": 1}
        assert view.query_one("#back").display


async def test_lab_items_are_studied_in_sessions(tmp_path: Path) -> None:
    app = lab_app(tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen) and isinstance(screen.view, LabView)
        first = screen.view.scenario
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press(str(first.answer + 1))
        await settle(app, pilot)
        (review,) = reviews(app)
        assert review.correct and review.ref.item_id == first.id and review.box_after == 2
        await pilot.press("space")
        await settle(app, pilot)
        assert isinstance(screen.view, LabView) and screen.view.scenario.id != first.id


def coding_app(tmp_path: Path) -> StudyApp:
    """The app over the bundled coding deck (it holds the `descent` exercise)."""
    content = tmp_path / "coding-content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "gd-coding.yaml", content)
    locations = replace(resolve_locations(), bundled_content=content)
    return StudyApp(Context(locations))


async def test_training_with_your_own_code_plots_yours_beside_the_reference(
    tmp_path: Path,
) -> None:
    from studyapp.tui.screens.train import TrainScreen

    mine = tmp_path / "mine.py"
    # Half the learning rate of the reference, written by hand: a different, finite curve.
    mine.write_text(
        "import numpy as np\n\n"
        "def gradient_descent(X, y, w, b, alpha, num_iters):\n"
        "    history = []\n"
        "    for _ in range(num_iters):\n"
        "        f = 1 / (1 + np.exp(-(X @ w + b)))\n"
        "        w = w - alpha / 2 * X.T @ (f - y) / len(y)\n"
        "        b = b - alpha / 2 * np.mean(f - y)\n"
        "        z = X @ w + b\n"
        "        history.append(np.mean(np.logaddexp(0, z) - y * z))\n"
        "    return w, b, history\n",
        encoding="utf-8",
    )
    app = coding_app(tmp_path)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(app, pilot)
        app.open_training()
        await pilot.pause()
        app.screen.query_one("#train-file", Input).value = str(mine)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrainScreen)
        report = screen.report
        assert report is not None and report["failures"] == []
        yours, reference = report["yours"], report["reference"]
        assert len(yours["history"]) == len(reference["history"]) == 1000
        assert reference["log_loss"] < yours["log_loss"] < 0.2  # slower, but learning
        from studyapp.tui.widgets.plots import LossPlot

        assert screen.query_one("#train-plot", LossPlot).labels == ("yours", "reference")
        await pilot.press("right")  # the next data set
        await settle(app, pilot)
        assert screen.dataset == "separable" and screen.report is not report


def test_drill_and_lab_keys_can_be_remapped_and_clashes_are_caught() -> None:
    from studyapp.tui.keymap import checked_keymap

    accepted, problems = checked_keymap({"drill-copy": "c", "lab-set-up": "r"})
    assert accepted == {"drill-copy": "c", "lab-set-up": "r"} and problems == []
    accepted, problems = checked_keymap({"lab-set-up": "space"})
    assert accepted == {} and "space already means 'Next'" in problems[0]
