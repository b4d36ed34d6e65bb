"""A coding exercise as a study-session item: the coding screen is the item itself.

The study screen opens the coding screen for it at once; this view is what shows behind
it, and what the learner comes back to when they leave without a counted check.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from studyapp.model import SandboxExercise
from studyapp.tui.widgets.item_view import ItemView, markdown


class CodingItemView(ItemView):
    """Title and prompt of a coding exercise; Enter opens the coding screen, n skips."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open editor", id="open-coding"),
        Binding("n", "skip", "Skip", id="skip-coding"),
    ]

    class OpenRequested(Message):
        """The learner wants the coding screen (again)."""

    class SkipRequested(Message):
        """The learner moves on without a counted check."""

    def __init__(self, exercise: SandboxExercise) -> None:
        super().__init__()
        self.exercise = exercise
        """The exercise shown."""

    def compose(self) -> ComposeResult:
        """Kind line, prompt and what to do."""
        yield Static(Text(f"Coding exercise: {self.exercise.title}"), classes="kind-line")
        yield markdown(self.exercise.prompt, classes="front")
        yield Static("Opening the editor...", id="coding-note", classes="notes")

    def not_answered(self, checked: bool) -> None:
        """Back from the coding screen without a counted check."""
        first = "No check counted yet." if checked else "Not checked yet."
        self.query_one("#coding-note", Static).update(
            Text(f"{first} Enter opens the editor again; n skips to the next item.")
        )

    def action_open(self) -> None:
        """Enter: open the coding screen."""
        self.post_message(self.OpenRequested())

    def action_skip(self) -> None:
        """n: go on without answering."""
        self.post_message(self.SkipRequested())
