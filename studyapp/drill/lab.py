"""The failure-mode lab: run a scenario's setup and measure its symptom, and the fix (NumPy)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from studyapp.drill import metrics
from studyapp.drill.data import Array, load, standardise
from studyapp.drill.settings import DrillSettings
from studyapp.drill.train import Cancelled, class_weights, run
from studyapp.model import LabScenario

LN2 = math.log(2.0)
"""Log loss of the starting model (w = 0, b = 0 predicts 0.5 for every row)."""


@dataclass(frozen=True)
class LabRun:
    """What running a scenario showed."""

    id: str
    """Scenario id."""
    symptom: str
    """The symptom in words, with its numbers."""
    shown: bool
    """Whether the symptom appeared (it always should; a test holds each scenario to it)."""
    numbers: dict[str, Any]
    """The figures that show the symptom (None where a value is not finite)."""
    curves: dict[str, list[float]] = field(default_factory=dict)
    """Loss curves to plot, by label ("as set", "with the fix"); non-finite values are NaN."""

    def as_json(self) -> dict[str, Any]:
        """The `studyapp lab run --json` object."""
        return {
            "id": self.id,
            "symptom": self.symptom,
            "shown": self.shown,
            "numbers": self.numbers,
            "curves": {
                label: [value if math.isfinite(value) else None for value in curve]
                for label, curve in self.curves.items()
            },
        }


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _curve(values: Array | list[float]) -> list[float]:
    return [float(value) for value in values]


def _diverging_loss(settings: DrillSettings, cancelled: Cancelled | None) -> LabRun:
    result = run(settings, cancelled)
    history = result.history
    rises = int(np.count_nonzero(np.diff(history) > 0))
    fixed = run(replace(settings, alpha=settings.alpha / 100), cancelled)
    first, final, best = float(history[0]), float(history[-1]), float(np.nanmin(history))
    shown = first > LN2 or rises >= len(history) // 10
    symptom = (
        f"With alpha = {settings.alpha:g} the first update took the loss from {LN2:.3f} to "
        f"{first:.3g}; it went up on {rises} of {len(history) - 1} later updates and ended at "
        f"{final:.3g}, above its best of {best:.3g}. With alpha / 100 it ends at "
        f"{fixed.history[-1]:.3g}."
    )
    numbers = {
        "start_loss": LN2,
        "first_loss": _finite(first),
        "final_loss": _finite(final),
        "best_loss": _finite(best),
        "rises": rises,
        "updates": len(history),
        "fixed_alpha": settings.alpha / 100,
        "fixed_final_loss": _finite(float(fixed.history[-1])),
    }
    curves = {"as set": _curve(history), "alpha / 100": _curve(fixed.history)}
    return LabRun("", symptom, shown, numbers, curves)


def _naive_loss(y: Array, z: Array) -> float:
    """The textbook loss -y log f - (1 - y) log(1 - f) with f = 1 / (1 + e^-z), as written."""
    f = 1.0 / (1.0 + np.exp(-z))
    return float(np.mean(-y * np.log(f) - (1.0 - y) * np.log(1.0 - f)))


def _trace(
    X: Array, y: Array, settings: DrillSettings, cancelled: Cancelled | None
) -> tuple[list[float], list[float], Array, float]:
    """Gradient descent as the drill runs it, recording the naive and the stable loss.

    Returns (naive losses, stable losses, w, b); it is slow on purpose (one loop, no reuse)
    and meant for the lab's short runs.
    """
    m, n = X.shape
    w, b = np.zeros(n), 0.0
    s = class_weights(y, settings)
    naive: list[float] = []
    stable: list[float] = []
    with np.errstate(all="ignore"):
        for step in range(settings.iters):
            z = X @ w + b
            err = s * (metrics.sigmoid(z) - y)
            w = w - settings.alpha * (X.T @ err) / m
            b = b - settings.alpha * float(err.sum()) / m
            z = X @ w + b
            naive.append(_naive_loss(y, z))
            stable.append(float(np.mean(np.logaddexp(0.0, z) - y * z)))
            if cancelled is not None and step % 64 == 0 and cancelled():
                from studyapp.drill.train import TrainingCancelled

                raise TrainingCancelled
    return naive, stable, w, b


def _first_bad(values: list[float]) -> int | None:
    """1-based number of the first update whose value is inf or NaN (None if all finite)."""
    return next((index + 1 for index, value in enumerate(values) if not math.isfinite(value)), None)


def _unscaled_overflow(settings: DrillSettings, cancelled: Cancelled | None) -> LabRun:
    dataset = load(settings.dataset)
    X, y = dataset.X, dataset.y
    naive, stable, w, _ = _trace(X, y, settings, cancelled)
    with np.errstate(all="ignore"):
        largest_logit = float(np.max(np.abs(X @ w)))
    slow = replace(settings, alpha=settings.alpha / 1e4)
    _, slow_stable, _, _ = _trace(X, y, slow, cancelled)
    scaled = run(replace(settings, scale=True, alpha=0.1), cancelled)
    bad = _first_bad(naive)
    shown = bad is not None and slow_stable[-1] > 0.6
    symptom = (
        f"Unscaled, the features span {X.std(axis=0).min():.1g} to {X.std(axis=0).max():.3g}. "
        f"With alpha = {slow.alpha:g} the loss crawls from {LN2:.3f} to {slow_stable[-1]:.3f} in "
        f"{slow.iters} updates; with alpha = {settings.alpha:g} the logits reach "
        f"{largest_logit:.3g}, e^-z overflows and the naive loss is "
        f"{_describe(naive[bad - 1]) if bad else 'finite'} from update {bad}. Standardised, "
        f"alpha = 0.1 reaches {scaled.history[-1]:.3f}."
    )
    numbers = {
        "feature_std": [float(v) for v in X.std(axis=0)],
        "slow_alpha": slow.alpha,
        "slow_final_loss": _finite(slow_stable[-1]),
        "largest_logit": _finite(largest_logit),
        "naive_loss_bad_from": bad,
        "stable_final_loss": _finite(stable[-1]),
        "scaled_final_loss": _finite(float(scaled.history[-1])),
    }
    curves = {
        "stable loss": stable,
        "slow alpha": slow_stable,
        "standardised": _curve(scaled.history),
    }
    return LabRun("", symptom, shown, numbers, curves)


def _describe(value: float) -> str:
    return "NaN" if math.isnan(value) else "inf"


def _naive_log_nan(settings: DrillSettings, cancelled: Cancelled | None) -> LabRun:
    dataset = load(settings.dataset)
    X, y = dataset.X, dataset.y
    if settings.scale:
        (X,) = standardise(X)
    naive, stable, w, b = _trace(X, y, settings, cancelled)
    z = X @ w + b
    bad = _first_bad(naive)
    ones = int(np.count_nonzero(1.0 / (1.0 + np.exp(-z)) == 1.0))
    shown = bad is not None and math.isfinite(stable[-1])
    symptom = (
        f"After {settings.iters} updates the largest logit is {float(np.max(z)):.3g}: "
        f"1 / (1 + e^-z) rounds to exactly 1.0 for {ones} rows, so log(1 - f) = -inf and "
        f"0 * -inf = NaN. The naive loss is NaN from update {bad}; computed from the logits "
        f"it is {stable[-1]:.3g}."
    )
    numbers = {
        "largest_logit": float(np.max(z)),
        "rows_with_f_equal_1": ones,
        "naive_loss_nan_from": bad,
        "naive_final_loss": _finite(naive[-1]),
        "stable_final_loss": _finite(stable[-1]),
    }
    return LabRun("", symptom, shown, numbers, {"naive loss": naive, "stable loss": stable})


def _useless_recall(settings: DrillSettings, cancelled: Cancelled | None) -> LabRun:
    result = run(settings, cancelled)
    balanced = run(replace(settings, class_weight="balanced"), cancelled)
    lowered = run(replace(settings, threshold=0.1), cancelled)
    base_rate = float(result.y_eval.mean())
    figures = result.figures
    shown = figures["accuracy"] >= 1 - base_rate - 0.01 and figures["recall"] < 0.5
    symptom = (
        f"Only {base_rate:.0%} of rows are positive, so predicting 'negative' for everyone "
        f"scores {1 - base_rate:.1%}. The model scores {figures['accuracy']:.1%} accuracy but "
        f"finds {figures['recall']:.0%} of the positives (recall). Balanced class weights give "
        f"recall {balanced.figures['recall']:.0%}; threshold 0.1 gives "
        f"{lowered.figures['recall']:.0%}."
    )
    numbers = {
        "positive_rate": base_rate,
        "accuracy": figures["accuracy"],
        "recall": figures["recall"],
        "precision": figures["precision"],
        "confusion": [list(row) for row in result.confusion()],
        "balanced_recall": balanced.figures["recall"],
        "balanced_accuracy": balanced.figures["accuracy"],
        "threshold_0_1_recall": lowered.figures["recall"],
    }
    curves = {"no weights": _curve(result.history), "balanced": _curve(balanced.history)}
    return LabRun("", symptom, shown, numbers, curves)


def _growing_weights(settings: DrillSettings, cancelled: Cancelled | None) -> LabRun:
    checkpoints = sorted({max(1, settings.iters * k // 10) for k in (1, 3, 10)})
    norms = []
    for iters in checkpoints:
        result = run(replace(settings, iters=iters), cancelled)
        norms.append(float(np.linalg.norm(result.w)))
    p = result.p_eval
    confident = float(np.mean((p > 0.99) | (p < 0.01)))
    penalised = run(replace(settings, l2=1.0), cancelled)
    shown = all(a < b for a, b in itertools.pairwise(norms)) and result.history[-1] < 0.01
    symptom = (
        f"The classes can be split by a line, so the loss keeps falling toward 0 "
        f"({result.history[-1]:.2g}) by making ||w|| larger: "
        + ", ".join(f"{n:.3g} after {i}" for n, i in zip(norms, checkpoints, strict=True))
        + f" updates, with no end. {confident:.0%} of rows get p above 0.99 or below 0.01. "
        f"With an L2 penalty (lambda = 1) ||w|| stays at {np.linalg.norm(penalised.w):.3g}."
    )
    numbers = {
        "checkpoints": checkpoints,
        "weight_norms": norms,
        "final_loss": float(result.history[-1]),
        "share_beyond_0_99": confident,
        "l2_weight_norm": float(np.linalg.norm(penalised.w)),
    }
    curves = {"no penalty": _curve(result.history), "L2 lambda = 1": _curve(penalised.history)}
    return LabRun("", symptom, shown, numbers, curves)


def _zero_std(settings: DrillSettings, cancelled: Cancelled | None) -> LabRun:
    dataset = load(settings.dataset)
    X, y = dataset.X, dataset.y
    std = X.std(axis=0)
    (naive_X,) = standardise(X, guard=False)
    nan_columns = [
        name for name, column in zip(dataset.features, naive_X.T, strict=True)
        if np.isnan(column).all()
    ]
    naive, _, _, _ = _trace(naive_X, y, settings, cancelled)
    guarded = run(settings, cancelled)
    bad = _first_bad(naive)
    shown = bool(nan_columns) and bad is not None and math.isfinite(guarded.history[-1])
    symptom = (
        f"Column '{', '.join(nan_columns)}' has std {float(std.min()):g}: (x - mean) / std is "
        f"0 / 0 = NaN in every row, the NaN spreads to every logit, and the loss is NaN from "
        f"update {bad}. Dividing that column by 1 (or dropping it) trains to "
        f"{guarded.history[-1]:.3f}."
    )
    numbers = {
        "column_std": [float(v) for v in std],
        "nan_columns": nan_columns,
        "loss_nan_from": bad,
        "guarded_final_loss": float(guarded.history[-1]),
    }
    return LabRun("", symptom, shown, numbers, {"guarded": _curve(guarded.history)})


Probe = Callable[[DrillSettings, Cancelled | None], LabRun]
PROBES: dict[str, Probe] = {
    "diverging-loss": _diverging_loss,
    "unscaled-overflow": _unscaled_overflow,
    "naive-log-nan": _naive_log_nan,
    "useless-recall": _useless_recall,
    "growing-weights": _growing_weights,
    "zero-std": _zero_std,
}
"""Each probe runs a setup and measures one symptom (names kept equal to the deck format's)."""


def run_scenario(scenario: LabScenario, cancelled: Cancelled | None = None) -> LabRun:
    """Set up `scenario`, run it and measure its symptom."""
    settings = DrillSettings.from_text(scenario.setup)
    outcome = PROBES[scenario.probe](settings, cancelled)
    return replace(outcome, id=scenario.id)
