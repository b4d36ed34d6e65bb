"""The help dialog: the keys of the screen it was opened from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from studyapp.tui.text import reflow

_NOT_LISTED = frozenset(
    ["nothing_to_undo", "select", "focus_next", "focus_previous", "copy_text",
     "help", "command_palette", "quit", "maximize", "minimize"]
)
"""Actions (without their namespace) of hidden twins and widget plumbing: nothing a learner
needs, or listed on their own line below."""


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
        max-height: 100%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    HelpScreen #help-text {
        height: auto;
        padding: 1 1 0 1;
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
        """A box with a table of keys; it scrolls when the terminal is too short for it."""
        box = VerticalScroll(id="help-box")
        box.border_subtitle = "↑↓ scroll · Esc closes"
        with box:
            yield Static(self._table(), id="help-text")

    def on_mount(self) -> None:
        """Focus the box so the arrows and PageUp/PageDown scroll it."""
        self.query_one("#help-box").focus()

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        intro = getattr(self.for_screen, "HELP", None)
        rows: list[tuple[str, str]] = []
        seen_keys: set[str] = set()
        seen: set[tuple[str, str]] = set()
        for binding in self._bindings_of(self.for_screen):
            action = binding.action.rsplit(".", 1)[-1].split("(")[0]
            if not binding.description or action in _NOT_LISTED or action.startswith("cursor"):
                continue
            keys = self.app.get_key_display(binding)
            if keys in seen_keys or (keys, binding.description) in seen:
                continue
            seen_keys.add(keys)
            seen.add((keys, binding.description))
            rows.append((keys, binding.description))
        rows += [("ctrl+p", "Command palette"), ("ctrl+q", "Quit")]
        for keys, text in rows:
            table.add_row(Text(keys), Text(text))
        if intro:
            outer = Table.grid()
            outer.add_row(Text(reflow(intro)))
            outer.add_row(Text(""))
            outer.add_row(table)
            outer.add_row(Text("\nPress Esc to close.", style="dim"))
            return outer
        return table

    @staticmethod
    def _bindings_of(screen: Screen[object]) -> list[Binding]:
        """Keys on show first, then the screen's own keys a focused widget hides from the
        footer (Enter on the deck list, `p` for problems)."""
        active = [binding for _, binding, _, _ in screen.active_bindings.values()]
        shown = [binding for binding in active if binding.show]
        hidden = [binding for binding in active if not binding.show and binding.id]
        own = [
            binding
            for bindings in screen._bindings.key_to_bindings.values()
            for binding in bindings
        ]
        return shown + own + hidden

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
