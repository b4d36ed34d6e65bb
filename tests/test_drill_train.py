"""The drill's training and data sets, checked against an independent NumPy computation."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from studyapp.cli import run as cli_run
from studyapp.drill import data
from studyapp.drill.settings import DATASETS, DrillSettings, SettingsError, step_alpha, step_iters
from studyapp.drill.train import TrainingCancelled, class_weights, run


def reference_descent(
    X: np.ndarray, y: np.ndarray, s: np.ndarray, alpha: float, iters: int
) -> tuple[np.ndarray, float, list[float]]:
    """Textbook loop: sigmoid, weighted gradient, update, then the loss with the new weights.

    The loss is written as max(z, 0) - y z + log(1 + e^-|z|): the naive -y log p form
    already gives NaN here, where some logits saturate.
    """
    m, n = X.shape
    w, b = np.zeros(n), 0.0
    history = []
    for _ in range(iters):
        f = 1 / (1 + np.exp(-(X @ w + b)))
        dw = X.T @ (s * (f - y)) / m
        db = np.sum(s * (f - y)) / m
        w, b = w - alpha * dw, b - alpha * db
        z = X @ w + b
        history.append(float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))))))
    return w, b, history


def test_breast_cancer_is_shipped_with_malignant_as_one() -> None:
    dataset = data.load("breast-cancer")
    assert dataset.X.shape == (569, 30)
    assert int(dataset.y.sum()) == 212  # 212 malignant, 357 benign
    # The first row of the original file is a malignant tumour with mean radius 17.99.
    assert dataset.X[0, 0] == 17.99 and dataset.y[0] == 1.0
    source = Path(data.__file__).with_name("data") / "SOURCE.md"
    assert "CC BY 4.0" in source.read_text(encoding="utf-8")


def test_synthetic_sets_have_their_advertised_shape() -> None:
    assert data.load("imbalanced").y.mean() == pytest.approx(0.05)
    scales = data.load("badly-scaled").X.std(axis=0)
    assert scales[0] < 1e-2 and scales[1] > 1e2
    assert data.load("constant-column").X[:, 2].std() == 0.0
    separable = data.load("separable")
    # The line x1 + x2 = 0 separates the classes.
    assert np.all((separable.X.sum(axis=1) > 0) == (separable.y == 1.0))
    assert np.array_equal(data.load("overlapping").X, data._SYNTHETIC["overlapping"](np.random.default_rng(0)).X)


def test_holdout_keeps_a_fifth_of_each_class_and_repeats() -> None:
    y = data.load("imbalanced").y
    train, held = data.holdout(y)
    assert len(held) == 200 and y[held].sum() == 10
    assert not set(train) & set(held) and len(train) + len(held) == len(y)
    assert np.array_equal(held, data.holdout(y)[1])


def test_standardise_uses_training_mean_and_population_std() -> None:
    train = np.array([[1.0, 5.0], [3.0, 5.0]])
    other = np.array([[5.0, 5.0]])
    scaled_train, scaled_other = data.standardise(train, other)
    # mean 2, population std 1 (ddof 0; ddof 1 would give 1.414...); constant column -> 0.
    assert scaled_train.tolist() == [[-1.0, 0.0], [1.0, 0.0]]
    assert scaled_other.tolist() == [[3.0, 0.0]]
    naive = data.standardise(train, guard=False)[0]
    assert np.isnan(naive[:, 1]).all()


def test_balanced_weights_are_n_over_twice_the_class_count() -> None:
    y = np.array([1.0, 0.0, 0.0, 0.0])
    weights = class_weights(y, DrillSettings(class_weight="balanced"))
    assert weights.tolist() == [4 / 2, 4 / 6, 4 / 6, 4 / 6]
    custom = class_weights(y, DrillSettings(class_weight="custom", weights=(0.5, 3.0)))
    assert custom.tolist() == [3.0, 0.5, 0.5, 0.5]


@pytest.mark.parametrize("class_weight", ["none", "balanced"])
def test_drill_matches_an_independent_numpy_loop(class_weight: str) -> None:
    settings = DrillSettings("breast-cancer", alpha=0.3, iters=150, class_weight=class_weight)
    result = run(settings)
    dataset = data.load("breast-cancer")
    X = (dataset.X - dataset.X.mean(axis=0)) / dataset.X.std(axis=0)
    y = dataset.y
    if class_weight == "balanced":
        s = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    else:
        s = np.ones_like(y)
    w, b, history = reference_descent(X, y, s, 0.3, 150)
    np.testing.assert_allclose(result.w, w, rtol=1e-9, atol=1e-12)
    assert result.b == pytest.approx(b, rel=1e-9)
    np.testing.assert_allclose(result.history, history, rtol=1e-9)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    predicted = p >= 0.5
    tp = np.sum(predicted & (y == 1))
    assert result.figures["accuracy"] == pytest.approx(np.mean(predicted == (y == 1)))
    assert result.figures["precision"] == pytest.approx(tp / predicted.sum())
    assert result.figures["recall"] == pytest.approx(tp / y.sum())
    assert result.figures["log_loss"] == pytest.approx(history[-1], rel=1e-9)
    assert result.figures["brier"] == pytest.approx(np.mean((p - y) ** 2), rel=1e-9)


def test_holdout_scales_with_training_rows_and_reports_the_held_out_rows() -> None:
    result = run(DrillSettings("overlapping", alpha=0.5, iters=50, split="holdout"))
    dataset = data.load("overlapping")
    train, held = data.holdout(dataset.y)
    mean, std = dataset.X[train].mean(axis=0), dataset.X[train].std(axis=0)
    np.testing.assert_allclose(result.X_eval, (dataset.X[held] - mean) / std)
    assert len(result.y_eval) == 60
    z = result.X_eval @ result.w + result.b
    expected = np.mean(np.logaddexp(0, z) - result.y_eval * z)
    assert result.eval_history[-1] == pytest.approx(expected)
    assert result.figures["log_loss"] == pytest.approx(expected)
    assert not np.allclose(result.history, result.eval_history)


def test_cancelled_training_stops() -> None:
    with pytest.raises(TrainingCancelled):
        run(DrillSettings(iters=5000), cancelled=lambda: True)


def test_settings_round_trip_through_the_short_text() -> None:
    settings = DrillSettings("imbalanced", 0.03, 300, False, "custom", (1.0, 9.0), 0.3, "holdout")
    text = settings.to_text()
    assert text == "imbalanced a=0.03 it=300 scale=off cw=custom w=1,9 t=0.3 split=holdout"
    assert DrillSettings.from_text(text) == settings
    with pytest.raises(SettingsError, match="cannot read 'a=fast'"):
        DrillSettings.from_text("separable a=fast")
    with pytest.raises(SettingsError, match="did you mean"):
        DrillSettings.from_text("seperable")


def test_control_ladders_step_in_log_steps() -> None:
    assert step_alpha(0.1, 1) == 0.3 and step_alpha(0.1, -1) == 0.03
    assert step_alpha(300, 5) == 300
    assert step_iters(1000, 1) == 2000 and step_iters(10, -1) == 10


def test_cli_drill_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_run(["drill", "--json", "--dataset", "imbalanced", "--alpha", "0.1", "--iters", "200",
                    "--scale", "on", "--class-weight", "balanced", "--threshold", "0.5",
                    "--split", "holdout"])
    out = capsys.readouterr().out
    assert code == 0
    report = json.loads(out)
    assert {"log_loss", "accuracy", "precision", "recall", "brier", "ece", "train_ms", "history"} <= report.keys()
    assert len(report["history"]) == 200 and report["rows"] == 200
    assert report["history"][-1] == pytest.approx(report["log_loss"])
    direct = run(replace(DrillSettings("imbalanced", 0.1, 200), class_weight="balanced", split="holdout"))
    assert report["recall"] == pytest.approx(direct.figures["recall"])


def test_cli_drill_rejects_bad_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_run(["drill", "--json", "--alpha", "-1"]) == 2
    assert "learning rate" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli_run(["drill", "--json", "--dataset", "iris"])
    assert stop.value.code == 2


def test_every_dataset_trains(capsys: pytest.CaptureFixture[str]) -> None:
    for name in DATASETS:
        assert 0.0 <= run(DrillSettings(name, iters=20)).figures["accuracy"] <= 1.0
