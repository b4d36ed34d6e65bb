"""The Textual application: it owns the content, the study service and where sessions start."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from studyapp.context import Context
from studyapp.errors import StudyappError
from studyapp.tui import loading
from studyapp.tui.commands import StudyCommands
from studyapp.tui.messages import OpenDeck, StartSession

if TYPE_CHECKING:
    from studyapp.config import Settings
    from studyapp.decks import LoadResult
    from studyapp.drill.settings import DrillSettings
    from studyapp.session import StudyService, StudySession
    from studyapp.tui.sessions import SessionRequest


class StudyApp(App[None]):
    """studyapp's TUI. Screens are imported on first use to keep start-up light.

    The app owns what every screen shares: the loaded decks (`content`), the study service
    (`service`, opened in a worker after the first frame) and the per-deck overviews. Screens
    watch these reactive values and post `StartSession` / `OpenDeck`; none of them looks
    another screen up.
    """

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute, so subclasses elsewhere work
    TITLE = "studyapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
    ]
    COMMANDS = App.COMMANDS | {StudyCommands}

    content: var[LoadResult | None] = var(None, always_update=True)
    """The decks of this run and their problems, once loaded."""
    loading_files: var[tuple[int, int]] = var((0, 0))
    """(files loaded, files in all) while a big content folder loads in a worker."""
    overviews: var[loading.Overviews | None] = var(None, always_update=True)
    """Due counts per deck (or why progress cannot be opened), once computed."""

    def __init__(
        self,
        ctx: Context,
        drill: DrillSettings | None = None,
        exercise: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        """Folders and content of this run."""
        self.start_drill = drill
        """Drill settings to open the drill screen with at start (None: home only)."""
        self.service: StudyService | None = None
        """The study service, once opened (see `overviews` for whether it could be)."""
        self.service_error: StudyappError | None = None
        """Why the study service could not be opened, if it could not."""
        self.small_content = True
        """Whether the content is small enough to load and plan without a worker."""
        self._service_lock = threading.Lock()  # the UI thread and a worker may both ask first
        self._settings_applied = False
        self.start_exercise = exercise
        """(deck id, exercise id) to open on the coding screen at start (`studyapp code`)."""
        self._remember_theme = False  # off while the theme comes from a file, not the learner

    def on_mount(self) -> None:
        """The theme picked last time (config.yaml, read later, still wins); `studyapp code
        ID` or `studyapp drill`: that screen over the home screen."""
        from studyapp.tui.ui_state import read_state

        theme = read_state(self.ctx.locations.data).get("theme")
        if theme in self.available_themes:
            self.theme = theme
        self._remember_theme = True
        if self.start_exercise is not None:
            self.open_exercise(*self.start_exercise)
        if self.start_drill is not None:
            self.open_drill(self.start_drill)

    def watch_theme(self, theme: str) -> None:
        """A theme picked in the palette is remembered for the next run."""
        if self._remember_theme:
            from studyapp.tui.ui_state import remember

            remember(self.ctx.locations.data, "theme", theme)

    def open_exercise(self, deck_id: str, exercise_id: str) -> None:
        """Open a coding exercise on its own screen (outside a session)."""
        from studyapp.tui.screens.coding import coding_screen

        screen = coding_screen(self, deck_id, exercise_id)
        if screen is not None:
            self.push_screen(screen)

    def get_default_screen(self) -> Screen[object]:
        """The home screen is the app's base screen."""
        from studyapp.tui.screens.home import HomeScreen

        return HomeScreen()  # type: ignore[return-value]  # Screen[None] is a Screen[object]

    # -- content and service -----------------------------------------------------------------

    def load_content(self) -> None:
        """Load the decks: small content right here (drawn in the first frame), big in a worker.

        Content under loading.SMALL_CONTENT bytes loads in milliseconds even uncached, so the
        decks are in the first frame and the due counts follow from a worker started once
        that frame is out: opening the database alongside would hold the interpreter while
        the decks wait to be drawn.
        """
        self.small_content = loading.is_small(self.ctx)
        if not self.small_content:
            self._load_in_worker()
            return
        self.content = self.ctx.decks()
        self.set_timer(loading.FIRST_FRAME, self.refresh_overviews)

    def reload_content(self) -> None:
        """Read the deck files again (after editing one)."""
        self.ctx.reset_decks()
        self.content = None
        self.load_content()

    def open_service(self) -> StudyService:
        """The study service, opened on first use (raises StudyappError when it cannot be)."""
        with self._service_lock:
            if self.service is None:
                from studyapp.session import StudyService

                self.service = StudyService.open(self.ctx)
            return self.service

    def untrusted_deck(self, deck_id: str) -> str | None:
        """The file of deck `deck_id` when it holds code that is not trusted (else None)."""
        from studyapp.trust import TrustStore

        deck = self.content.deck(deck_id) if self.content is not None else None
        if deck is None or TrustStore(self.ctx.locations).is_trusted(deck):
            return None
        return deck.path

    def trust_deck(self, path: str) -> None:
        """Record that the deck file at `path` (as it is now) may run its code."""
        from studyapp.trust import TrustStore

        TrustStore(self.ctx.locations).trust(path)

    def refresh_overviews(self) -> None:
        """Recompute the due counts off the UI thread (after a session, a reload ...)."""
        if self.content is not None:
            self._overviews_in_worker(self.content)

    def _load_in_worker(self) -> None:
        self.run_worker(
            lambda: loading.load_big(self),
            thread=True,
            exclusive=True,
            group="load",
            exit_on_error=False,
        )

    def _overviews_in_worker(self, content: LoadResult) -> None:
        self.run_worker(
            lambda: self.call_from_thread(self.show_overviews, loading.overviews(self, content)),
            thread=True,
            exclusive=True,
            group="overview",
            exit_on_error=False,
        )

    def show_overviews(self, overviews: loading.Overviews) -> None:
        """Publish freshly counted overviews (applying config.yaml's look the first time)."""
        self.service_error = overviews.error
        if overviews.error is None and self.service is not None and not self._settings_applied:
            self._settings_applied = True
            for notice in overviews.notices:
                # A bad setting keeps its default: studying goes on, the learner is told.
                self.notify(notice, title="Warning", severity="warning", timeout=15, markup=False)
            self.apply_settings(self.service.settings)
        self.overviews = overviews

    def apply_settings(self, settings: Settings) -> None:
        """Use the theme and key remapping of config.yaml (bad values are reported)."""
        if settings.keymap:
            from studyapp.tui.keymap import checked_keymap

            source = settings.path or "config.yaml"
            keymap, problems = checked_keymap(dict(settings.keymap), source)
            for problem in problems:
                self.notify(problem, title="config.yaml", severity="warning", markup=False)
            if keymap:
                self.set_keymap(keymap)
        # A theme set in config.yaml wins over the one remembered from the palette; the
        # default (no theme in the file) leaves the remembered one alone.
        from studyapp import config

        if settings.theme != self.theme and settings.theme != config.Settings().theme:
            if settings.theme in self.available_themes:
                self._remember_theme = False
                self.theme = settings.theme
                self._remember_theme = True
            else:
                names = ", ".join(sorted(self.available_themes))
                self.notify(
                    f"config.yaml: unknown theme '{settings.theme}'. Known themes: {names}",
                    severity="warning",
                    markup=False,
                )

    # -- sessions and decks ----------------------------------------------------------------

    @on(StartSession)
    def _start_requested(self, message: StartSession) -> None:
        self.start_session(message.request)

    @on(OpenDeck)
    def _open_requested(self, message: OpenDeck) -> None:
        self.open_deck(message.deck_id)

    def start_session(self, request: SessionRequest) -> None:
        """Build the queue (in a worker for big content), then open the study screen."""
        content = self.content
        if content is None:
            self.notify("Still loading the decks...", markup=False)
            return
        if self.service_error is not None:
            self.notify(str(self.service_error), title="Cannot study", severity="error",
                        markup=False)
            return
        if self.small_content:
            self._open_session(request, self._session(request))
            return
        self.run_worker(
            lambda: self._build_session(request), thread=True, exclusive=True, group="session",
            exit_on_error=False,
        )

    def _session(self, request: SessionRequest) -> StudySession | StudyappError:
        assert self.content is not None
        try:
            return self.open_service().start_session(
                self.content.decks,
                cram=request.cram,
                deck_ids=request.deck_ids,
                kinds=request.kinds,
                tiers=request.tiers,
                item_ids=request.item_ids,
            )
        except StudyappError as error:
            return error

    def _build_session(self, request: SessionRequest) -> None:
        self.call_from_thread(self._open_session, request, self._session(request))

    def _open_session(self, request: SessionRequest, session: StudySession | StudyappError) -> None:
        from studyapp.tui.screens.study import StudyScreen

        if isinstance(session, StudyappError):
            self.notify(str(session), title="Cannot study", severity="error", markup=False)
            return
        if not session.queue:
            overviews = self.overviews
            hint = overviews.hint if overviews is not None else ""
            if request.cram:
                text = "Nothing to practise here."
            else:
                text = hint if hint.startswith("Nothing due") else "Nothing due in this selection."
            self.notify(text, markup=False)
            return
        self.push_screen(StudyScreen(session, request.label))

    def open_drill(self, settings: DrillSettings | None = None) -> None:
        """Open the concept drill (it loads NumPy and the training code on first use)."""
        from studyapp.tui.screens.drill import DrillScreen

        self.push_screen(DrillScreen(settings))

    def open_training(self, exercise_id: str = "descent", code: str | None = None) -> None:
        """Train the learner's gradient_descent beside the reference (asks for the file
        when `code` is not given)."""
        from studyapp.tui.screens.train import open_training

        open_training(self, exercise_id, code)

    def open_lab(self, deck_id: str, item_id: str) -> None:
        """Open one lab scenario on a screen of its own; its answer is recorded like any other."""
        from studyapp.model import LabScenario
        from studyapp.tui.screens.lab import LabScreen

        content = self.content
        deck = content.deck(deck_id) if content is not None else None
        scenario = deck.item(item_id) if deck is not None else None
        if deck is None or not isinstance(scenario, LabScenario):
            return
        self.push_screen(LabScreen(deck, scenario))

    def open_stats(self) -> None:
        """Show the study statistics of every deck (computed on the screen, in a worker)."""
        from studyapp.tui.screens.stats import StatsScreen

        if self.content is None:
            self.notify("Still loading the decks...", markup=False)
            return
        self.push_screen(StatsScreen())

    def open_deck(self, deck_id: str) -> None:
        """Show one deck's items and where each stands; Enter there starts a session."""
        from studyapp.tui.screens.deck import DeckScreen

        content = self.content
        deck = content.deck(deck_id) if content is not None else None
        if deck is None or self.service is None:
            return

        def chosen(request: SessionRequest | None) -> None:
            if request is not None:
                self.start_session(request)

        self.push_screen(DeckScreen(deck, self.service), chosen)

    # -- app-wide keys and errors ------------------------------------------------------------

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from studyapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """One place for every worker's unexpected error: a dialog, never a crash."""
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        from studyapp.tui.screens.error import ErrorDialog

        if isinstance(error, StudyappError):
            self.push_screen(ErrorDialog("Something went wrong", str(error)))
        else:
            self.push_screen(
                ErrorDialog(
                    "Unexpected error",
                    f"{error!r}\n\nThis is a bug in studyapp. Nothing you recorded was lost.",
                )
            )

    def on_unmount(self) -> None:
        """Close the database cleanly."""
        if self.service is not None:
            self.service.close()


def run_app(
    ctx: Context, drill: DrillSettings | None = None, exercise: tuple[str, str] | None = None
) -> int:
    """Run the TUI until the learner quits; returns the exit code.

    With `drill`, the drill screen opens over home with those settings; with `exercise`
    (deck id, exercise id), the coding screen of that exercise (`studyapp code`).
    """
    import gc

    # The command line turns the cyclic collector off for its short commands; the app,
    # whichever command starts it (none, code, drill), runs long and needs it.
    gc.enable()
    app = StudyApp(ctx, drill=drill, exercise=exercise)
    app.run()
    return app.return_code or 0
