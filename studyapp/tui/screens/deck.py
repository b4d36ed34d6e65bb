"""The deck screen: every item of one deck with where it stands in the schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from studyapp.model import Deck, Item, LabScenario, Question, ReorderExercise, SandboxExercise
from studyapp.session import counted, item_label, plain_text
from studyapp.tui.sessions import SessionRequest
from studyapp.tui.text import reflow
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.session import StudyService


def kind_label(item: Item) -> str:
    """The Kind column: "Flashcard", "Question (B)" with the tier's initial, "Reorder"..."""
    if isinstance(item, Question):
        return f"Question ({item.tier.value[0].upper()})"
    return item.kind.value.capitalize()


def item_summary(item: Item) -> str:
    """An item's question side on one line, without Markdown marks."""
    if isinstance(item, SandboxExercise | LabScenario):
        text = item.title
    elif isinstance(item, Question | ReorderExercise):
        text = item.prompt
    else:
        text = item.front
    return plain_text(text)


class DeckScreen(Screen[SessionRequest | None]):
    """One deck: its description, items and each item's box and next review.

    Dismissed with the session to start (Enter studies, c crams) or None (back).
    """

    DEFAULT_CSS = """
    DeckScreen #deck-about {
        padding: 0 1;
        max-height: 40%;
    }
    DeckScreen #item-table {
        height: 1fr;
    }
    """
    HELP = (
        "Every item of the deck and where it stands. Enter practises the highlighted item\n"
        "(boxes stay as they are), s studies the deck, c crams it."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "practise", "Practise item", id="practise-item", priority=True),
        Binding("s", "study", "Study deck", id="study-this-deck"),
        Binding("c", "cram", "Cram", id="cram-this-deck"),
        Binding("escape,q", "back", "Back", id="back-to-decks"),
    ]

    def __init__(self, deck: Deck, service: StudyService) -> None:
        super().__init__()
        self.deck = deck
        """The deck shown."""
        self.service = service
        """Where item states come from."""

    def compose(self) -> ComposeResult:
        """Header, the deck's description and counts, the item table, the footer."""
        yield Header()
        counts = self.deck.counts()
        about = Text(reflow(self.deck.description) + "\n" if self.deck.description else "")
        about.append(
            ", ".join([
                counted(counts["flashcards"], "flashcard"),
                counted(counts["questions"], "interview question"),
                counted(counts["reorder"], "reorder exercise"),
                counted(counts["sandbox"], "coding exercise"),
                *([counted(counts["lab"], "lab scenario")] if counts.get("lab") else []),
            ])
        )
        yield Static(about, id="deck-about")
        table: DataTable[Text | str] = DataTable(id="item-table", cursor_type="row")
        yield table
        yield StudyFooter()

    def on_mount(self) -> None:
        """Fill the item table from one read of the deck's states."""
        self.sub_title = self.deck.title
        table = self.query_one("#item-table", DataTable)
        statuses = self.service.deck_statuses(self.deck.id)
        new = self.service.status_of(None)
        width = self.app.size.width
        rows = []
        for item in self.deck.items():
            where = statuses.get(item.id, new)
            # Below 100 columns the long form ("Box 2 of 5, next review in 4 days") would
            # wrap or be cut; the short one keeps its meaning.
            rows.append((item, kind_label(item), where.text if width >= 100 else where.short))
        kind_width = max((len(kind) for _, kind, _ in rows), default=4)
        header = "Next review" if width < 100 else "Where it stands"
        status_width = max([len(header), *(len(status) for _, _, status in rows)])
        # Cells are padded by one on each side; the scrollbar takes two more.
        item_width = max(16, width - kind_width - status_width - 8)
        table.add_column("Kind", width=kind_width)
        table.add_column("Item", width=item_width)
        table.add_column(header, width=status_width)
        for item, kind, status in rows:
            table.add_row(
                kind,
                Text(item_summary(item), overflow="ellipsis", no_wrap=True),
                status,
                key=item.id,
            )
        table.focus()

    def action_practise(self) -> None:
        """Enter on an item: practise that item now (boxes stay as they are)."""
        table = self.query_one("#item-table", DataTable)
        if not table.row_count:
            return
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        item = self.deck.item(row) if row is not None else None
        if item is None:
            return
        label = f"Practice: {item_label(item)}"
        self.dismiss(
            SessionRequest((self.deck.id,), kinds=(item.kind,), cram=True, label=label,
                           item_ids=(item.id,))
        )

    def action_study(self) -> None:
        """Study this deck."""
        self.dismiss(SessionRequest((self.deck.id,), label=self.deck.title))

    def action_cram(self) -> None:
        """Practise this deck without moving boxes."""
        label = f"Cram: {self.deck.title}"
        self.dismiss(SessionRequest((self.deck.id,), cram=True, label=label))

    def action_back(self) -> None:
        """Back to the decks."""
        self.dismiss(None)
