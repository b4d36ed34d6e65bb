"""The home screen: the loaded decks and what they hold."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from studyapp.context import Context
from studyapp.decks import LoadResult
from studyapp.model import Deck


class HomeScreen(Screen[None]):
    """Lists the decks; content problems show as a notification, never a crash."""

    HELP = "Your decks. Problems in deck files are listed with p."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "problems", "Problems", id="show-problems"),
        Binding("ctrl+r", "reload", "Reload", id="reload-decks"),
    ]

    class LoadProgress(Message):
        """Some deck files were loaded."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class DecksLoaded(Message):
        """Loading finished."""

        def __init__(self, result: LoadResult) -> None:
            super().__init__()
            self.result = result

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        """Folders and content of this run."""
        self.result: LoadResult | None = None
        """The last load, once finished."""

    def compose(self) -> ComposeResult:
        """Header, the deck table, a status line and the footer."""
        yield Header()
        yield Static("Loading decks...", id="status")
        table: DataTable[Text | str] = DataTable(id="deck-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        """Set up columns and start loading."""
        table = self.query_one("#deck-table", DataTable)
        table.add_columns("Deck", "Flashcards", "Questions (B/I/E)", "Reorder", "Sandbox")
        self.load_decks()

    @work(thread=True, exclusive=True, group="load")
    def load_decks(self) -> None:
        """Load every configured deck off the UI thread."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.post_message(self.LoadProgress(done, total))

        result = self.ctx.decks(progress=progress)
        if not worker.is_cancelled:
            self.post_message(self.DecksLoaded(result))

    def on_home_screen_load_progress(self, message: LoadProgress) -> None:
        """Show how far loading got."""
        self.query_one("#status", Static).update(
            f"Loading decks... {message.done} of {message.total} files"
        )

    def on_home_screen_decks_loaded(self, message: DecksLoaded) -> None:
        """Fill the table and report problems."""
        self.result = result = message.result
        table = self.query_one("#deck-table", DataTable)
        table.clear()
        for deck in result.decks:
            table.add_row(*self._row(deck), key=deck.id)
        items = sum(deck.size for deck in result.decks)
        status = f"{len(result.decks)} decks, {items} items."
        if not result.decks:
            status = "No decks found. Add .yaml decks to the folder shown by `studyapp locate`."
        if result.problems:
            count = len(result.problems)
            status += f" {count} problem{'s' if count != 1 else ''} in deck files: press p."
            self.notify(
                "\n".join(str(p) for p in result.problems[:3]) + ("\n..." if count > 3 else ""),
                title=f"{count} problem{'s' if count != 1 else ''} in deck files",
                severity="warning",
                timeout=8,
                markup=False,
            )
        self.query_one("#status", Static).update(status)
        table.focus()

    @staticmethod
    def _row(deck: Deck) -> tuple[Text | str, ...]:
        counts = deck.counts()
        tiers = deck.tier_counts()
        questions = (
            f"{counts['questions']} ({tiers['beginner']}/{tiers['intermediate']}/{tiers['expert']})"
        )
        return (
            Text(deck.title),  # a str cell would be read as markup
            str(counts["flashcards"]),
            questions,
            str(counts["reorder"]),
            str(counts["sandbox"]),
        )

    def action_problems(self) -> None:
        """Open the list of content problems."""
        from studyapp.tui.screens.problems import ProblemsScreen

        if self.result is not None:
            self.app.push_screen(ProblemsScreen(self.result.problems))

    def action_reload(self) -> None:
        """Load the decks again (after editing a deck file)."""
        self.ctx.reset_decks()
        self.query_one("#status", Static).update("Loading decks...")
        self.load_decks()
