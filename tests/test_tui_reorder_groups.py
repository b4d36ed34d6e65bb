"""The reorder view with an any_order group: help fixes steps and a grouped order is right."""

from __future__ import annotations

from textual.app import App, ComposeResult

from studyapp.model import ReorderExercise
from studyapp.tui.widgets.reorder_view import ReorderView

EXERCISE = ReorderExercise(
    "grouped",
    "Order the gradient check",
    ("build data", "analytic gradient", "numerical gradient", "compare", "train"),
    groups=((1, 3),),
)


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield ReorderView(EXERCISE, seed=11)


async def test_help_fixes_every_step_then_the_order_is_right() -> None:
    app = _Host()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ReorderView)
        assert not view.submit().correct
        for _ in range(len(EXERCISE.steps)):
            if view.submit().correct:
                break
            view.action_fix_one()
            await pilot.pause()
        assert view.submit().correct
        assert "Right order" in str(view.query_one("#feedback").render())


async def test_either_order_inside_the_group_is_right() -> None:
    app = _Host()
    async with app.run_test(size=(100, 30)):
        view = app.query_one(ReorderView)
        view.order = [0, 2, 1, 3, 4]
        assert view.submit().correct
        view.order = [0, 1, 3, 2, 4]
        assert not view.submit().correct
