"""The study screen: one session across flashcards, interview questions and reorder drills."""

from __future__ import annotations

import time
import zlib
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, ProgressBar, Static, TextArea

from studyapp.errors import StudyappError
from studyapp.model import Flashcard, Question, ReorderExercise, ReviewMode
from studyapp.tui.widgets.footer import StudyFooter
from studyapp.tui.widgets.views import FlashcardView, QuestionView, ReorderView

if TYPE_CHECKING:
    from studyapp.session import QueueEntry, StudySession

View = FlashcardView | QuestionView | ReorderView
_STATEFUL_ACTIONS = ("reveal", "grade", "next", "move", "submit", "fix_one", "undo", "type_answer")


class StudyScreen(Screen[None]):
    """Works through a StudySession; every answer is committed before its receipt shows."""

    HELP = (
        "Space reveals the answer; then 1 = again, 2 = good (space = good on cards).\n"
        "Interview questions: type an answer (optional), Esc stops typing, then reveal;\n"
        "tick the key points you covered and grade. Reorder: move steps with\n"
        "shift+up/down or K/J, Enter submits, space goes on. u undoes the last answer."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Reveal", id="reveal"),
        Binding("space", "grade(True)", "Good", id="grade-good-space", show=False),
        Binding("space", "next", "Next", id="next-item"),
        Binding("ctrl+r", "reveal", "Reveal", id="reveal-answer", show=False, priority=True),
        Binding("t", "type_answer", "Type answer", id="type-answer"),
        Binding("1", "grade(False)", "Again", id="grade-again"),
        Binding("2", "grade(True)", "Good", id="grade-good"),
        Binding("shift+up,K", "move(-1)", "Up", id="move-up"),
        Binding("shift+down,J", "move(1)", "Down", id="move-down"),
        Binding("enter", "submit", "Submit", id="submit", priority=True),
        Binding("h", "fix_one", "Fix a step", id="fix-one-step"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("escape", "leave", "End", id="end-session"),
    ]

    clock = staticmethod(time.monotonic)
    """Where answer and session times come from (tests fix it)."""

    def __init__(self, session: StudySession, label: str) -> None:
        super().__init__()
        self.session = session
        """The session being studied."""
        self.label = label
        """What the session is ("Gradient descent", "Cram: ...")."""
        self.view: View | None = None
        """The view of the current item."""
        self.shown_at = self.clock()
        """When the current item appeared (for the answer time)."""
        self.started = self.clock()
        """When the session started."""
        self.reorder_recorded = False
        """Whether the current reorder exercise's first attempt was recorded."""
        self.attempt = 0
        """Counts item showings, so a re-shown reorder gets a new shuffle."""
        self._binding_signature: tuple[bool, ...] = ()

    def compose(self) -> ComposeResult:
        """Header, session bar, the item, the receipt line and the footer."""
        yield Header()
        with Horizontal(id="session-bar"):
            yield Static("", id="position")
            yield ProgressBar(total=len(self.session.queue), show_eta=False, id="session-progress")
        yield VerticalScroll(id="item")
        yield Static("", id="receipt")
        yield StudyFooter()

    async def on_mount(self) -> None:
        """Show the first item."""
        self.sub_title = self.label
        await self.show_current()

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
        else:
            self.view = self._view_for(entry)
            # One batch and awaited mounts: the next item appears whole in the next frame,
            # instead of an empty frame first and the item one frame (~17 ms) later.
            with self.app.batch_update():
                await container.remove_children()
                await container.mount(self.view)
                container.scroll_home(animate=False)
                self._show_position(entry)
        self.reorder_recorded = False
        self.shown_at = self.clock()
        self._sync_bindings()

    def _show_position(self, entry: QueueEntry) -> None:
        done = len(self.session.queue) - self.session.remaining
        total = len(self.session.queue)
        mode = " · practice, boxes stay" if self.session.mode == ReviewMode.CRAM else ""
        status = self.app.progress.status_of(entry.state).text  # type: ignore[attr-defined]
        position = Text(f"{done + 1} of {total} · {status}{mode}")
        self.query_one("#position", Static).update(position)
        self.query_one("#session-progress", ProgressBar).update(progress=done)

    def _sync_bindings(self) -> None:
        """Refresh the footer only when what the keys do changed (each refresh rebuilds it)."""
        signature = tuple(bool(self.check_action(action, ())) for action in _STATEFUL_ACTIONS)
        if signature != self._binding_signature:
            self._binding_signature = signature
            self.refresh_bindings()

    def _view_for(self, entry: QueueEntry) -> View:
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
        raise StudyappError(f"{entry.ref}: {item.kind} items are not studied on this screen")

    # -- which keys apply now --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enable each key only where it means something, so the footer shows what applies."""
        view = self.view
        if action == "undo":
            return self.session.can_undo
        if action == "leave":
            return True
        if view is None:
            return False
        if isinstance(view, ReorderView):
            if action in ("move", "submit"):
                return not view.solved
            if action == "fix_one":
                return view.wrong_attempts >= 3 and not view.solved
            if action == "next":
                return view.attempts > 0
            return False
        if action in ("move", "submit", "fix_one"):
            return False
        if action == "type_answer":
            return isinstance(view, QuestionView) and not view.revealed
        if action == "next":
            return False
        if action == "reveal":
            return not view.revealed and not isinstance(self.focused, TextArea)
        if action == "grade":
            return view.revealed
        return True

    # -- actions ---------------------------------------------------------------------------

    async def action_next(self) -> None:
        """Leave a graded reorder exercise for the next item."""
        if isinstance(self.view, ReorderView) and self.view.attempts:
            await self.show_current()

    def action_reveal(self) -> None:
        """Show the answer side."""
        view = self.view
        if view is None or isinstance(view, ReorderView) or view.revealed:
            return
        view.reveal()
        self._sync_bindings()

    def action_type_answer(self) -> None:
        """Put the cursor in the answer box of an interview question."""
        if isinstance(self.view, QuestionView) and not self.view.revealed:
            self.view.query_one("#typed", TextArea).focus()

    async def action_grade(self, correct: bool) -> None:
        """Record the answer (committed), show the receipt, move on."""
        view = self.view
        if view is None or isinstance(view, ReorderView) or not view.revealed:
            return
        detail: dict[str, Any] | None = None
        if isinstance(view, QuestionView):
            detail = {
                "tier": view.question.tier.value,
                "ticked": view.ticked(),
                "key_points": len(view.question.key_points),
                "suggested": "good" if view.suggested() else "again",
            }
            if view.typed.strip():
                detail["typed"] = view.typed[:4000]
        self._record(correct, detail)
        await self.show_current()

    def _record(self, correct: bool, detail: dict[str, Any] | None) -> bool:
        answer_ms = int((self.clock() - self.shown_at) * 1000)
        try:
            outcome = self.session.answer(correct, answer_ms=answer_ms, detail=detail)
        except StudyappError as error:
            self.notify(str(error), title="Answer not recorded", severity="error", markup=False)
            return False
        verdict = "Good" if correct else "Again"
        self.query_one("#receipt", Static).update(Text(f"{verdict}: {outcome.text}"))
        return True

    def action_move(self, delta: int) -> None:
        """Move the highlighted reorder step."""
        if isinstance(self.view, ReorderView):
            self.view.move(delta)

    async def action_submit(self) -> None:
        """Submit the order; the first attempt is the one the schedule counts."""
        view = self.view
        if not isinstance(view, ReorderView):
            if isinstance(self.focused, TextArea):
                self.focused.insert("\n")
            return
        if view.solved:
            await self.show_current()
            return
        result = view.submit()
        if not self.reorder_recorded:
            detail = {
                "order": list(view.first_order or view.order),
                "moves": result.moves,
                "score": round(result.score, 4),
            }
            if self._record(result.correct, detail):
                self.reorder_recorded = True
        self._sync_bindings()

    def action_fix_one(self) -> None:
        """Help after three wrong attempts: fix one step in place."""
        if isinstance(self.view, ReorderView):
            self.view.fix_one()
            self._sync_bindings()

    async def action_undo(self) -> None:
        """Undo the latest answer of this session and show its item again."""
        try:
            entry = self.session.undo()
        except StudyappError as error:
            self.notify(str(error), title="Undo failed", severity="error", markup=False)
            return
        if entry is None:
            return
        self.query_one("#receipt", Static).update(
            Text(f"Undone: {entry.deck.title} / {entry.item.id} is back as it was.")
        )
        await self.show_current()

    def action_leave(self) -> None:
        """Esc: stop typing if typing, else end the session (summary if anything was answered)."""
        if isinstance(self.focused, TextArea):
            self.set_focus(None)
            return
        if self.session.answered:
            self.finish()
        else:
            self.dismiss(None)

    def finish(self) -> None:
        """Replace this screen with the session summary."""
        from studyapp.tui.screens.summary import SummaryScreen

        summary = SummaryScreen(self.session, self.clock() - self.started)
        self.app.switch_screen(summary)
