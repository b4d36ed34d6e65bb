"""The study screen: sequences a session's items and shows each answer's receipt.

Each item's view owns its keys and posts `ItemView.Answered` / `ItemView.NextRequested`;
this screen records answers (committed before the receipt shows), undoes them and moves on.
"""

from __future__ import annotations

import time
import zlib
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, ProgressBar, Static

from studyapp.errors import StudyappError
from studyapp.model import (
    Flashcard,
    LabScenario,
    Question,
    ReorderExercise,
    ReviewMode,
    SandboxExercise,
)
from studyapp.session import item_label, undo_message
from studyapp.tui.widgets.coding_view import CodingItemView
from studyapp.tui.widgets.footer import StudyFooter
from studyapp.tui.widgets.item_view import ItemView
from studyapp.tui.widgets.lab_view import LabView
from studyapp.tui.widgets.reorder_view import ReorderView
from studyapp.tui.widgets.views import FlashcardView, QuestionView

if TYPE_CHECKING:
    from studyapp.session import QueueEntry, StudySession
    from studyapp.tui.app import StudyApp
    from studyapp.tui.screens.coding import CodingResult


class Receipt(Static):
    """The line that says what the last answer did ("Good: Box 2 → 3 of 5, ...")."""

    DEFAULT_CSS = """
    Receipt {
        height: auto;
        min-height: 1;
        max-height: 2;
        padding: 0 1;
        background: $boost;
    }
    """
    text: reactive[str] = reactive("", layout=False)
    """What the line says (plain text, never markup)."""

    def watch_text(self, text: str) -> None:
        """Redraw with the new words."""
        self.update(Text(text))


class StudyScreen(Screen[None]):
    """Works through a StudySession; every answer is committed before its receipt shows."""

    DEFAULT_CSS = """
    StudyScreen {
        layers: base above;
    }
    StudyScreen #session-bar {
        height: 1;
        padding: 0 1;
    }
    StudyScreen #position {
        width: 1fr;
        height: 1;
    }
    StudyScreen #session-progress {
        width: 30;
    }
    StudyScreen #item {
        height: 1fr;
        padding: 0 1;
    }
    StudyScreen #pinned {
        /* Over the item's first row, so showing it never moves what is scrolled into view. */
        position: absolute;
        layer: above;
        offset: 0 2;
        width: 100%;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $accent;
        display: none;
    }
    """
    HELP = (
        "Space reveals the answer; then 1 = again, 2 = good (space = good on cards).\n"
        "Interview questions: type an answer (optional), Esc stops typing, then reveal;\n"
        "tick the key points you covered and grade. Reorder: move steps with\n"
        "shift+up/down or K/J, Enter submits, space goes on. u undoes the last answer.\n"
        "Coding exercises open the coding screen: the first counted check is the answer;\n"
        "back here, Enter opens it again and n skips it. Lab: s sets the scenario up,\n"
        "a number chooses the remedy.\n"
        "PageUp / PageDown scroll a long item; the question stays pinned on top.\n"
        "An item answered again comes back a few items later, as practice."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "undo", "Undo", id="undo"),
        # Same key, hidden, when there is nothing to undo: it says so instead of nothing.
        Binding("u", "nothing_to_undo", "Undo", id="undo", show=False),
        Binding("escape", "leave", "End", id="end-session"),
        # Priority: the key-point list and the answer box would take them for their cursor.
        Binding("pageup", "scroll_item(-1)", "Scroll up", id="scroll-up", show=False,
                priority=True),
        Binding("pagedown", "scroll_item(1)", "Scroll down", id="scroll-down", show=False,
                priority=True),
    ]

    clock = staticmethod(time.monotonic)
    """Where answer and session times come from (tests fix it)."""

    def __init__(self, session: StudySession, label: str) -> None:
        super().__init__()
        self.session = session
        """The session being studied."""
        self.label = label
        """What the session is ("Gradient descent", "Cram: ...")."""
        self.view: ItemView | None = None
        """The view of the current item."""
        self.shown_at = self.clock()
        """When the current item appeared (for the answer time)."""
        self.started = self.clock()
        """When the session started."""
        self.attempt = 0
        """Counts item showings, so a re-shown reorder gets a new shuffle."""

    def compose(self) -> ComposeResult:
        """Header, session bar, the item, the receipt line and the footer."""
        yield Header()
        with Horizontal(id="session-bar"):
            yield Static("", id="position")
            yield ProgressBar(total=len(self.session.queue), show_eta=False, id="session-progress")
        yield Static("", id="pinned")
        yield VerticalScroll(id="item", can_focus=False)
        yield Receipt()
        yield StudyFooter()

    async def on_mount(self) -> None:
        """Show the first item."""
        self.sub_title = self.label
        self.watch(self.query_one("#item", VerticalScroll), "scroll_y", self._scrolled)
        await self.show_current()

    def on_resize(self) -> None:
        """A narrow terminal gives the position line more room than the bar."""
        bar = self.query_one("#session-progress", ProgressBar)
        bar.styles.width = max(12, min(30, self.size.width // 4))

    def _scrolled(self, scroll_y: float) -> None:
        """Keep the question in sight: its first line pinned once it scrolled away."""
        entry = self.session.current
        fronts = self.view.query(".front") if self.view is not None else None
        pinned = self.query_one("#pinned", Static)
        if entry is None or not fronts:
            pinned.display = False
            return
        pinned.display = scroll_y > fronts.first().virtual_region.y
        if pinned.display:
            pinned.update(Text(item_label(entry.item)))

    def action_scroll_item(self, pages: int) -> None:
        """PageUp / PageDown: scroll the item, whatever has the keyboard."""
        container = self.query_one("#item", VerticalScroll)
        if pages < 0:
            container.scroll_page_up(animate=False)
        else:
            container.scroll_page_down(animate=False)

    # -- showing items ---------------------------------------------------------------------

    async def show_current(self) -> None:
        """Replace the view with the session's current item, or finish."""
        entry = self.session.current
        if entry is None:
            self.finish()
            return
        container = self.query_one("#item", VerticalScroll)
        if isinstance(self.view, FlashcardView) and isinstance(entry.item, Flashcard):
            # Card after card: new text in the same view, no mount and no restyle.
            with self.app.batch_update():
                self.view.show(entry.item)
                container.scroll_home(animate=False)
                self._show_position(entry)
            self.view.refresh_bindings()
        else:
            self.view = self._view_for(entry)
            # One batch and awaited mounts: the next item appears whole in the next frame,
            # instead of an empty frame first and the item one frame (~17 ms) later.
            with self.app.batch_update():
                await container.remove_children()
                await container.mount(self.view)
                container.scroll_home(animate=False)
                self._show_position(entry)
            self.view.focus_item()
        self.shown_at = self.clock()
        if isinstance(self.view, CodingItemView):
            self._open_coding()

    def _show_position(self, entry: QueueEntry) -> None:
        done = len(self.session.queue) - self.session.remaining
        total = len(self.session.queue)
        mode = " · practice, boxes stay" if self.session.mode == ReviewMode.CRAM else ""
        if entry.relearn:
            mode = " · again, as practice"
        status = self.session.progress.status_of(entry.state).text
        self.query_one("#position", Static).update(Text(f"{done + 1} of {total} · {status}{mode}"))
        # Relearning repeats make the queue longer as the session goes.
        self.query_one("#session-progress", ProgressBar).update(total=total, progress=done)

    def _view_for(self, entry: QueueEntry) -> ItemView:
        item = entry.item
        self.attempt += 1
        if isinstance(item, Flashcard):
            return FlashcardView(item)
        if isinstance(item, Question):
            return QuestionView(item)
        if isinstance(item, ReorderExercise):
            # Deterministic per attempt: the same item shown the same time gets the same shuffle.
            seed = zlib.crc32(f"{entry.ref}:{len(self.session.answered)}:{self.attempt}".encode())
            return ReorderView(item, seed)
        if isinstance(item, SandboxExercise):
            return CodingItemView(item)
        if isinstance(item, LabScenario):
            return LabView(item)
        raise StudyappError(f"{entry.ref}: {item.kind} items are not studied on this screen")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo shows in the footer only when there is an answer to undo."""
        if action == "undo":
            return self.session.can_undo
        if action == "nothing_to_undo":
            return not self.session.can_undo
        return True

    # -- what the views report -------------------------------------------------------------

    @on(ItemView.Answered)
    async def _answered(self, event: ItemView.Answered) -> None:
        """Record the answer (committed), show the receipt, move on if the view is done."""
        event.stop()
        view = self.view
        answer_ms = int((self.clock() - self.shown_at) * 1000)
        detail = event.detail.as_json() if event.detail is not None else None
        try:
            outcome = self.session.answer(event.correct, answer_ms=answer_ms, detail=detail)
        except StudyappError as error:
            self.notify(str(error), title="Answer not recorded", severity="error", markup=False)
            return
        self.query_one(Receipt).text = outcome.receipt
        if view is not None:
            view.answer_recorded()
        self.refresh_bindings()
        if event.advance:
            await self.show_current()

    @on(ItemView.NextRequested)
    async def _next(self, event: ItemView.NextRequested) -> None:
        """The view is done with an answered item: show the next one."""
        event.stop()
        await self.show_current()

    # -- coding exercises: the coding screen is the item ---------------------------------------

    @on(CodingItemView.OpenRequested)
    def _open_coding(self) -> None:
        """Push the coding screen for the current exercise; its first counted check answers."""
        from studyapp.tui.screens.coding import coding_screen

        entry = self.session.current
        if entry is None:
            return
        cram = self.session.mode == ReviewMode.CRAM
        app = cast("StudyApp", self.app)
        screen = coding_screen(app, entry.deck.id, entry.item.id, practice_only=cram)
        if screen is not None:
            self.app.push_screen(screen, self._coded)

    def _coded(self, result: CodingResult | None) -> None:
        """Back from the coding screen: a counted check is the answer; else wait for Enter/n."""
        review = result.review if result is not None else None
        if result is None or review is None or not result.counted:
            if isinstance(self.view, CodingItemView):
                self.view.not_answered(result is not None and result.checked)
            return
        outcome = self.session.accept(review)
        verdict = "Good" if review.correct else "Again"
        self.query_one(Receipt).text = f"{verdict}: {outcome.text}"
        self.refresh_bindings()
        self.call_later(self.show_current)

    @on(CodingItemView.SkipRequested)
    async def _skip_coding(self) -> None:
        self.session.skip()
        self.query_one(Receipt).text = "Skipped: the exercise stays as it was."
        await self.show_current()

    # -- screen keys -----------------------------------------------------------------------

    async def action_undo(self) -> None:
        """Undo the latest answer of this session and show its item again."""
        try:
            entry = self.session.undo()
        except StudyappError as error:
            self.notify(str(error), title="Undo failed", severity="error", markup=False)
            return
        self.query_one(Receipt).text = undo_message(entry)
        if entry is None:
            return
        self.view = None  # a fresh view: the undone item starts over
        await self.show_current()
        undone = self.session.undone
        typed = undone.detail.get("typed") if undone and undone.detail else None
        if isinstance(self.view, QuestionView) and isinstance(typed, str):
            self.view.restore_typed(typed)

    def action_nothing_to_undo(self) -> None:
        """`u` before any answer: say there is nothing to undo."""
        self.query_one(Receipt).text = undo_message(None)

    def action_leave(self) -> None:
        """Esc: end the session (summary if anything was answered)."""
        if self.session.answered:
            self.finish()
        else:
            self.dismiss(None)

    def finish(self) -> None:
        """Replace this screen with the session summary."""
        from studyapp.tui.screens.summary import SummaryScreen

        summary = SummaryScreen(self.session, self.clock() - self.started)
        self.app.switch_screen(summary)
