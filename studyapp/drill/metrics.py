"""Classification metrics of the drill, written out so each can be checked by hand (NumPy)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
"""A float64 array."""

ECE_BINS = 10
"""Equal-width probability bins of the expected calibration error."""


def sigmoid(z: Array) -> Array:
    """1 / (1 + e^-z), without overflow for large |z|."""
    # exp(z - log(1 + e^z)) is the same number; logaddexp never overflows.
    result: Array = np.exp(z - np.logaddexp(0.0, z))
    return result


def log_loss_from_logits(y: Array, z: Array) -> float:
    """Unweighted mean log loss of labels `y` for logits `z`, exact even for huge |z|.

    -y log f(z) - (1 - y) log(1 - f(z)) = log(1 + e^z) - y z.
    """
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def log_loss(y: Array, p: Array, eps: float = 1e-15) -> float:
    """Unweighted mean log loss of labels `y` for probabilities `p` (clipped to [eps, 1-eps])."""
    clipped = np.clip(p, eps, 1.0 - eps)
    return float(np.mean(-y * np.log(clipped) - (1.0 - y) * np.log(1.0 - clipped)))


def predictions(p: Array, threshold: float) -> Array:
    """1.0 where p >= threshold, else 0.0."""
    return (p >= threshold).astype(np.float64)


def confusion(y: Array, p: Array, threshold: float) -> tuple[tuple[int, int], tuple[int, int]]:
    """((true negatives, false positives), (false negatives, true positives)).

    Rows are the true class (0 then 1), columns the predicted class.
    """
    predicted = p >= threshold
    actual = y == 1.0
    tp = int(np.count_nonzero(predicted & actual))
    fp = int(np.count_nonzero(predicted & ~actual))
    fn = int(np.count_nonzero(~predicted & actual))
    tn = int(np.count_nonzero(~predicted & ~actual))
    return (tn, fp), (fn, tp)


def accuracy(y: Array, p: Array, threshold: float) -> float:
    """Share of rows whose prediction (p >= threshold is positive) equals the label."""
    (tn, _), (_, tp) = confusion(y, p, threshold)
    return (tn + tp) / len(y)


def precision(y: Array, p: Array, threshold: float) -> float:
    """TP / (TP + FP); 0 when nothing is predicted positive."""
    (_, fp), (_, tp) = confusion(y, p, threshold)
    return tp / (tp + fp) if tp + fp else 0.0


def recall(y: Array, p: Array, threshold: float) -> float:
    """TP / (TP + FN); 0 when there is no positive row."""
    _, (fn, tp) = confusion(y, p, threshold)
    return tp / (tp + fn) if tp + fn else 0.0


def brier(y: Array, p: Array) -> float:
    """Mean squared difference between probability and label."""
    return float(np.mean((p - y) ** 2))


def ece(y: Array, p: Array, bins: int = ECE_BINS) -> float:
    """Expected calibration error over `bins` equal-width bins of [0, 1].

    Bin b holds b/bins <= p < (b+1)/bins (the last bin includes 1). ECE is the sum over
    bins of (rows in bin / all rows) * |mean label - mean p| within the bin.
    """
    index = np.minimum((p * bins).astype(np.intp), bins - 1)
    label_sums = np.bincount(index, weights=y, minlength=bins)
    p_sums = np.bincount(index, weights=p, minlength=bins)
    return float(np.abs(label_sums - p_sums).sum() / len(y))
