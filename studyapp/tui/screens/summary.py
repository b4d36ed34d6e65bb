"""The end of a session: what was reviewed, what moved, and when to come back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from studyapp.model import ReviewMode
from studyapp.session import percent
from studyapp.tui.text import duration_text, when_text
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.session import StudySession


class SummaryScreen(Screen[None]):
    """Reviewed, correct, moved up / down, time spent and the next due time."""

    HELP = "The session is over. Enter or Esc returns to your decks."
    DEFAULT_CSS = """
    SummaryScreen #summary {
        padding: 1 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,space", "home", "Back to decks", id="back-home"),
    ]

    def __init__(self, session: StudySession, seconds: float) -> None:
        super().__init__()
        self.session = session
        """The finished session."""
        self.seconds = seconds
        """Time the session took."""
        self.rows: list[tuple[str, str]] = []
        """The summary as (label, value) lines."""

    def compose(self) -> ComposeResult:
        """Header, the summary table and the footer."""
        yield Header()
        yield Static(self._table(), id="summary")
        yield StudyFooter()

    def _table(self) -> Table:
        answers = self.session.first_answers
        correct = sum(review.correct for review in answers)
        up = sum(
            1
            for r in answers
            if (r.box_after is not None and (r.box_before or 1) < r.box_after)
            or (r.box_before is None and r.correct and r.mode == "review")
        )
        down = sum(
            1
            for r in answers
            if r.box_before is not None and r.box_after is not None and r.box_after < r.box_before
        )
        title = "Session complete" if self.session.current is None else "Session ended early"
        rows = [(title, ""), ("Reviewed", f"{len(answers)} of {self.session.planned}")]
        share = f" ({percent(correct, len(answers))}%)" if answers else ""
        rows.append(("Correct", f"{correct}{share}"))
        repeats = len(self.session.answered) - len(answers)
        if repeats:
            rows.append(("Relearned", f"{repeats} practice answer{'s' if repeats != 1 else ''}"))
        if self.session.mode == ReviewMode.CRAM:
            rows.append(("Boxes", "unchanged (practice session)"))
        else:
            rows += [("Moved up", str(up)), ("Moved down", str(down))]
        rows += [("Time", duration_text(self.seconds)), ("Next review", self._next_due())]
        self.rows = rows
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for label, value in rows:
            table.add_row(Text(label), Text(value))
        return table

    def _next_due(self) -> str:
        progress = self.session.progress
        decks = {entry.deck.id: entry.deck for entry in self.session.queue}
        overviews = progress.overview(list(decks.values()))
        now = progress.now()
        if any(o.due_total for o in overviews):
            return "some items are still due now"
        pending = [o.next_due for o in overviews if o.next_due is not None]
        return when_text(min(pending), now) if pending else "nothing scheduled"

    def action_home(self) -> None:
        """Return to the home screen."""
        self.dismiss(None)
