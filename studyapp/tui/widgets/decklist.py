"""A light table of decks: a header line over an OptionList of fixed-width rows.

Textual's DataTable was a third of the home screen's start-up (its styles and rendering);
five short columns of a handful of decks need none of its features.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

Cell = Text | str


def _cell(value: Cell, width: int) -> Text:
    text = value.copy() if isinstance(value, Text) else Text(value)  # str is never markup
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def format_row(cells: Sequence[Cell], widths: Sequence[int]) -> Text:
    """One line: each cell cut or padded to its width, two spaces apart."""
    line = Text()
    for index, (value, width) in enumerate(zip(cells, widths, strict=True)):
        if index:
            line.append("  ")
        line.append_text(_cell(value, width))
    return line


class DeckList(Vertical):
    """Column titles and one selectable row per deck."""

    def compose(self) -> ComposeResult:
        """The header line and the rows."""
        yield Static("", id="deck-columns")
        yield OptionList(id="deck-rows")

    @property
    def rows(self) -> OptionList:
        """The list holding one option per deck."""
        return self.query_one("#deck-rows", OptionList)

    @property
    def row_count(self) -> int:
        """Number of rows."""
        return self.rows.option_count

    @property
    def cursor_row(self) -> int:
        """Index of the highlighted row (0 when none)."""
        return self.rows.highlighted or 0

    def row_text(self, index: int) -> str:
        """The plain text of a row, as drawn."""
        return str(self.rows.get_option_at_index(index).prompt)

    def set_rows(
        self,
        columns: Sequence[str],
        rows: Sequence[tuple[str, Sequence[Cell]]],
        widths: Sequence[int],
    ) -> None:
        """Replace the header and rows ((id, cells) pairs), keeping the highlighted row."""
        keep = self.cursor_row
        header = format_row(list(columns), widths)
        header.stylize("bold")
        self.query_one("#deck-columns", Static).update(header)
        options = self.rows
        options.clear_options()
        options.add_options(Option(format_row(cells, widths), id=ident) for ident, cells in rows)
        if rows:
            options.highlighted = min(keep, len(rows) - 1)

    def focus_rows(self) -> None:
        """Give the rows the keyboard focus."""
        self.rows.focus()
