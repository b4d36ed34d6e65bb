"""The deck screen: every item of one deck with where it stands in the schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from studyapp.model import Deck, Item, LabScenario, Question, ReorderExercise, SandboxExercise
from studyapp.session import counted
from studyapp.tui.sessions import SessionRequest
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.session import StudyService


def item_summary(item: Item) -> str:
    """The first line of an item's question side."""
    if isinstance(item, SandboxExercise | LabScenario):
        text = item.title
    elif isinstance(item, Question | ReorderExercise):
        text = item.prompt
    else:
        text = item.front
    return " ".join(text.split())


class DeckScreen(Screen[SessionRequest | None]):
    """One deck: its description, items and each item's box and next review.

    Dismissed with the session to start (Enter studies, c crams) or None (back).
    """

    DEFAULT_CSS = """
    DeckScreen #deck-about {
        padding: 0 1;
    }
    """
    HELP = "Every item of the deck and where it stands. Enter studies the deck, c crams it."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study", "Study deck", id="study-this-deck", priority=True),
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
        about = Text(self.deck.description.strip() + "\n" if self.deck.description else "")
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
        table.add_column("Kind", width=10)
        table.add_column("Item", width=max(20, self.app.size.width - 50))
        table.add_column("Where it stands")
        statuses = self.service.deck_statuses(self.deck.id)
        new = self.service.status_of(None)
        for item in self.deck.items():
            status = statuses.get(item.id, new).text
            kind = item.kind.value
            if isinstance(item, Question):
                kind = f"{kind[0].upper()}{kind[1:]} ({item.tier.value[0].upper()})"
            table.add_row(
                kind.capitalize(),
                Text(item_summary(item), overflow="ellipsis", no_wrap=True),
                status,
                key=item.id,
            )
        table.focus()

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
