"""The problems screen: every problem found in deck files, one per line."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from studyapp.model import Problem
from studyapp.tui.widgets.footer import StudyFooter


class ProblemsScreen(Screen[None]):
    """Shows problems as path:line:col: message; plain text, never markup."""

    HELP = (
        "Problems found in deck files. Fix them in the file, then press ctrl+r on the home screen."
    )
    DEFAULT_CSS = """
    ProblemsScreen > #problems {
        height: 1fr;
        padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="back"),
    ]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems
        """The problems to show."""

    def compose(self) -> ComposeResult:
        """A header, the problem list and the footer."""
        yield Header()
        lines = [str(problem) for problem in self.problems] or [
            "No problems: every deck file is valid."
        ]
        with VerticalScroll(id="problems"):
            yield Static(Text("\n".join(lines)))
        yield StudyFooter()
