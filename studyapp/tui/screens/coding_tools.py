"""The coding screen's tools beyond checking: hints, the prompt fold, reset, solution, $EDITOR.

`CodingTools` is the base class of `CodingScreen`; it holds the actions that only touch the
editor, the prompt and the code file, so the screen module keeps to layout, saving and
checking.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea

from studyapp.codefiles import CodeFiles
from studyapp.model import Review, SandboxExercise

if TYPE_CHECKING:
    from studyapp.tui.app import StudyApp

FAILS_BEFORE_SOLUTION = 3
"""Failed checks after which the solution may be shown (with a confirmation)."""
TRAINABLE_ENTRY = "gradient_descent"
"""Exercises defining this function can train a model on a data set once they pass."""


@dataclass(frozen=True, slots=True)
class CodingResult:
    """What happened on the coding screen, for whoever opened it."""

    checked: bool = False
    """Whether at least one check finished."""
    counted: bool = False
    """Whether a check was recorded as the schedule's answer."""
    passed: bool | None = None
    """Verdict of the last finished check (None: never checked)."""
    review: Review | None = None
    """The counted answer, already committed (for a session's undo)."""


class CodingTools(Screen[CodingResult]):
    """Hints, prompt fold, reset, solution and the external editor of the coding screen."""

    deck_id: str
    exercise: SandboxExercise
    files: CodeFiles
    hints_shown: int
    failed_checks: int
    passed_once: bool
    _saved: str | None

    def action_check(self) -> None:
        """Check the code (the coding screen implements it)."""
        raise NotImplementedError

    def action_train(self) -> None:
        """After a pass: train this gradient_descent and the reference side by side."""
        if self.exercise.entry == TRAINABLE_ENTRY and self.passed_once:
            code = self.query_one("#editor", TextArea).text
            cast("StudyApp", self.app).open_training(self.exercise.id, code)

    def _solution_allowed(self) -> bool:
        return self.passed_once or self.failed_checks >= FAILS_BEFORE_SOLUTION

    # -- hints, reset, solution, prompt ---------------------------------------------------------

    def action_next_hint(self) -> None:
        """Reveal the next hint (one at a time; the count goes with each recorded check)."""
        hints = self.exercise.hints
        if self.hints_shown >= len(hints):
            self.notify("No more hints.", markup=False)
            return
        self.hints_shown += 1
        text = "\n".join(
            f"Hint {number}: {hint.strip()}"
            for number, hint in enumerate(hints[: self.hints_shown], start=1)
        )
        self.query_one("#hints", Static).update(Text(text))
        prompt = self.query_one("#prompt", VerticalScroll)
        prompt.display = True
        self.call_after_refresh(prompt.scroll_end, animate=False)
        self.refresh_bindings()

    def action_toggle_prompt(self) -> None:
        """Fold the prompt away (more room for the editor) or show it again."""
        prompt = self.query_one("#prompt", VerticalScroll)
        prompt.display = not prompt.display

    def action_reset_code(self) -> None:
        """Replace the code with the starter, after a confirmation."""
        from studyapp.tui.screens.confirm import ConfirmScreen

        def reset(confirmed: bool | None) -> None:
            if confirmed:
                editor = self.query_one("#editor", TextArea)
                editor.load_text(self.exercise.starter)
                self.files.save(self.deck_id, self.exercise.id, self.exercise.starter)
                self._saved = self.exercise.starter
                editor.focus()

        self.app.push_screen(
            ConfirmScreen("Replace your code with the starter code? Your version is lost."),
            reset,
        )

    def action_show_solution(self) -> None:
        """Show the reference beside your code (after a pass, or three fails and a yes)."""
        solution = self.query_one("#solution", TextArea)
        if solution.display:
            solution.display = False
            return
        if not self._solution_allowed():
            left = FAILS_BEFORE_SOLUTION - self.failed_checks
            self.notify(
                f"The solution opens after a pass, or after {left} more failed check(s).",
                markup=False,
            )
            return

        def show(confirmed: bool | None = True) -> None:
            if confirmed:
                solution.load_text(self.exercise.reference)
                solution.display = True

        if self.passed_once:
            show()
            return
        from studyapp.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(
                f"Show the reference solution after {self.failed_checks} failed checks? "
                "Reading it before you pass makes the exercise worth less to you."
            ),
            show,
        )

    # -- the external editor ----------------------------------------------------------------

    def action_external_editor(self) -> None:
        """Edit the code in $VISUAL or $EDITOR (the app suspends), then check it."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            self.notify("Set $VISUAL or $EDITOR to edit in your own editor.", markup=False)
            return
        editor = self.query_one("#editor", TextArea)
        path = self.files.path(self.deck_id, self.exercise.id)
        try:
            self.files.save(self.deck_id, self.exercise.id, editor.text)
            self._saved = editor.text
            with self.app.suspend():
                subprocess.run([*shlex.split(command), str(path)], check=False)
        except Exception as error:  # SuspendNotSupported, a missing editor, a bad command
            self.notify(f"{command}: {error}", title="Cannot open the editor", markup=False)
            return
        code = self.files.load(self.deck_id, self.exercise.id)
        if code is not None and code != editor.text:
            editor.load_text(code)
            self._saved = code
        self.action_check()
