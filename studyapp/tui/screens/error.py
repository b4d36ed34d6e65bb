"""A dialog for an error too long for a notification; its text is never markup."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class ErrorDialog(ModalScreen[None]):
    """A title, the error's text (scrollable) and how to close it."""

    DEFAULT_CSS = """
    ErrorDialog {
        align: center middle;
    }
    ErrorDialog > VerticalScroll {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $error;
        padding: 1 2;
        background: $surface;
    }
    ErrorDialog .error-title {
        text-style: bold;
        color: $error;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="close-error"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        """What went wrong, in a few words."""
        self.message = message
        """The whole error text."""

    def compose(self) -> ComposeResult:
        """The title, the message and a line on how to close."""
        with VerticalScroll():
            yield Static(Text(self.title_text), classes="error-title")
            yield Static(Text(self.message))
            yield Static(Text("\nPress Esc to close.", style="dim"))

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
