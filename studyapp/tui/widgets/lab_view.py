"""The view of a lab scenario: set it up, see the symptom live, choose the remedy, read why.

The scenario runs in a thread worker (NumPy and the drill load then, not before); the
first remedy chosen is the answer that counts, posted as `ItemView.Answered`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static
from textual.worker import get_current_worker

from studyapp.model import LabScenario
from studyapp.tui.widgets.item_view import ItemView, LabDetail, markdown

if TYPE_CHECKING:
    from studyapp.drill.lab import LabRun


class LabView(ItemView):
    """A failure-mode scenario studied like any other item."""

    DEFAULT_CSS = """
    LabView #lab-plot {
        display: none;
        height: 12;
    }
    LabView #lab-plot.shown {
        display: block;
    }
    LabView #lab-symptom, LabView #lab-choices, LabView #lab-feedback {
        height: auto;
        margin-top: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "set_up", "Set up", id="lab-set-up"),
        Binding("1", "choose(0)", "Choose 1-4", id="lab-choose-1"),
        Binding("2", "choose(1)", "Choose 2", id="lab-choose-2", show=False),
        Binding("3", "choose(2)", "Choose 3", id="lab-choose-3", show=False),
        Binding("4", "choose(3)", "Choose 4", id="lab-choose-4", show=False),
        Binding("space", "next", "Next", id="next-item"),
    ]

    def __init__(self, scenario: LabScenario) -> None:
        super().__init__(classes="item-view")
        self.scenario = scenario
        """The scenario shown."""
        self.outcome: LabRun | None = None
        """What running the setup showed, once it ran."""
        self.choice: int | None = None
        """The first remedy chosen (the one that counts)."""
        self.running = False
        """Whether the setup is running now."""

    def compose(self) -> ComposeResult:
        """Title, prompt, the setup line; plot, symptom and choices once set up."""
        # textual-plotext is loaded with the first lab or drill view, not at start-up.
        from studyapp.tui.widgets.plots import LossPlot

        yield Static(Text(f"Lab: {self.scenario.title}"), classes="kind-line")
        yield markdown(self.scenario.prompt, classes="front")
        yield Static(
            Text(f"Setup: {self.scenario.setup}. Press s to run it and see the symptom."),
            id="lab-setup",
            classes="notes",
        )
        yield LossPlot(id="lab-plot")
        yield Static("", id="lab-symptom")
        yield Static("", id="lab-choices")
        yield Static("", id="lab-feedback")
        with Vertical(id="back", classes="answer"):
            yield Static("Why", classes="section-title")
            yield markdown(self.scenario.explanation)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Set up until it ran; choose once it ran; next once chosen."""
        if action == "set_up":
            return self.outcome is None and not self.running
        if action == "choose":
            index = parameters[0] if parameters else 0
            return (
                self.outcome is not None
                and self.choice is None
                and isinstance(index, int)
                and index < len(self.scenario.choices)
            )
        if action == "next":
            return self.choice is not None
        return True

    def action_set_up(self) -> None:
        """Run the scenario's setup in a worker."""
        if self.outcome is not None or self.running:
            return
        self.running = True
        self.query_one("#lab-setup", Static).update(
            Text(f"Setup: {self.scenario.setup}. Training...")
        )
        self.refresh_bindings()
        self.run_setup()

    @work(thread=True, exclusive=True, group="lab", exit_on_error=False)
    def run_setup(self) -> None:
        """Train the setup and measure the symptom (in a thread)."""
        from studyapp.drill.lab import run_scenario
        from studyapp.drill.train import TrainingCancelled

        worker = get_current_worker()
        try:
            outcome = run_scenario(self.scenario, cancelled=lambda: worker.is_cancelled)
        except TrainingCancelled:
            return
        self.app.call_from_thread(self.show_outcome, outcome)

    def show_outcome(self, outcome: LabRun) -> None:
        """Draw the symptom and offer the remedies."""
        from studyapp.tui.widgets.plots import LossPlot

        self.outcome = outcome
        self.running = False
        self.query_one("#lab-setup", Static).update(Text(f"Setup: {self.scenario.setup}"))
        plot = self.query_one("#lab-plot", LossPlot)
        plot.add_class("shown")
        plot.show_curves(outcome.curves, "Loss after each update")
        self.query_one("#lab-symptom", Static).update(Text(f"Symptom: {outcome.symptom}"))
        choices = Text("Which remedy? Press its number.\n")
        for number, choice in enumerate(self.scenario.choices, start=1):
            choices.append(f"  {number}. {choice}\n")
        self.query_one("#lab-choices", Static).update(choices)
        self.refresh_bindings()

    def action_choose(self, index: int) -> None:
        """Choose a remedy: the first choice is the answer that counts."""
        if self.outcome is None or self.choice is not None:
            return
        if not 0 <= index < len(self.scenario.choices):
            return
        self.choice = index
        right = self.scenario.answer
        correct = index == right
        verdict = "Right" if correct else f"Not quite: the remedy is {right + 1}"
        self.query_one("#lab-feedback", Static).update(
            Text(f"{verdict}. You chose {index + 1}. Space goes on.")
        )
        self.query_one("#back").display = True
        self.revealed = True
        self.post_message(self.Answered(correct, LabDetail(index, right), advance=False))
        self.refresh_bindings()

    def action_next(self) -> None:
        """Go on once a remedy was chosen."""
        if self.choice is not None:
            self.post_message(self.NextRequested())
