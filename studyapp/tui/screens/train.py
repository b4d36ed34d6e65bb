"""Train with your own code: your gradient_descent and the reference, side by side.

The training runs through the sandbox (`studyapp.sandbox._train`) in a thread worker:
your code in a learner process with a check's limits, the reference in the judge. Opened
with the exercise and the code (the coding screen's key, or the palette with a file path).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from studyapp.drill.settings import DATASETS
from studyapp.errors import StudyappError
from studyapp.model import SandboxExercise
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.tui.app import StudyApp


def comparison(report: dict[str, Any]) -> Table:
    """Final log loss, accuracy and Brier score of both runs."""
    table = Table(padding=(0, 2))
    table.add_column("")
    table.add_column("yours", justify="right")
    table.add_column("reference", justify="right")
    for key, name in (("log_loss", "Log loss"), ("accuracy", "Accuracy"), ("brier", "Brier")):
        cells = []
        for run in (report.get("yours"), report.get("reference")):
            value = run.get(key) if isinstance(run, dict) else None
            cells.append("-" if value is None else f"{value:.4f}")
        table.add_row(name, *cells)
    return table


class TrainScreen(Screen[None]):
    """Trains the learner's gradient_descent and the reference on a chosen data set."""

    DEFAULT_CSS = """
    TrainScreen #train-status {
        height: 2;
        padding: 0 1;
    }
    TrainScreen #train-figures {
        height: 6;
        padding: 0 1;
    }
    TrainScreen #train-plot {
        height: 1fr;
    }
    """
    HELP = (
        "Your gradient_descent runs in the sandbox (same limits as a check) from w = 0, b = 0\n"
        "on the standardised data set; the reference runs on the same inputs. Left/right\n"
        "changes the data set, t trains again. Esc returns."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "dataset(-1)", "Data set", id="train-previous-dataset"),
        Binding("right", "dataset(1)", "Next", id="train-next-dataset", show=False),
        Binding("t", "train", "Train", id="train-again"),
        Binding("escape", "leave", "Back", id="train-back"),
    ]

    def __init__(
        self,
        exercise: SandboxExercise,
        code: str,
        *,
        dataset: str = "breast-cancer",
        alpha: float = 0.1,
        iters: int = 1000,
        timeout: float | None = None,
    ) -> None:
        super().__init__()
        self.exercise = exercise
        """The exercise whose reference is used (its entry is gradient_descent)."""
        self.code = code
        """The learner's code."""
        self.dataset = dataset
        """The data set trained on."""
        self.alpha = alpha
        """Learning rate of both runs."""
        self.iters = iters
        """Updates of both runs."""
        self.timeout = timeout
        """Wall-clock limit (None: the sandbox default)."""
        self.report: dict[str, Any] | None = None
        """The last finished comparison."""

    def compose(self) -> ComposeResult:
        """Status, the figures side by side, both loss curves."""
        from studyapp.tui.widgets.plots import LossPlot

        yield Header()
        yield Static("", id="train-status")
        yield Static("", id="train-figures")
        yield LossPlot(id="train-plot")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Train once."""
        self.sub_title = "Train with your own code"
        self.action_train()

    def action_dataset(self, step: int) -> None:
        """Move to the previous or next data set and train."""
        index = (DATASETS.index(self.dataset) + step) % len(DATASETS)
        self.dataset = DATASETS[index]
        self.action_train()

    def action_train(self) -> None:
        """Train both in a worker (a newer request cancels the older one)."""
        self.query_one("#train-status", Static).update(
            Text(f"{self.dataset}, alpha = {self.alpha:g}, {self.iters} updates: training...")
        )
        self.train(self.dataset)

    @work(thread=True, exclusive=True, group="train", exit_on_error=False)
    def train(self, dataset: str) -> None:
        """Run both trainings through the sandbox (blocks this thread)."""
        from studyapp.sandbox import Limits, train_submission

        worker = get_current_worker()
        limits = Limits(timeout=self.timeout) if self.timeout is not None else Limits()
        try:
            report = train_submission(
                self.exercise,
                self.code,
                dataset=dataset,
                alpha=self.alpha,
                iters=self.iters,
                limits=limits,
                cancel=lambda: worker.is_cancelled,
            )
        except StudyappError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.show_error, str(error))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_report, dataset, report)

    def show_error(self, message: str) -> None:
        """The sandbox could not run."""
        self.query_one("#train-status", Static).update(Text(f"Cannot train: {message}"))

    def show_report(self, dataset: str, report: dict[str, Any]) -> None:
        """Draw both curves and the figures."""
        from studyapp.tui.widgets.plots import LossPlot

        if dataset != self.dataset:
            return
        self.report = report
        status = f"{dataset}, alpha = {self.alpha:g}, {self.iters} updates."
        failures = report.get("failures") or []
        if failures:
            first = failures[0]
            status += f" Your code: {first.get('kind')}: {first.get('message')}"
        self.query_one("#train-status", Static).update(Text(status))
        self.query_one("#train-figures", Static).update(comparison(report))
        curves = {}
        for label, key in (("yours", "yours"), ("reference", "reference")):
            run = report.get(key)
            if isinstance(run, dict):
                history = run.get("history") or []
                curves[label] = [float("nan") if v is None else float(v) for v in history]
        self.query_one("#train-plot", LossPlot).show_curves(curves, "Cost after each update")

    def action_leave(self) -> None:
        """Back."""
        self.dismiss(None)


class TrainFileDialog(ModalScreen[Path | None]):
    """Asks for the file holding the learner's gradient_descent."""

    DEFAULT_CSS = """
    TrainFileDialog {
        align: center middle;
    }
    TrainFileDialog Vertical {
        width: 80;
        height: auto;
        padding: 1 2;
        border: round $accent;
        background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel-train-file"),
    ]

    def compose(self) -> ComposeResult:
        """A prompt, the path and an error line."""
        with Vertical():
            yield Static("File with your gradient_descent(X, y, w, b, alpha, num_iters):")
            yield Input(placeholder="path/to/gradient_descent.py", id="train-file")
            yield Static("", id="train-file-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            self.query_one("#train-file-error", Static).update(Text(f"no such file: {path}"))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without training."""
        self.dismiss(None)


def open_training(app: StudyApp, exercise_id: str, code: str | None) -> None:
    """Train the learner's gradient_descent beside the reference (asks for the file
    when `code` is not given)."""
    content = app.content
    found = [
        item
        for deck in (content.decks if content is not None else [])
        for item in deck.sandbox
        if item.id == exercise_id
    ]
    if not found or not isinstance(found[0], SandboxExercise):
        app.notify(f"no coding exercise '{exercise_id}' is loaded", markup=False)
        return
    exercise = found[0]
    owner = next(d.id for d in content.decks if exercise in d.sandbox) if content else ""
    untrusted = app.untrusted_deck(owner)
    if untrusted is not None:
        app.notify(
            f"{untrusted} holds code that is not trusted: check an exercise of it first "
            f"(the app asks), or run: studyapp trust {untrusted}",
            severity="warning",
            markup=False,
        )
        return
    if code is not None:
        app.push_screen(TrainScreen(exercise, code))
        return

    def chosen(path: Path | None) -> None:
        if path is None:
            return
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            app.notify(f"cannot read {path}: {error}", severity="error", markup=False)
            return
        app.push_screen(TrainScreen(exercise, text))

    app.push_screen(TrainFileDialog(), chosen)
