"""Drill settings: names, checks, and a short text form to copy and paste back (stdlib)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from studyapp.errors import UsageError
from studyapp.model import LAB_DATASETS

DATASETS: tuple[str, ...] = LAB_DATASETS
"""Data set names, as the command line and lab items spell them (defined in the model, which
the deck loader reads them from too)."""
CLASS_WEIGHTS: tuple[str, ...] = ("none", "balanced", "custom")
"""How rows are weighted in the gradient."""
SPLITS: tuple[str, ...] = ("none", "holdout")
"""`none` trains and evaluates on every row; `holdout` keeps a seeded 20% for evaluation."""

ALPHA_STEPS: tuple[float, ...] = tuple(
    round(mantissa * 10.0**exponent, 12) for exponent in range(-6, 3) for mantissa in (1, 3)
)
"""Learning rates the drill's control steps through: 1e-6, 3e-6, ... 100, 300 (log steps)."""
ITER_STEPS: tuple[int, ...] = (10, 30, 100, 300, 1000, 2000, 5000, 10000)
"""Iteration counts the drill's control steps through."""
MAX_ITERS = 100_000
"""The most updates one run may take."""


class SettingsError(UsageError):
    """A drill setting is out of range or unknown."""


@dataclass(frozen=True, slots=True)
class DrillSettings:
    """One training run of the drill: data, optimiser and decision settings."""

    dataset: str = "breast-cancer"
    """Name from DATASETS."""
    alpha: float = 0.1
    """Learning rate."""
    iters: int = 1000
    """Number of gradient descent updates."""
    scale: bool = True
    """Standardise features with the training rows' mean and population std."""
    class_weight: str = "none"
    """none, balanced (n / (2 * count of the row's class)) or custom."""
    weights: tuple[float, float] = (1.0, 1.0)
    """(negative, positive) row weights when class_weight is custom."""
    threshold: float = 0.5
    """A row is predicted positive when its probability is >= threshold."""
    split: str = "none"
    """none or holdout (a seeded, stratified 80/20 split)."""
    l2: float = 0.0
    """L2 penalty lambda (the lab uses it; 0 is plain logistic regression)."""

    def checked(self) -> DrillSettings:
        """These settings, or SettingsError naming the first bad one."""
        if self.dataset not in DATASETS:
            from studyapp.suggest import did_you_mean

            raise SettingsError(
                f"unknown data set '{self.dataset}'{did_you_mean(self.dataset, DATASETS)}; "
                f"choose one of {', '.join(DATASETS)}"
            )
        if not (math.isfinite(self.alpha) and self.alpha > 0):
            raise SettingsError(f"the learning rate must be a number > 0, not {self.alpha}")
        if not 1 <= self.iters <= MAX_ITERS:
            raise SettingsError(f"iterations must be between 1 and {MAX_ITERS}, not {self.iters}")
        if self.class_weight not in CLASS_WEIGHTS:
            raise SettingsError(
                f"class weight must be one of {', '.join(CLASS_WEIGHTS)}, not '{self.class_weight}'"
            )
        if any(not (math.isfinite(w) and w > 0) for w in self.weights):
            raise SettingsError(f"custom class weights must be > 0, not {self.weights}")
        if not (math.isfinite(self.threshold) and 0 <= self.threshold <= 1):
            raise SettingsError(f"the threshold must be between 0 and 1, not {self.threshold}")
        if self.split not in SPLITS:
            raise SettingsError(f"split must be one of {', '.join(SPLITS)}, not '{self.split}'")
        if not (math.isfinite(self.l2) and self.l2 >= 0):
            raise SettingsError(f"the L2 penalty must be >= 0, not {self.l2}")
        return self

    def to_text(self) -> str:
        """A short form to copy.

        For example `breast-cancer a=0.1 it=1000 scale=on cw=none t=0.5 split=none`.
        """
        parts = [
            self.dataset,
            f"a={self.alpha:g}",
            f"it={self.iters}",
            f"scale={'on' if self.scale else 'off'}",
            f"cw={self.class_weight}",
        ]
        if self.class_weight == "custom":
            parts.append(f"w={self.weights[0]:g},{self.weights[1]:g}")
        parts += [f"t={self.threshold:g}", f"split={self.split}"]
        if self.l2:
            parts.append(f"l2={self.l2:g}")
        return " ".join(parts)

    @classmethod
    def from_text(cls, text: str) -> DrillSettings:
        """Settings from `to_text`'s form; missing keys keep their defaults.

        Raises SettingsError naming the part that cannot be read.
        """
        settings = cls()
        for part in text.split():
            key, sep, value = part.partition("=")
            if not sep:
                settings = replace(settings, dataset=part)
                continue
            try:
                settings = _apply(settings, key, value)
            except ValueError:
                raise SettingsError(f"cannot read '{part}' in the drill settings") from None
        return settings.checked()


def _apply(settings: DrillSettings, key: str, value: str) -> DrillSettings:
    """`settings` with one `key=value` part of the short form applied (ValueError if bad)."""
    if key == "a":
        return replace(settings, alpha=float(value))
    if key == "it":
        return replace(settings, iters=int(value))
    if key == "scale":
        if value not in ("on", "off"):
            raise ValueError(value)
        return replace(settings, scale=value == "on")
    if key == "cw":
        return replace(settings, class_weight=value)
    if key == "w":
        negative, positive = value.split(",")
        return replace(settings, weights=(float(negative), float(positive)))
    if key == "t":
        return replace(settings, threshold=float(value))
    if key == "split":
        return replace(settings, split=value)
    if key == "l2":
        return replace(settings, l2=float(value))
    raise ValueError(key)


def step_alpha(alpha: float, steps: int) -> float:
    """The learning rate `steps` places up (or down) the log ladder from the nearest one."""
    nearest = min(range(len(ALPHA_STEPS)), key=lambda i: abs(math.log(ALPHA_STEPS[i] / alpha)))
    return ALPHA_STEPS[max(0, min(len(ALPHA_STEPS) - 1, nearest + steps))]


def step_iters(iters: int, steps: int) -> int:
    """The iteration count `steps` places up (or down) its ladder from the nearest one."""
    nearest = min(range(len(ITER_STEPS)), key=lambda i: abs(math.log(ITER_STEPS[i] / iters)))
    return ITER_STEPS[max(0, min(len(ITER_STEPS) - 1, nearest + steps))]
