"""A light table of decks: a header line over an OptionList of fixed-width rows.

Textual's DataTable was a third of the home screen's start-up (its styles and rendering);
five short columns of a handful of decks need none of its features.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from studyapp.model import KINDS
from studyapp.tui.sessions import STUDY_KINDS
from studyapp.tui.text import when_text

if TYPE_CHECKING:
    from studyapp.model import Deck
    from studyapp.session import DeckOverview

Cell = Text | str
_KIND_LETTERS = "/".join(kind.value[0].upper() for kind in KINDS)
"""Column title letters of the due counts, one per item kind (F/Q/R/S/L)."""


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


def _deck_cells(deck: Deck, overview: DeckOverview | None, now: datetime | None) -> list[Cell]:
    title = Text(deck.title)  # content text: never markup
    if overview is None or now is None:
        return [title, "-", "-", "-", "-"]
    due = "/".join(str(overview.due.get(kind, 0)) for kind in KINDS)
    boxes = " ".join(str(overview.boxes.get(box, 0)) for box in sorted(overview.boxes))
    upcoming = when_text(overview.next_due, now) if overview.next_due else "-"
    # What the deck has; what today's limit lets in is said once, under the table.
    unseen = sum(overview.unseen_by_kind.get(kind, 0) for kind in STUDY_KINDS)
    return [title, due, str(unseen), boxes, upcoming]


class DeckList(Vertical):
    """Column titles and one selectable row per deck."""

    DEFAULT_CSS = """
    DeckList #deck-columns {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    DeckList #deck-rows {
        height: 1fr;
        border: none;
        padding: 0 1;
    }
    """

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

    def show_decks(
        self,
        decks: Sequence[Deck],
        overviews: Mapping[str, DeckOverview],
        *,
        boxes: int,
        now: datetime | None,
        width: int,
    ) -> None:
        """One row per deck: due by kind, new (not yet studied), the boxes and the next review."""
        box_width = max(10, 2 * boxes - 1)
        due_width = max(11, len(_KIND_LETTERS) + 4)
        columns = ["Deck", f"Due {_KIND_LETTERS}", "New", f"Boxes 1..{boxes}", "Next review"]
        widths = [0, due_width, 5, box_width, 17]
        rows = [(deck.id, _deck_cells(deck, overviews.get(deck.id), now)) for deck in decks]
        # Row padding, the scrollbar and two spaces between columns take the rest.
        room = width - 6 - sum(widths) - 2 * (len(widths) - 1)
        if room < 16:
            # A narrow terminal: the boxes go (they are in the deck view); every column that
            # stays keeps its whole header and values.
            del columns[3], widths[3]
            rows = [(ident, [*cells[:3], *cells[4:]]) for ident, cells in rows]
            room += box_width + 2
        widths[0] = max(12, min(60, room))
        self.set_rows(columns, rows, widths)

    def focus_rows(self) -> None:
        """Give the rows the keyboard focus."""
        self.rows.focus()
