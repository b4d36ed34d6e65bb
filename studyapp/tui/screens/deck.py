"""The deck screen: every item of one deck with where it stands in the schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from studyapp.model import Deck, Item, Question, ReorderExercise, SandboxExercise
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.session import StudyService


def item_summary(item: Item) -> str:
    """The first line of an item's question side."""
    if isinstance(item, SandboxExercise):
        text = item.title
    elif isinstance(item, Question | ReorderExercise):
        text = item.prompt
    else:
        text = item.front
    return " ".join(text.split())


class DeckScreen(Screen[None]):
    """One deck: its description, items and each item's box and next review."""

    HELP = "Every item of the deck and where it stands. Enter studies the deck, c crams it."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study", "Study deck", id="study-this-deck", priority=True),
        Binding("c", "cram", "Cram", id="cram-this-deck"),
        Binding("escape,q", "back", "Back", id="back-to-decks"),
    ]

    def __init__(self, deck: Deck, progress: StudyService) -> None:
        super().__init__()
        self.deck = deck
        """The deck shown."""
        self.progress = progress
        """Where item states come from."""

    def compose(self) -> ComposeResult:
        """Header, the deck's description and counts, the item table, the footer."""
        yield Header()
        counts = self.deck.counts()
        about = Text(self.deck.description.strip() + "\n" if self.deck.description else "")
        about.append(
            f"{counts['flashcards']} flashcards, {counts['questions']} interview questions, "
            f"{counts['reorder']} reorder exercises, {counts['sandbox']} coding exercises"
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
        states = self.progress.store.deck_states(self.deck.id)
        for item in self.deck.items():
            status = self.progress.status_of(states.get(item.id)).text
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

    def _start(self, cram: bool) -> None:
        from studyapp.tui.screens.home import HomeScreen
        from studyapp.tui.sessions import SessionRequest

        home = next((s for s in self.app.screen_stack if isinstance(s, HomeScreen)), None)
        self.dismiss(None)
        if home is not None:
            label = f"Cram: {self.deck.title}" if cram else self.deck.title
            home.start(SessionRequest((self.deck.id,), cram=cram, label=label))

    def action_study(self) -> None:
        """Study this deck."""
        self._start(cram=False)

    def action_cram(self) -> None:
        """Practise this deck without moving boxes."""
        self._start(cram=True)

    def action_back(self) -> None:
        """Back to the decks."""
        self.dismiss(None)
