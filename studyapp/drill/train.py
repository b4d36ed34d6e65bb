"""Training logistic regression for the drill: vectorised batch gradient descent (NumPy)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from studyapp.drill import metrics
from studyapp.drill.data import Array, holdout, load, standardise
from studyapp.drill.settings import DrillSettings

Cancelled = Callable[[], bool]
"""Asked now and then during training; True stops the run early."""

_CHECK_EVERY = 64
"""Updates between two cancellation checks."""


class TrainingCancelled(Exception):
    """A newer run was asked for; this one stopped early."""


@dataclass(frozen=True)
class Descent:
    """What gradient descent produced."""

    w: Array
    """Final weights."""
    b: float
    """Final bias."""
    history: Array
    """Unweighted mean log loss on the training rows after each update."""
    eval_history: Array | None
    """The same on the evaluation rows, when they were given."""


def class_weights(y: Array, settings: DrillSettings) -> Array:
    """One weight per row: all 1 (none), n / (2 * count of the row's class) (balanced), or
    the custom (negative, positive) pair."""
    if settings.class_weight == "balanced":
        n = len(y)
        positives = float(np.count_nonzero(y == 1.0))
        negatives = n - positives
        positive = n / (2 * positives) if positives else 1.0
        negative = n / (2 * negatives) if negatives else 1.0
        return np.where(y == 1.0, positive, negative)
    if settings.class_weight == "custom":
        return np.where(y == 1.0, settings.weights[1], settings.weights[0])
    return np.ones_like(y)


def gradient_descent(
    X: Array,
    y: Array,
    s: Array,
    alpha: float,
    iters: int,
    *,
    l2: float = 0.0,
    X_eval: Array | None = None,
    y_eval: Array | None = None,
    cancelled: Cancelled | None = None,
) -> Descent:
    """Batch gradient descent from w = 0, b = 0 on the weighted logistic loss.

    Each update uses the weighted gradient dw = X^T (s * (f - y)) / m (+ l2 * w / m),
    db = sum(s * (f - y)) / m, with f = sigmoid(X w + b). The loss recorded after each
    update is unweighted. Raises TrainingCancelled when `cancelled()` says so.
    """
    m, n = X.shape
    w = np.zeros(n)
    b = 0.0
    XT = np.ascontiguousarray(X.T)
    s_over_m = s / m
    decay = 1.0 - alpha * l2 / m
    history = np.empty(iters)
    eval_history = np.empty(iters) if X_eval is not None else None
    z = np.zeros(m)
    softplus = np.logaddexp(0.0, z)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in range(iters):
            # f = sigmoid(z) = exp(z - log(1 + e^z)); the softplus is shared with the loss.
            err = s_over_m * (np.exp(z - softplus) - y)
            if l2:
                w *= decay
            w -= alpha * (XT @ err)
            b -= alpha * float(err.sum())
            z = X @ w + b
            softplus = np.logaddexp(0.0, z)
            history[step] = (softplus.sum() - y @ z) / m
            if eval_history is not None and X_eval is not None and y_eval is not None:
                z_eval = X_eval @ w + b
                eval_history[step] = np.mean(np.logaddexp(0.0, z_eval) - y_eval * z_eval)
            if cancelled is not None and step % _CHECK_EVERY == 0 and cancelled():
                raise TrainingCancelled
    return Descent(w, b, history, eval_history)


@dataclass(frozen=True)
class DrillResult:
    """One drill run: the model, its loss curves and its metrics on the evaluation rows."""

    settings: DrillSettings
    """What was run."""
    w: Array
    """Final weights (in the space the model saw: standardised when scaling was on)."""
    b: float
    """Final bias."""
    history: Array
    """Training loss after each update."""
    eval_history: Array
    """Evaluation loss after each update (the training loss again with split none)."""
    X_eval: Array
    """Evaluation rows as the model saw them."""
    y_eval: Array
    """Their labels."""
    p_eval: Array
    """Predicted probabilities of the evaluation rows."""
    train_ms: float
    """Wall time of gradient descent, in milliseconds."""
    features: tuple[str, ...]
    """Feature names."""
    notes: tuple[str, ...] = ()
    """Things worth telling about this run (a guarded constant column ...)."""
    figures: dict[str, float] = field(default_factory=dict)
    """log_loss, accuracy, precision, recall, brier, ece on the evaluation rows."""

    def confusion(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """((TN, FP), (FN, TP)) on the evaluation rows."""
        return metrics.confusion(self.y_eval, self.p_eval, self.settings.threshold)

    def as_json(self) -> dict[str, Any]:
        """The `studyapp drill --json` object (non-finite numbers become null)."""
        return {
            "dataset": self.settings.dataset,
            "settings": self.settings.to_text(),
            "rows": len(self.y_eval),
            **{key: _finite(value) for key, value in self.figures.items()},
            "confusion": [list(row) for row in self.confusion()],
            "train_ms": round(self.train_ms, 3),
            "history": [_finite(float(value)) for value in self.eval_history],
        }


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def evaluate(y: Array, z: Array, threshold: float) -> dict[str, float]:
    """Every metric of the drill for labels `y` and logits `z`."""
    p = metrics.sigmoid(z)
    return {
        "log_loss": metrics.log_loss_from_logits(y, z),
        "accuracy": metrics.accuracy(y, p, threshold),
        "precision": metrics.precision(y, p, threshold),
        "recall": metrics.recall(y, p, threshold),
        "brier": metrics.brier(y, p),
        "ece": metrics.ece(y, p),
    }


def run(settings: DrillSettings, cancelled: Cancelled | None = None) -> DrillResult:
    """Train on `settings.dataset` as set and measure on the evaluation rows."""
    settings = settings.checked()
    dataset = load(settings.dataset)
    X, y = dataset.X, dataset.y
    if settings.split == "holdout":
        train_rows, eval_rows = holdout(y)
        X_train, y_train, X_eval, y_eval = X[train_rows], y[train_rows], X[eval_rows], y[eval_rows]
    else:
        X_train, y_train, X_eval, y_eval = X, y, X, y
    notes: list[str] = []
    if settings.scale:
        constant = [
            name
            for name, std in zip(dataset.features, X_train.std(axis=0), strict=True)
            if std == 0
        ]
        if constant:
            notes.append(
                f"constant column {', '.join(constant)}: its std is 0, so it was divided by 1 "
                "instead of 0 (0 / 0 would be NaN)"
            )
        X_train, X_eval = standardise(X_train, X_eval)
    s = class_weights(y_train, settings)
    held = settings.split == "holdout"
    start = time.perf_counter()
    descent = gradient_descent(
        X_train,
        y_train,
        s,
        settings.alpha,
        settings.iters,
        l2=settings.l2,
        X_eval=X_eval if held else None,
        y_eval=y_eval if held else None,
        cancelled=cancelled,
    )
    train_ms = (time.perf_counter() - start) * 1000
    with np.errstate(over="ignore", invalid="ignore"):
        z_eval = X_eval @ descent.w + descent.b
        figures = evaluate(y_eval, z_eval, settings.threshold)
        p_eval = metrics.sigmoid(z_eval)
    if not np.all(np.isfinite(descent.w)):
        notes.append("the weights overflowed to inf or NaN: the learning rate is far too large")
    return DrillResult(
        settings,
        descent.w,
        descent.b,
        descent.history,
        descent.eval_history if descent.eval_history is not None else descent.history,
        X_eval,
        y_eval,
        p_eval,
        train_ms,
        dataset.features,
        tuple(notes),
        figures,
    )
