"""Every drill metric against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from studyapp.drill import metrics

# Six rows: labels and probabilities chosen so each metric is easy to work out by hand.
Y = np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0])
P = np.array([0.9, 0.6, 0.3, 0.55, 0.2, 0.05])


def test_confusion_counts_p_at_the_threshold_as_positive() -> None:
    # Predicted positive at 0.5: 0.9, 0.6 (true), 0.55 (false). Negative: 0.3 (missed), 0.2, 0.05.
    assert metrics.confusion(Y, P, 0.5) == ((2, 1), (1, 2))
    # At 0.6 the row with p == 0.6 still counts as positive, 0.55 no longer does.
    assert metrics.confusion(Y, P, 0.6) == ((3, 0), (1, 2))


def test_accuracy_precision_recall_by_hand() -> None:
    assert metrics.accuracy(Y, P, 0.5) == pytest.approx(4 / 6)
    assert metrics.precision(Y, P, 0.5) == pytest.approx(2 / 3)
    assert metrics.recall(Y, P, 0.5) == pytest.approx(2 / 3)
    assert metrics.precision(Y, P, 0.6) == pytest.approx(1.0)
    assert metrics.recall(Y, P, 0.95) == 0.0


def test_precision_is_zero_when_nothing_is_predicted_positive() -> None:
    assert metrics.precision(Y, P, 0.99) == 0.0


def test_log_loss_by_hand() -> None:
    expected = -(
        math.log(0.9) + math.log(0.6) + math.log(0.3)
        + math.log(0.45) + math.log(0.8) + math.log(0.95)
    ) / 6
    assert metrics.log_loss(Y, P) == pytest.approx(expected, rel=1e-12)


def test_log_loss_from_logits_equals_the_formula_and_stays_finite() -> None:
    z = np.log(P / (1 - P))
    assert metrics.log_loss_from_logits(Y, z) == pytest.approx(metrics.log_loss(Y, P), rel=1e-12)
    # A confidently wrong row at z = 1000: its loss is 1000 (log(1 + e^1000) - 0), not inf.
    assert metrics.log_loss_from_logits(np.array([0.0]), np.array([1000.0])) == pytest.approx(1000.0)


def test_brier_by_hand() -> None:
    expected = (0.1**2 + 0.4**2 + 0.7**2 + 0.55**2 + 0.2**2 + 0.05**2) / 6
    assert metrics.brier(Y, P) == pytest.approx(expected, rel=1e-12)


def test_ece_by_hand() -> None:
    # Bins of width 0.1: 0.05 -> bin 0, 0.2 -> bin 2, 0.3 -> bin 3, 0.55 -> bin 5,
    # 0.6 -> bin 6, 0.9 -> bin 9: one row each, so ECE is the mean |label - p|.
    expected = (0.05 + 0.2 + 0.7 + 0.55 + 0.4 + 0.1) / 6
    assert metrics.ece(Y, P) == pytest.approx(expected, rel=1e-12)


def test_ece_averages_within_a_bin_before_taking_the_gap() -> None:
    # Both rows fall in bin 7 (0.7 <= p < 0.8): mean p 0.75, mean label 0.5, gap 0.25.
    assert metrics.ece(np.array([1.0, 0.0]), np.array([0.7, 0.8 - 1e-9])) == pytest.approx(0.25)
    # p = 1.0 belongs to the last bin, with 0.95: mean p 0.975, mean label 1.
    assert metrics.ece(np.array([1.0, 1.0]), np.array([1.0, 0.95])) == pytest.approx(0.025)


def test_sigmoid_is_exact_at_zero_and_saturates_without_overflow() -> None:
    with np.errstate(over="raise"):
        values = metrics.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    assert values.tolist() == [0.0, 0.5, 1.0]
