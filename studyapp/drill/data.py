"""The drill's data sets: the shipped breast cancer data and seeded synthetic sets (NumPy)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from studyapp.drill.settings import DATASETS, SettingsError

Array = NDArray[np.float64]
"""A float64 array."""

SEED = 0
"""Seed of every synthetic set and of the holdout split, so runs repeat exactly."""


@dataclass(frozen=True)
class Dataset:
    """Rows of features and 0/1 labels."""

    name: str
    """Name from DATASETS."""
    X: Array
    """Features, one row per example (read-only)."""
    y: Array
    """Labels, 1.0 for the positive class (read-only)."""
    features: tuple[str, ...]
    """Feature names, one per column."""
    positive: str
    """What a label of 1 means."""


def load(name: str) -> Dataset:
    """The data set called `name` (same arrays on every call; they are read-only)."""
    if name not in DATASETS:
        raise SettingsError(f"unknown data set '{name}'")
    return _load(name)


@functools.cache
def _load(name: str) -> Dataset:
    if name == "breast-cancer":
        dataset = _breast_cancer()
    else:
        dataset = _SYNTHETIC[name](np.random.default_rng(SEED))
    dataset.X.setflags(write=False)
    dataset.y.setflags(write=False)
    return dataset


def _breast_cancer() -> Dataset:
    source = resources.files("studyapp.drill") / "data" / "breast_cancer.csv"
    with source.open("r", encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
        table = np.loadtxt(handle, delimiter=",", dtype=np.float64)
    return Dataset(
        "breast-cancer",
        np.ascontiguousarray(table[:, :-1]),
        np.ascontiguousarray(table[:, -1]),
        tuple(header[:-1]),
        "malignant",
    )


def _blobs(
    rng: np.random.Generator, name: str, counts: tuple[int, int], centre: float, spread: float
) -> Dataset:
    """Two round Gaussian blobs at (-centre, -centre) and (centre, centre)."""
    negatives = rng.normal(-centre, spread, size=(counts[0], 2))
    positives = rng.normal(centre, spread, size=(counts[1], 2))
    X = np.vstack([negatives, positives])
    y = np.concatenate([np.zeros(counts[0]), np.ones(counts[1])])
    order = rng.permutation(len(y))
    return Dataset(name, X[order], y[order], ("x1", "x2"), "class 1")


def _separable(rng: np.random.Generator) -> Dataset:
    dataset = _blobs(rng, "separable", (100, 100), 2.0, 0.7)
    # Keep only rows clear of the line x1 + x2 = 0, so a perfect separator surely exists.
    margin = (dataset.X.sum(axis=1) * (2 * dataset.y - 1)) > 1.0
    return Dataset("separable", dataset.X[margin], dataset.y[margin], ("x1", "x2"), "class 1")


def _overlapping(rng: np.random.Generator) -> Dataset:
    return _blobs(rng, "overlapping", (150, 150), 0.7, 1.2)


def _imbalanced(rng: np.random.Generator) -> Dataset:
    return _blobs(rng, "imbalanced", (950, 50), 0.6, 1.0)


def _badly_scaled(rng: np.random.Generator) -> Dataset:
    dataset = _blobs(rng, "badly-scaled", (150, 150), 1.0, 1.0)
    X = dataset.X * np.array([1e-3, 1e3]) + np.array([0.0, 5e3])
    return Dataset("badly-scaled", X, dataset.y, ("x1 (about 1e-3)", "x2 (about 1e3)"), "class 1")


def _constant_column(rng: np.random.Generator) -> Dataset:
    dataset = _blobs(rng, "constant-column", (150, 150), 1.0, 1.0)
    X = np.column_stack([dataset.X, np.full(len(dataset.y), 1.0)])
    return Dataset("constant-column", X, dataset.y, ("x1", "x2", "always 1"), "class 1")


_SYNTHETIC = {
    "separable": _separable,
    "overlapping": _overlapping,
    "imbalanced": _imbalanced,
    "badly-scaled": _badly_scaled,
    "constant-column": _constant_column,
}


def holdout(y: Array, fraction: float = 0.2) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(training rows, evaluation rows): a seeded split keeping `fraction` of each class."""
    rng = np.random.default_rng(SEED)
    train: list[NDArray[np.intp]] = []
    held: list[NDArray[np.intp]] = []
    for label in (0.0, 1.0):
        rows = rng.permutation(np.flatnonzero(y == label))
        cut = round(len(rows) * fraction)
        held.append(rows[:cut])
        train.append(rows[cut:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(held))


def standardise(train: Array, *others: Array, guard: bool = True) -> tuple[Array, ...]:
    """`train` and `others` standardised with the training rows' mean and population std.

    The std is computed with ddof 0. A constant column has std 0: with `guard` it is
    divided by 1 instead (it becomes all zeros); without it, 0 / 0 gives NaN, as in the
    textbook formula.
    """
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    if guard:
        std = np.where(std == 0, 1.0, std)
    with np.errstate(divide="ignore", invalid="ignore"):
        return tuple((part - mean) / std for part in (train, *others))
