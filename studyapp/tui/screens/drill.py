"""The concept drill: change one setting, watch gradient descent retrain and the figures move.

Every change starts a thread worker (exclusive, so a newer change cancels the run before
it); the training loop checks the worker's cancel flag every few dozen updates. NumPy, the
drill's training code and the plots load when the screen is shown, so importing this module
(the keymap check does) stays light.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from studyapp.drill.settings import (
    DATASETS,
    DrillSettings,
    SettingsError,
    step_alpha,
    step_iters,
)
from studyapp.tui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.drill.train import DrillResult


@dataclass(frozen=True, slots=True)
class Control:
    """One setting the learner can change, and what to look at when they do."""

    id: str
    """Option id in the control list."""
    name: str
    """Shown name."""
    notice: str
    """One line: what to notice when changing it."""


CONTROLS: tuple[Control, ...] = (
    Control(
        "dataset",
        "Data set",
        "Breast cancer is real data (30 features); the others each show one effect.",
    ),
    Control(
        "alpha",
        "Learning rate",
        "Too small crawls; too large makes the loss jump up or swing instead of fall.",
    ),
    Control(
        "iters",
        "Iterations",
        "More updates lower the training loss; see if the validation loss follows.",
    ),
    Control(
        "scale",
        "Feature scaling",
        "Off, one learning rate cannot suit features of very different sizes.",
    ),
    Control(
        "class_weight",
        "Class weights",
        "Weighing the rare class up trades precision for recall.",
    ),
    Control(
        "threshold",
        "Threshold",
        "Lower finds more positives (recall up) but raises false alarms.",
    ),
    Control(
        "split",
        "Split",
        "Holdout scores 20% of rows the model never saw: the honest figures.",
    ),
)
"""The drill's controls, in display order."""

_WEIGHTS: tuple[tuple[str, tuple[float, float]], ...] = (
    ("none", (1.0, 1.0)),
    ("balanced", (1.0, 1.0)),
    ("custom", (1.0, 5.0)),
    ("custom", (1.0, 20.0)),
)
"""The class-weight control's steps: (class_weight, (negative, positive) weights)."""


def value_text(settings: DrillSettings, control: str) -> str:
    """A setting's value as the control list shows it."""
    if control == "dataset":
        return settings.dataset
    if control == "alpha":
        return f"{settings.alpha:g}"
    if control == "iters":
        return str(settings.iters)
    if control == "scale":
        return "on" if settings.scale else "off"
    if control == "class_weight":
        if settings.class_weight == "custom":
            return f"custom {settings.weights[0]:g}:{settings.weights[1]:g}"
        return settings.class_weight
    if control == "threshold":
        return f"{settings.threshold:g}"
    return "holdout 80/20" if settings.split == "holdout" else "none"


def changed(settings: DrillSettings, control: str, step: int) -> DrillSettings:
    """`settings` with one control moved one step up (+1) or down (-1)."""
    if control == "dataset":
        index = (DATASETS.index(settings.dataset) + step) % len(DATASETS)
        return replace(settings, dataset=DATASETS[index])
    if control == "alpha":
        return replace(settings, alpha=step_alpha(settings.alpha, step))
    if control == "iters":
        return replace(settings, iters=step_iters(settings.iters, step))
    if control == "scale":
        return replace(settings, scale=not settings.scale)
    if control == "class_weight":
        current = (settings.class_weight, settings.weights)
        if settings.class_weight != "custom":
            current = (settings.class_weight, (1.0, 1.0))
        index = next((i for i, w in enumerate(_WEIGHTS) if w == current), 0)
        name, weights = _WEIGHTS[(index + step) % len(_WEIGHTS)]
        return replace(settings, class_weight=name, weights=weights)
    if control == "threshold":
        threshold = min(0.95, max(0.05, round(settings.threshold + 0.05 * step, 2)))
        return replace(settings, threshold=threshold)
    return replace(settings, split="none" if settings.split == "holdout" else "holdout")


def metrics_table(result: DrillResult) -> Table:
    """The figures of a run on its evaluation rows."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column("metric")
    table.add_column("value", justify="right")
    where = "held-out rows" if result.settings.split == "holdout" else "training rows"
    table.title = f"On {len(result.y_eval)} {where}"
    names = (
        ("accuracy", "Accuracy"),
        ("precision", "Precision"),
        ("recall", "Recall"),
        ("log_loss", "Log loss"),
        ("brier", "Brier score"),
        ("ece", "ECE (10 bins)"),
    )
    for key, name in names:
        value = result.figures[key]
        table.add_row(name, f"{value:.4f}" if math.isfinite(value) else str(value))
    return table


def confusion_table(result: DrillResult) -> Table:
    """The confusion matrix: rows are the true class, columns the predicted one."""
    (tn, fp), (fn, tp) = result.confusion()
    table = Table(title=f"Confusion at p >= {result.settings.threshold:g}", padding=(0, 1))
    table.add_column("true \\ predicted")
    table.add_column("0", justify="right")
    table.add_column("1", justify="right")
    table.add_row("0", str(tn), str(fp))
    table.add_row("1", str(fn), str(tp))
    return table


class PasteSettings(ModalScreen[DrillSettings | None]):
    """Asks for a settings line (as copied with y) and returns the settings it holds."""

    DEFAULT_CSS = """
    PasteSettings {
        align: center middle;
    }
    PasteSettings Vertical {
        width: 80;
        height: auto;
        padding: 1 2;
        border: round $accent;
        background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel-paste"),
    ]

    def __init__(self, current: DrillSettings) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        """A prompt, the input (filled with the current settings) and an error line."""
        with Vertical():
            yield Static("Paste drill settings, then Enter:")
            yield Input(self.current.to_text(), id="settings-text")
            yield Static("", id="paste-error", classes="notes")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            settings = DrillSettings.from_text(event.value)
        except SettingsError as error:
            self.query_one("#paste-error", Static).update(Text(str(error)))
            return
        self.dismiss(settings)

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)


class DrillScreen(Screen[None]):
    """Controls on the left, the loss curve and (for 2-D data) the points on the right."""

    DEFAULT_CSS = """
    DrillScreen #settings-line {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    DrillScreen #drill-left {
        width: 46;
        height: 1fr;
    }
    DrillScreen #controls {
        height: auto;
        max-height: 9;
        border: none;
    }
    DrillScreen #notice {
        height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    DrillScreen #metrics {
        height: 8;
        padding: 0 1;
    }
    DrillScreen #confusion {
        height: 7;
        padding: 0 1;
    }
    DrillScreen #notes {
        height: 1fr;
        padding: 0 1;
    }
    DrillScreen #drill-plots {
        width: 1fr;
        height: 1fr;
    }
    DrillScreen #points {
        display: none;
    }
    DrillScreen #points.shown {
        display: block;
    }
    """
    HELP = (
        "Up/down picks a setting; left/right (or -/+) changes it and the model retrains.\n"
        "y copies the settings as a short line; v pastes one back. Esc returns."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,minus", "change(-1)", "Less", id="drill-less"),
        Binding("right,plus,equals_sign", "change(1)", "More", id="drill-more"),
        Binding("y", "copy_settings", "Copy", id="drill-copy"),
        Binding("v", "paste_settings", "Paste", id="drill-paste"),
        Binding("escape", "leave", "Back", id="drill-back"),
    ]

    def __init__(self, settings: DrillSettings | None = None) -> None:
        super().__init__()
        self.settings = (settings or DrillSettings()).checked()
        """The settings shown and trained."""
        self.result: DrillResult | None = None
        """The latest finished run of the current settings."""
        self.runs = 0
        """Finished runs drawn so far (tests wait on it)."""
        self._labels: dict[str, str] = {}  # control id -> the label shown

    def compose(self) -> ComposeResult:
        """Settings line; controls and figures; plots; footer."""
        from studyapp.tui.widgets.plots import LossPlot, PointsPlot

        yield Header()
        yield Static("", id="settings-line")
        with Horizontal():
            with Vertical(id="drill-left"):
                yield OptionList(*self._options(), id="controls")
                yield Static("", id="notice")
                yield Static("", id="metrics")
                yield Static("", id="confusion")
                yield Static("", id="notes", classes="notes")
            with Vertical(id="drill-plots"):
                yield LossPlot(id="loss")
                yield PointsPlot(id="points")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Train once with the starting settings."""
        self.sub_title = "Concept drill"
        controls = self.query_one("#controls", OptionList)
        controls.highlighted = 1  # the learning rate: the first thing worth trying
        controls.focus()
        self._settings_changed()

    def _label(self, control: Control) -> str:
        return f"{control.name:<16}{value_text(self.settings, control.id)}"

    def _options(self) -> list[Option]:
        self._labels = {control.id: self._label(control) for control in CONTROLS}
        return [Option(Text(self._labels[c.id]), id=c.id) for c in CONTROLS]

    def _control(self) -> Control:
        index = self.query_one("#controls", OptionList).highlighted or 0
        return CONTROLS[index]

    @on(OptionList.OptionHighlighted, "#controls")
    def _highlighted(self) -> None:
        self.query_one("#notice", Static).update(Text(self._control().notice))

    def _settings_changed(self) -> None:
        # Fixed sizes everywhere: a change redraws text and plots but needs no new layout.
        controls = self.query_one("#controls", OptionList)
        for control in CONTROLS:
            label = self._label(control)
            if self._labels.get(control.id) != label:
                self._labels[control.id] = label
                controls.replace_option_prompt(control.id, Text(label))
        self._show_settings("training...")
        self.retrain(self.settings)

    def _show_settings(self, state: str) -> None:
        self.query_one("#settings-line", Static).update(
            Text(f"Settings: {self.settings.to_text()}   {state}   (y copies, v pastes)"),
            layout=False,
        )

    @work(thread=True, exclusive=True, group="drill", exit_on_error=False)
    def retrain(self, settings: DrillSettings) -> None:
        """Train in a thread; a newer call cancels this one, which then stops early."""
        from studyapp.drill.train import TrainingCancelled, run

        worker = get_current_worker()
        try:
            result = run(settings, cancelled=lambda: worker.is_cancelled)
        except TrainingCancelled:
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_result, result)

    def show_result(self, result: DrillResult) -> None:
        """Draw a finished run (ignored when the settings changed meanwhile)."""
        from studyapp.tui.widgets.plots import LossPlot, PointsPlot

        if result.settings != self.settings:
            return
        self.result = result
        curves = {"train": result.history.tolist()}
        if result.settings.split == "holdout":
            curves["validation"] = result.eval_history.tolist()
        self._show_settings("trained")
        self.query_one("#loss", LossPlot).show_curves(curves, "Log loss after each update")
        self.query_one("#metrics", Static).update(metrics_table(result), layout=False)
        self.query_one("#confusion", Static).update(confusion_table(result), layout=False)
        self.query_one("#notes", Static).update(Text("\n".join(result.notes)), layout=False)
        points = self.query_one("#points", PointsPlot)
        two_d = result.X_eval.shape[1] == 2
        points.set_class(two_d, "shown")
        if two_d:
            threshold = result.settings.threshold
            cut = math.log(threshold / (1 - threshold))
            w1, w2 = (float(v) for v in result.w)
            names = result.features
            suffix = " (standardised)" if result.settings.scale else ""
            points.show_points(
                result.X_eval[:, 0].tolist(),
                result.X_eval[:, 1].tolist(),
                result.y_eval.tolist(),
                (w1, w2, cut - result.b),
                (names[0] + suffix, names[1] + suffix),
            )
        self.runs += 1

    # -- keys ------------------------------------------------------------------------------

    def action_change(self, step: int) -> None:
        """Move the highlighted control one step and retrain."""
        self.settings = changed(self.settings, self._control().id, step).checked()
        self._settings_changed()

    def action_copy_settings(self) -> None:
        """Copy the settings line to the clipboard (and show it)."""
        text = self.settings.to_text()
        self.app.copy_to_clipboard(text)
        self.notify(text, title="Settings copied", markup=False)

    def action_paste_settings(self) -> None:
        """Ask for a settings line and use it."""

        def pasted(settings: DrillSettings | None) -> None:
            if settings is not None and settings != self.settings:
                self.settings = settings
                self._settings_changed()

        self.app.push_screen(PasteSettings(self.settings), pasted)

    def action_leave(self) -> None:
        """Back to where the drill was opened from."""
        self.workers.cancel_group(self, "drill")
        self.dismiss(None)
