"""The home screen: decks with what is due, and the keys that start a session."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from studyapp.model import ItemKind
from studyapp.tui.messages import OpenDeck, StartSession
from studyapp.tui.sessions import SessionRequest
from studyapp.tui.widgets.decklist import DeckList
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.decks import LoadResult
    from studyapp.errors import StudyappError
    from studyapp.session import DeckOverview
    from studyapp.tui.app import StudyApp
    from studyapp.tui.loading import Overviews

_KIND_LABELS = {
    ItemKind.FLASHCARD: "Flashcards",
    ItemKind.QUESTION: "Interview questions",
    ItemKind.REORDER: "Reorder exercises",
    ItemKind.SANDBOX: "Coding exercises",
    ItemKind.LAB: "Lab scenarios",
}


class HomeScreen(Screen[None]):
    """Decks with due / new counts per kind and boxes; problems never crash it."""

    DEFAULT_CSS = """
    HomeScreen #status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    HomeScreen #deck-table {
        height: 1fr;
    }
    HomeScreen #hint {
        height: auto;
        padding: 0 1;
    }
    """
    HELP = (
        "Your decks: due items by kind (F flashcards, Q questions, R reorder, S coding\n"
        "exercises, L failure-mode labs), New = items never studied (the line below the\n"
        "table says how many today's new_per_day limit lets in), and how many items sit\n"
        "in each Leitner box. d opens the concept drill; l studies the lab scenarios.\n"
        "s studies the coding exercises (due first, then new) on the coding screen.\n"
        "t shows your statistics: reviews a day, the due forecast, recall per box."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study_deck", "Study deck", id="start-deck"),
        Binding("a", "study_all", "All decks", id="start-all"),
        Binding("f", "study_kind('flashcard')", "Flashcards", id="start-flashcards"),
        Binding("i", "study_kind('question')", "Interview", id="start-questions"),
        Binding("r", "study_kind('reorder')", "Reorder", id="start-reorder"),
        Binding("s", "study_kind('sandbox')", "Code", id="start-coding"),
        Binding("l", "study_kind('lab')", "Lab", id="start-lab", show=False),
        Binding("c", "cram", "Cram", id="cram"),
        Binding("d", "drill", "Drill", id="open-drill", show=False),
        Binding("o", "open_deck", "Open", id="open-deck"),
        Binding("t", "stats", "Statistics", id="show-stats", show=False),
        Binding("p", "problems", "Problems", id="show-problems", show=False),
        Binding("ctrl+r", "reload", "Reload", id="reload-decks", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._resumed_before = False  # the first resume is the screen's first showing
        self._filled_width = -1  # screen width the table was last laid out for
        self._notified: LoadResult | None = None  # whose problems were notified already

    @property
    def study_app(self) -> StudyApp:
        """The app, typed."""
        return cast("StudyApp", self.app)

    @property
    def result(self) -> LoadResult | None:
        """The decks shown (None while loading)."""
        return self.study_app.content

    @property
    def error(self) -> StudyappError | None:
        """Why progress could not be opened, if it could not."""
        return self.study_app.service_error

    @property
    def overviews(self) -> dict[str, DeckOverview]:
        """Per-deck due counts on show."""
        counted = self.study_app.overviews
        return counted.by_deck if counted is not None else {}

    @property
    def ready(self) -> bool:
        """True once decks and due counts (or why there are none) are on screen."""
        return self.study_app.overviews is not None

    def compose(self) -> ComposeResult:
        """Header, status line, the deck table and the footer."""
        yield Header()
        yield Static("Loading decks...", id="status")
        yield DeckList(id="deck-table")
        yield Static("", id="hint")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Follow the app's content and due counts; ask it to load the decks."""
        app = self.study_app
        self.watch(app, "loading_files", self._loading_changed, init=False)
        self.watch(app, "content", self._content_changed, init=False)
        self.watch(app, "overviews", self._overviews_changed, init=False)
        if app.content is None:
            app.load_content()
        else:
            self._content_changed(app.content)

    def on_resize(self) -> None:
        """Fit the deck titles to a new width."""
        if self.result is not None and self.size.width != self._filled_width:
            self._fill_table()

    def on_screen_resume(self) -> None:
        """Back from another screen (a session, a deck): due counts may have changed."""
        if self._resumed_before:
            self.study_app.refresh_overviews()
        self._resumed_before = True

    # -- showing what the app loaded -------------------------------------------------------

    def _loading_changed(self, files: tuple[int, int]) -> None:
        done, total = files
        self.query_one("#status", Static).update(f"Loading decks... {done} of {total} files")

    def _content_changed(self, content: LoadResult | None) -> None:
        if content is None:
            self.query_one("#status", Static).update("Loading decks...")
            return
        self._fill_table()
        self.query_one("#status", Static).update(Text(self._status(content)))

    def _overviews_changed(self, counted: Overviews | None) -> None:
        content = self.result
        if counted is None or content is None:
            return
        self._fill_table()
        self._report(content, counted)
        self.query_one("#deck-table", DeckList).focus_rows()

    def _fill_table(self) -> None:
        content = self.result
        if content is None:
            return
        self._filled_width = self.size.width
        counted = self.study_app.overviews
        self.query_one("#deck-table", DeckList).show_decks(
            content.decks,
            self.overviews,
            boxes=counted.boxes if counted is not None else 5,
            now=counted.now if counted is not None else None,
            width=self.size.width,
        )

    @staticmethod
    def _status(result: LoadResult) -> str:
        # The session package (store, SQLite) stays out of the first frame's imports.
        from studyapp.session import counted

        items = sum(deck.size for deck in result.decks)
        status = f"{counted(len(result.decks), 'deck')}, {counted(items, 'item')}."
        if not result.decks:
            status = "No decks found. Add .yaml decks to the folder shown by `studyapp locate`."
        if result.problems:
            count = len(result.problems)
            plural = "s" if count != 1 else ""
            status += f" {count} problem{plural} in deck files: press p."
        return status

    def _report(self, result: LoadResult, counted: Overviews) -> None:
        status = self._status(result)
        if result.problems and self._notified is not result:
            self._notified = result
            count = len(result.problems)
            plural = "s" if count != 1 else ""
            self.notify(
                "\n".join(str(p) for p in result.problems[:3]) + ("\n..." if count > 3 else ""),
                title=f"{count} problem{plural} in deck files",
                severity="warning",
                timeout=8,
                markup=False,
            )
        if counted.error is not None:
            status += " Progress is unavailable: studying is off until this is fixed."
            self.notify(
                str(counted.error),
                title="Cannot open progress",
                severity="error",
                timeout=30,
                markup=False,
            )
        self.query_one("#status", Static).update(Text(status))
        self.query_one("#hint", Static).update(Text(counted.hint))

    # -- starting sessions -----------------------------------------------------------------

    def _highlighted_deck(self) -> str | None:
        table = self.query_one("#deck-table", DeckList)
        if self.result is None or not self.result.decks or table.row_count == 0:
            return None
        return self.result.decks[table.cursor_row].id

    def _title(self, deck_id: str) -> str:
        deck = self.result.deck(deck_id) if self.result is not None else None
        return deck.title if deck else deck_id

    def action_study_deck(self) -> None:
        """Study the highlighted deck: due then new items, all kinds interleaved."""
        deck_id = self._highlighted_deck()
        if deck_id is not None:
            self.post_message(StartSession(SessionRequest((deck_id,), label=self._title(deck_id))))

    def action_study_all(self) -> None:
        """Study every deck."""
        self.post_message(StartSession(SessionRequest(None, label="All decks")))

    def action_study_kind(self, kind: str) -> None:
        """Study only one kind of item, across all decks."""
        item_kind = ItemKind(kind)
        request = SessionRequest(None, kinds=(item_kind,), label=_KIND_LABELS[item_kind])
        self.post_message(StartSession(request))

    def action_drill(self) -> None:
        """Open the concept drill."""
        self.study_app.open_drill()

    def action_cram(self) -> None:
        """Practise the highlighted deck without moving boxes."""
        deck_id = self._highlighted_deck()
        if deck_id is not None:
            label = f"Cram: {self._title(deck_id)}"
            self.post_message(StartSession(SessionRequest((deck_id,), cram=True, label=label)))

    def action_open_deck(self) -> None:
        """Show the highlighted deck's items and where each stands."""
        deck_id = self._highlighted_deck()
        if deck_id is not None:
            self.post_message(OpenDeck(deck_id))

    @on(OptionList.OptionSelected)
    def _row_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a row studies that deck."""
        event.stop()
        self.action_study_deck()

    def action_stats(self) -> None:
        """Show the study statistics."""
        self.study_app.open_stats()

    def action_problems(self) -> None:
        """Open the list of content problems."""
        from studyapp.tui.screens.problems import ProblemsScreen

        if self.result is not None:
            self.app.push_screen(ProblemsScreen(self.result.problems))

    def action_reload(self) -> None:
        """Load the decks again (after editing a deck file)."""
        self.study_app.reload_content()
