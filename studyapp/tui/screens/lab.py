"""One lab scenario on a screen of its own (from the palette); its answer counts like any other."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from studyapp.errors import StudyappError
from studyapp.model import Deck, ItemKind, ItemRef, LabScenario, ReviewMode
from studyapp.tui.widgets.footer import StudyFooter
from studyapp.tui.widgets.item_view import ItemView
from studyapp.tui.widgets.lab_view import LabView

if TYPE_CHECKING:
    from studyapp.tui.app import StudyApp


class LabScreen(Screen[None]):
    """Hosts a LabView and records its answer through the study service."""

    DEFAULT_CSS = """
    LabScreen #lab-item {
        height: 1fr;
        padding: 0 1;
    }
    LabScreen #lab-receipt {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """
    HELP = (
        "s runs the scenario's setup and shows the symptom; then press the number of the\n"
        "remedy. The first choice is recorded on the item's schedule (as practice when the\n"
        "item is not due). Esc returns."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back", id="lab-back"),
    ]

    clock = staticmethod(time.monotonic)
    """Where the answer time comes from (tests fix it)."""

    def __init__(self, deck: Deck, scenario: LabScenario) -> None:
        super().__init__()
        self.deck = deck
        """The deck the scenario belongs to."""
        self.scenario = scenario
        """The scenario shown."""
        self.shown_at = self.clock()

    def compose(self) -> ComposeResult:
        """Header, the scenario's view, a receipt line and the footer."""
        yield Header()
        with VerticalScroll(id="lab-item", can_focus=False):
            yield LabView(self.scenario)
        yield Static("", id="lab-receipt")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Give the view the keyboard."""
        self.sub_title = f"Lab · {self.deck.title}"
        self.query_one(LabView).focus_item()

    @on(ItemView.Answered)
    def _answered(self, event: ItemView.Answered) -> None:
        """Record the first choice; due or new items count for review, others as practice."""
        event.stop()
        app = cast("StudyApp", self.app)
        ref = ItemRef(self.deck.id, self.scenario.id)
        try:
            service = app.open_service()
            status = service.status(ref)
            due = status.due_at is None or status.due_at <= service.now()
            review = service.record_answer(
                ref,
                ItemKind.LAB,
                event.correct,
                mode=ReviewMode.REVIEW if due else ReviewMode.PRACTICE,
                answer_ms=int((self.clock() - self.shown_at) * 1000),
                detail=event.detail.as_json() if event.detail is not None else None,
            )
            outcome = service.outcome(review)
        except StudyappError as error:
            self.notify(str(error), title="Answer not recorded", severity="error", markup=False)
            return
        verdict = "Good" if event.correct else "Again"
        self.query_one("#lab-receipt", Static).update(Text(f"{verdict}: {outcome.text}"))
        self.query_one(LabView).answer_recorded()

    @on(ItemView.NextRequested)
    def _next(self, event: ItemView.NextRequested) -> None:
        event.stop()
        self.action_leave()

    def action_leave(self) -> None:
        """Back to where the lab was opened from."""
        self.dismiss(None)
