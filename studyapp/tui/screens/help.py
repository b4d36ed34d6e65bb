"""The help dialog: the keys of the screen it was opened from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """Lists the active bindings of another screen, with their descriptions."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #help-box {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        padding: 1 2;
        background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="close-help"),
    ]

    def __init__(self, for_screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = for_screen
        """The screen whose keys are shown."""

    def compose(self) -> ComposeResult:
        """A box with a table of keys."""
        yield Static(self._table(), id="help-box")

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        intro = getattr(self.for_screen, "HELP", None)
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for binding in self._bindings_of(self.for_screen):
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            keys = self.app.get_key_display(binding)
            rows.append((keys, binding.description))
        rows += [("ctrl+p", "Command palette"), ("ctrl+q", "Quit")]
        for keys, text in rows:
            table.add_row(Text(keys), Text(text))
        if intro:
            outer = Table.grid()
            outer.add_row(Text(intro))
            outer.add_row(Text(""))
            outer.add_row(table)
            outer.add_row(Text("\nPress Esc to close.", style="dim"))
            return outer
        return table

    @staticmethod
    def _bindings_of(screen: Screen[object]) -> list[Binding]:
        bindings = []
        for _node, binding, _enabled, _tooltip in screen.active_bindings.values():
            bindings.append(binding)
        return bindings

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
