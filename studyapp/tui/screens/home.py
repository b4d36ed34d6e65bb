"""The home screen: decks with what is due, and the keys that start a session."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.worker import get_current_worker

from studyapp.context import Context
from studyapp.decks import LoadResult
from studyapp.errors import StudyappError
from studyapp.model import Deck, ItemKind
from studyapp.tui.sessions import STUDY_KINDS, SessionRequest
from studyapp.tui.text import when_text
from studyapp.tui.widgets.decklist import DeckList
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.session import DeckOverview, StudyService, StudySession

FIRST_FRAME = 0.05
"""Seconds the due counts wait after the decks are listed, so the list is drawn first."""
SMALL_CONTENT = 2_000_000
"""Content up to this many bytes is loaded without a worker (see HomeScreen.load)."""
class HomeScreen(Screen[None]):
    """Decks with due / new counts per kind and boxes; problems never crash it."""

    HELP = (
        "Your decks: due and new items by kind (F flashcards, Q questions, R reorder,\n"
        "S sandbox), and how many items sit in each Leitner box.\n"
        "Sandbox exercises are checked with `studyapp sandbox check ID FILE`."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study_deck", "Study deck", id="start-deck"),
        Binding("a", "study_all", "All decks", id="start-all"),
        Binding("f", "study_kind('flashcard')", "Flashcards", id="start-flashcards"),
        Binding("i", "study_kind('question')", "Interview", id="start-questions"),
        Binding("r", "study_kind('reorder')", "Reorder", id="start-reorder"),
        Binding("c", "cram", "Cram", id="cram"),
        Binding("o", "open_deck", "Open deck", id="open-deck"),
        Binding("p", "problems", "Problems", id="show-problems", show=False),
        Binding("ctrl+r", "reload", "Reload", id="reload-decks", show=False),
    ]

    class LoadProgress(Message):
        """Some deck files were loaded."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Loaded(Message):
        """Decks and progress are ready (or progress could not be opened)."""

        def __init__(
            self,
            result: LoadResult,
            overviews: list[DeckOverview],
            error: StudyappError | None,
        ) -> None:
            super().__init__()
            self.result = result
            self.overviews = overviews
            self.error = error

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        """Folders and content of this run."""
        self.result: LoadResult | None = None
        """The last load, once finished."""
        self.overviews: dict[str, DeckOverview] = {}
        """Per-deck schedule summary of the last load."""
        self.error: StudyappError | None = None
        """Why progress could not be opened, if it could not."""
        self.ready = False
        """True once decks and due counts (or why there are none) are on screen."""
        self.small_content = True
        """Whether the content is small enough to load and plan without a worker."""
        self._progress_lock = threading.Lock()
        self._resumed_before = False  # the first resume is the screen's first showing
        self._filled_width = -1  # screen width the table was last laid out for

    def compose(self) -> ComposeResult:
        """Header, status line, the deck table and the footer."""
        yield Header()
        yield Static("Loading decks...", id="status")
        yield DeckList(id="deck-table")
        yield Static("", id="hint")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Load: small content right away, a big folder in a worker with progress."""
        self.load()

    def on_resize(self) -> None:
        """Fit the deck titles to a new width."""
        if self.result is not None and self.size.width != self._filled_width:
            self._fill_table(self.result.decks)

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Load decks and progress, then show them.

        Content under SMALL_CONTENT bytes loads in milliseconds (even uncached), so it is
        loaded here and the decks are drawn in the first frame, with due counts a moment
        later from a worker; loading them in a worker too would only compete with start-up
        for the interpreter. Larger content loads in a worker that reports progress.
        """
        from studyapp.decks import discover

        files, _ = discover(self.ctx.content_sources())
        size = 0
        for file in files:
            try:
                size += os.path.getsize(file)
            except OSError:
                continue
        self.small_content = size <= SMALL_CONTENT
        if not self.small_content:
            self._load_in_worker()
            return
        result = self.ctx.decks()
        self.result = result
        self._fill_table(result.decks)
        self.query_one("#status", Static).update(Text(self._status(result)))
        # Due counts need the progress database. They follow a moment later from a worker,
        # started once the first frame is out: importing and opening it alongside would
        # hold the interpreter while the decks wait to be drawn.
        self.set_timer(FIRST_FRAME, lambda: self._overviews_in_worker(result))

    def _overviews(self, result: LoadResult) -> tuple[list[DeckOverview], StudyappError | None]:
        try:
            return self._progress().overview(result.decks), None
        except StudyappError as problem:
            return [], problem
        except Exception as bug:
            return [], StudyappError(f"unexpected error while opening progress: {bug!r}")

    @work(thread=True, exclusive=True, group="load")
    def _load_in_worker(self) -> None:
        """Load a big content folder off the UI thread, reporting progress."""
        worker = get_current_worker()
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            # A few updates a second are enough to read; more would only cost frames.
            if not worker.is_cancelled and (now - last > 0.1 or done == total):
                last = now
                self.post_message(self.LoadProgress(done, total))

        result = self.ctx.decks(progress=progress)
        overviews, error = self._overviews(result)
        if not worker.is_cancelled:
            self.post_message(self.Loaded(result, overviews, error))

    def _progress(self) -> StudyService:
        app = self.app
        with self._progress_lock:  # the UI thread and a worker may both ask first
            service: StudyService | None = getattr(app, "progress", None)
            if service is None:
                from studyapp.session import StudyService

                service = StudyService.open(self.ctx)
                app.progress = service  # type: ignore[attr-defined]
        return service

    def on_home_screen_load_progress(self, message: LoadProgress) -> None:
        """Show how far loading got."""
        self.query_one("#status", Static).update(
            f"Loading decks... {message.done} of {message.total} files"
        )

    def on_home_screen_loaded(self, message: Loaded) -> None:
        """Fill the table, report problems and say what to do next."""
        self.ready = True
        self.result = message.result
        self.error = message.error
        self.overviews = {overview.deck_id: overview for overview in message.overviews}
        if message.error is None and self.app.progress is not None:  # type: ignore[attr-defined]
            self.app.apply_settings(self.app.progress.settings)  # type: ignore[attr-defined]
        self._fill_table(message.result.decks)
        self._report(message.result, message.error)
        self.query_one("#deck-table", DeckList).focus_rows()

    def refresh_overview(self) -> None:
        """Recompute due counts (after a session), off the UI thread."""
        if self.result is not None and self.error is None:
            self._overviews_in_worker(self.result)

    @work(thread=True, exclusive=True, group="overview")
    def _overviews_in_worker(self, result: LoadResult) -> None:
        overviews, error = self._overviews(result)
        self.post_message(self.Loaded(result, overviews, error))

    def _fill_table(self, decks: Sequence[Deck]) -> None:
        self._filled_width = self.size.width
        service = getattr(self.app, "progress", None)
        self.query_one("#deck-table", DeckList).show_decks(
            decks,
            self.overviews,
            boxes=service.settings.boxes if service is not None else 5,
            now=service.now() if service is not None else None,
            width=self.size.width,
        )

    @staticmethod
    def _status(result: LoadResult) -> str:
        items = sum(deck.size for deck in result.decks)
        status = f"{len(result.decks)} decks, {items} items."
        if not result.decks:
            status = "No decks found. Add .yaml decks to the folder shown by `studyapp locate`."
        if result.problems:
            count = len(result.problems)
            plural = "s" if count != 1 else ""
            status += f" {count} problem{plural} in deck files: press p."
        return status

    def _report(self, result: LoadResult, error: StudyappError | None) -> None:
        status = self._status(result)
        if result.problems:
            count = len(result.problems)
            plural = "s" if count != 1 else ""
            self.notify(
                "\n".join(str(p) for p in result.problems[:3]) + ("\n..." if count > 3 else ""),
                title=f"{count} problem{plural} in deck files",
                severity="warning",
                timeout=8,
                markup=False,
            )
        if error is not None:
            status += " Progress is unavailable: studying is off until this is fixed."
            self.notify(
                str(error), title="Cannot open progress", severity="error", timeout=30, markup=False
            )
        self.query_one("#status", Static).update(Text(status))
        self.query_one("#hint", Static).update(Text(self._hint()))

    def _hint(self) -> str:
        """What to do next, in words: due work, new work, or when to come back."""
        if self.error is not None or self.result is None or not self.result.decks:
            return ""
        due = sum(o.due.get(kind, 0) for o in self.overviews.values() for kind in STUDY_KINDS)
        new = sum(o.new.get(kind, 0) for o in self.overviews.values() for kind in STUDY_KINDS)
        # Each deck's count is capped by today's allowance; together they share it.
        new = min(new, self.app.progress.new_allowance())  # type: ignore[attr-defined]
        if due or new:
            return (
                f"{due} due and {new} new today. Enter studies the highlighted deck, a all decks."
            )
        pending = [o.next_due for o in self.overviews.values() if o.next_due is not None]
        if pending:
            when = when_text(min(pending), self.app.progress.now())  # type: ignore[attr-defined]
            return f"Nothing due. Next review {when}. Press c to practise anyway."
        return "Nothing due. Press c to practise anyway."

    # -- starting sessions -----------------------------------------------------------------

    def _highlighted_deck(self) -> str | None:
        table = self.query_one("#deck-table", DeckList)
        if self.result is None or not self.result.decks or table.row_count == 0:
            return None
        return self.result.decks[table.cursor_row].id

    def start(self, request: SessionRequest) -> None:
        """Build the queue (in a worker for big content), then open the study screen."""
        if self.result is None:
            self.notify("Still loading the decks...", markup=False)
            return
        if self.error is not None:
            self.notify(str(self.error), title="Cannot study", severity="error", markup=False)
            return
        if self.small_content:
            session = self._session(request)
            if session is not None:
                self._open_session(request, session)
        else:
            self._build_session(request)

    def _session(self, request: SessionRequest) -> StudySession | None:
        assert self.result is not None
        try:
            return self._progress().start_session(
                self.result.decks,
                cram=request.cram,
                deck_ids=request.deck_ids,
                kinds=request.kinds,
                tiers=request.tiers,
            )
        except StudyappError as error:
            self.app.call_later(self.notify, str(error), severity="error", markup=False)
            return None

    @work(thread=True, exclusive=True, group="session")
    def _build_session(self, request: SessionRequest) -> None:
        session = self._session(request)
        if session is not None:
            self.app.call_from_thread(self._open_session, request, session)

    def _open_session(self, request: SessionRequest, session: StudySession) -> None:
        from studyapp.tui.screens.study import StudyScreen

        if not session.queue:
            self.notify(self._empty_message(request), markup=False)
            return
        self.app.push_screen(StudyScreen(session, request.label))

    def on_screen_resume(self) -> None:
        """Back from another screen (a session, a deck): due counts may have changed."""
        if self._resumed_before:
            self.refresh_overview()
        self._resumed_before = True

    def _empty_message(self, request: SessionRequest) -> str:
        if request.cram:
            return "Nothing to practise here."
        hint = self._hint()
        return hint if hint.startswith("Nothing due") else "Nothing due in this selection."

    def action_study_deck(self) -> None:
        """Study the highlighted deck: due then new items, all kinds interleaved."""
        deck_id = self._highlighted_deck()
        if deck_id is not None:
            self.start(SessionRequest((deck_id,), label=self._title(deck_id)))

    def action_study_all(self) -> None:
        """Study every deck."""
        self.start(SessionRequest(None, label="All decks"))

    def action_study_kind(self, kind: str) -> None:
        """Study only one kind of item, across all decks."""
        item_kind = ItemKind(kind)
        label = {
            "flashcard": "Flashcards",
            "question": "Interview questions",
            "reorder": "Reorder exercises",
        }[kind]
        self.start(SessionRequest(None, kinds=(item_kind,), label=label))

    def action_cram(self) -> None:
        """Practise the highlighted deck without moving boxes."""
        deck_id = self._highlighted_deck()
        if deck_id is not None:
            self.start(SessionRequest((deck_id,), cram=True, label=f"Cram: {self._title(deck_id)}"))

    def _title(self, deck_id: str) -> str:
        assert self.result is not None
        deck = self.result.deck(deck_id)
        return deck.title if deck else deck_id

    def action_open_deck(self, deck_id: str | None = None) -> None:
        """Show the highlighted (or the given) deck's items and where each stands."""
        from studyapp.tui.screens.deck import DeckScreen

        deck_id = deck_id or self._highlighted_deck()
        service = getattr(self.app, "progress", None)
        if deck_id is None or self.result is None or service is None:
            return
        deck = self.result.deck(deck_id)
        if deck is not None:
            self.app.push_screen(DeckScreen(deck, service))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a row studies that deck."""
        event.stop()
        self.action_study_deck()

    def action_problems(self) -> None:
        """Open the list of content problems."""
        from studyapp.tui.screens.problems import ProblemsScreen

        if self.result is not None:
            self.app.push_screen(ProblemsScreen(self.result.problems))

    def action_reload(self) -> None:
        """Load the decks again (after editing a deck file)."""
        self.ctx.reset_decks()
        self.query_one("#status", Static).update("Loading decks...")
        self.load()
