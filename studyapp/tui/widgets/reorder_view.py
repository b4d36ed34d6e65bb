"""The view of a reorder exercise: steps shown shuffled, moved into order and submitted."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from studyapp.grading import ReorderResult, grade_order, help_fix_one, shuffled_order
from studyapp.model import ReorderExercise
from studyapp.tui.widgets.item_view import ItemView, ReorderDetail, markdown

HELP_AFTER = 3
"""Wrong attempts after which one step can be fixed in place."""


class ReorderView(ItemView):
    """Steps shown shuffled; move them into order and submit (Enter on the list)."""

    DEFAULT_CSS = """
    ReorderView #steps {
        height: auto;
        max-height: 12;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "next", "Next", id="next-item"),
        Binding("shift+up,K", "move(-1)", "Up", id="move-up"),
        Binding("shift+down,J", "move(1)", "Down", id="move-down"),
        # Priority over the step list's own Enter (select), within this view only.
        Binding("enter", "submit", "Submit", id="submit", priority=True),
        Binding("h", "fix_one", "Fix a step", id="fix-one-step"),
    ]

    def __init__(self, exercise: ReorderExercise, seed: int) -> None:
        super().__init__(classes="item-view")
        self.exercise = exercise
        """The exercise shown."""
        self.order = shuffled_order(len(exercise.steps), seed, exercise.groups)
        """Current order as indices into the correct order."""
        self.attempts = 0
        """Submissions so far."""
        self.wrong_attempts = 0
        """Wrong submissions so far."""
        self.locked: frozenset[int] = frozenset()
        """Steps fixed in place by help."""
        self.result: ReorderResult | None = None
        """Grade of the last submission."""
        self.first_order: list[int] | None = None
        """The order first submitted (the one that counts for the schedule)."""
        self.recorded = False
        """Whether an attempt was recorded (only the first counts)."""
        self.gave_up = False
        """Whether the learner went on before the right order: it is shown, then they go."""

    def compose(self) -> ComposeResult:
        """Prompt, the step list and feedback."""
        yield Static("Reorder: put the steps in order", classes="kind-line")
        yield markdown(self.exercise.prompt, classes="front")
        yield OptionList(id="steps")
        yield Static(
            "shift+up/down or K/J moves the highlighted step; Enter submits.",
            id="feedback",
            classes="notes",
        )
        with Vertical(id="back", classes="answer"):
            if self.exercise.explanation:
                yield Static("Why this order", classes="section-title")
                yield markdown(self.exercise.explanation)

    def on_mount(self) -> None:
        """Fill the list."""
        self._render_steps(0)

    def focus_item(self) -> None:
        """The step list takes the keyboard (its keys and the view's apply)."""
        self.query_one("#steps", OptionList).focus()

    @property
    def solved(self) -> bool:
        """Whether the last submission was right."""
        return self.result is not None and self.result.correct

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Move and submit until solved; help after three wrong tries; next once tried."""
        if action in ("move", "submit"):
            return not self.finished
        if action == "fix_one":
            return self.wrong_attempts >= HELP_AFTER and not self.finished
        if action == "next":
            return self.attempts > 0
        return True

    @property
    def finished(self) -> bool:
        """Solved, or given up on: the order and "Why this order" may show."""
        return self.solved or self.gave_up

    def _render_steps(self, highlight: int) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.clear_options()
        misplaced = self.result.misplaced if self.result is not None else frozenset()
        for position, step in enumerate(self.order):
            mark = "  "
            if step in self.locked:
                mark = "= "
            elif self.result is not None:
                mark = "x " if position in misplaced else "  "
            wrong = self.result is not None and position in misplaced
            steps.add_option(Option(_step_line(f"{mark}{position + 1}. ", self.exercise.steps[step],
                                               "bold red" if wrong else "")))
        steps.highlighted = highlight

    def action_move(self, delta: int) -> None:
        """Move the highlighted step up (-1) or down (+1)."""
        steps = self.query_one("#steps", OptionList)
        here = steps.highlighted
        if here is None or self.solved:
            return
        there = here + delta
        if not 0 <= there < len(self.order) or self.order[here] in self.locked:
            return
        if self.order[there] in self.locked:
            return
        self.order[here], self.order[there] = self.order[there], self.order[here]
        self.result = None  # the marks described the old order
        self._render_steps(there)

    @on(OptionList.OptionSelected, "#steps")
    def _enter_on_step(self, event: OptionList.OptionSelected) -> None:
        """Enter once solved (submit is off then, so the list's own Enter selects): go on."""
        event.stop()
        if self.finished:
            self.post_message(self.NextRequested())

    def action_submit(self) -> None:
        """Grade the order; the first attempt is the answer that counts."""
        if self.finished:
            return
        result = self.submit()
        if not self.recorded:
            assert self.first_order is not None
            detail = ReorderDetail(tuple(self.first_order), result.moves, result.score)
            self.post_message(self.Answered(result.correct, detail, advance=False))
        self.refresh_bindings()

    def answer_recorded(self) -> None:
        """Later attempts are practice: not recorded again."""
        self.recorded = True

    def submit(self) -> ReorderResult:
        """Grade the current order and show the feedback."""
        result = grade_order(self.order, self.exercise.groups)
        self.attempts += 1
        if self.first_order is None:
            self.first_order = list(self.order)
        if not result.correct:
            self.wrong_attempts += 1
        self.result = result
        highlight = self.query_one("#steps", OptionList).highlighted or 0
        self._render_steps(highlight)
        self.query_one("#feedback", Static).update(Text(self._feedback(result)))
        # The explanation gives the order away: only once it is right (or given up on).
        self.query_one("#back").display = result.correct
        return result

    def _feedback(self, result: ReorderResult) -> str:
        n = len(self.order)
        score = f"score {n - result.moves}/{n}"
        if result.correct:
            return f"Right order ({score}). Space goes on."
        plural = "s" if result.moves != 1 else ""
        text = (
            f"Not yet: {result.moves} step{plural} marked x must move ({score}). "
            "Keep ordering and press Enter to try again, or space to see the right order."
        )
        if self.wrong_attempts >= HELP_AFTER:
            text += " Press h to have one step fixed in place."
        return text

    def action_fix_one(self) -> None:
        """Help: put one misplaced step into its place and lock it."""
        self.order, fixed = help_fix_one(self.order, self.locked, self.exercise.groups)
        if fixed >= 0:
            self.locked = self.locked | {fixed}
            self.result = None
            position = self.order.index(fixed)
            self._render_steps(position)
            self.query_one("#feedback", Static).update(
                Text(f"Step {position + 1} is now in place (marked =). Enter submits.")
            )
        self.refresh_bindings()

    def action_next(self) -> None:
        """Go on to the next item (after at least one attempt).

        Before the right order, the first press shows it with "Why this order" (giving up);
        the next one goes on.
        """
        if not self.attempts:
            return
        if self.finished:
            self.post_message(self.NextRequested())
            return
        self.gave_up = True
        self.order = list(range(len(self.order)))
        self.result = None
        self._render_steps(0)
        self.query_one("#feedback", Static).update(
            Text("This is the right order. Space goes on.")
        )
        self.query_one("#back").display = True
        self.refresh_bindings()


def _step_line(prefix: str, step: str, style: str) -> Table:
    """One step: its mark and number, then the text, wrapped lines indented under the text;
    `code` in backticks drawn as code."""
    text = Text(style=style)
    for index, part in enumerate(step.split("`")):
        text.append(part, style="bold cyan" if index % 2 else "")
    line = Table.grid(padding=0)
    line.add_column(width=len(prefix), no_wrap=True)
    line.add_column(ratio=1)
    line.add_row(Text(prefix, style=style), text)
    return line
