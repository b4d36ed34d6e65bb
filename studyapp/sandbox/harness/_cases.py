"""Seeded case generators: turn a case's parameters into the arguments of an exercise.

The arguments a function receives are chosen by the *names* of the reference function's
parameters (X, y, w, b, z, alpha ...), so a new exercise needs no new generator code as long
as it uses these names. Everything is drawn in a fixed order from one seeded generator, so a
case gives the same inputs whichever arguments an exercise asks for.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _more_cases
from .arguments import ARGUMENT_NAMES as ARGUMENT_NAMES  # also read by the deck loader

_DEFAULTS: dict[str, Any] = {
    "seed": 0,
    "m": 8,
    "n": 3,
    "feature_scale": 1.0,
    "weight_scale": 1.0,
    "positive_rate": 0.5,
    "alpha": 0.1,
    "num_iters": 20,
    "class_weight": [1.0, 3.0],
    "threshold": 0.5,
    "lambda_": 0.7,
    "shape": [],
    "dtype": "float",
    "zero_rows": 0,
    "constant_value": 3.0,
}
DTYPES = ("float", "int")
"""Values of a case's `dtype`: `int` rounds the generated arrays X, y, w, z to int64."""


def _labels(rng: np.random.Generator, m: int, rate: float) -> np.ndarray:
    """0/1 labels with about `rate` positives; both classes appear when m >= 2 and 0 < rate < 1."""
    y = (rng.random(m) < rate).astype(np.float64)
    if m >= 2 and 0.0 < rate < 1.0:
        if y.sum() == 0:
            y[int(rng.integers(m))] = 1.0
        elif y.sum() == m:
            y[int(rng.integers(m))] = 0.0
    return y


def _z(rng: np.random.Generator, params: dict[str, Any]) -> Any:
    """The `z` argument: given values, or normal draws of a shape scaled by logit_scale."""
    if "z" in params:
        value = params["z"]
        if isinstance(value, list):
            return np.asarray(value, dtype=np.float64)
        return float(value)
    shape = tuple(int(size) for size in params.get("shape", _DEFAULTS["shape"]))
    scale = float(params.get("logit_scale", 5.0))
    if not shape:
        return float(rng.normal() * scale)
    return rng.normal(size=shape) * scale


def make_arguments(names: list[str], params: dict[str, Any]) -> list[Any]:
    """Positional arguments for parameters called `names`, generated from `params`."""
    unknown = [name for name in names if name not in ARGUMENT_NAMES]
    if unknown:
        raise ValueError(f"no generator for argument(s) {', '.join(unknown)}")
    p = {**_DEFAULTS, **params}
    if p["dtype"] not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, not {p['dtype']!r}")
    rng = np.random.default_rng(int(p["seed"]))
    m, n = int(p["m"]), int(p["n"])
    X = rng.normal(size=(m, n)) * float(p["feature_scale"])
    if "constant_column" in p:
        X[:, int(p["constant_column"])] = float(p["constant_value"])
    # Rows of zeros: with b = 0 their probability is exactly sigmoid(0) = 0.5.
    X[: int(p["zero_rows"])] = 0.0
    w = rng.normal(size=n) * float(p["weight_scale"])
    drawn_b = float(rng.uniform(0.2, 1.0) * rng.choice([-1.0, 1.0]))
    b = float(p["bias"]) if "bias" in p else drawn_b
    if "logit_scale" in p and "z" not in names:
        # Rescale w and b together so the largest |X @ w + b| is exactly logit_scale.
        peak = float(np.max(np.abs(X @ w + b))) if m else 0.0
        if peak > 0:
            factor = float(p["logit_scale"]) / peak
            w, b = w * factor, b * factor
    y = _labels(rng, m, float(p["positive_rate"]))
    weights = [float(v) for v in p["class_weight"]]
    values: dict[str, Any] = {
        "X": X,
        "y": y,
        "w": w,
        "b": b,
        "alpha": float(p["alpha"]),
        "num_iters": int(p["num_iters"]),
        "class_weight": {0: weights[0], 1: weights[1]},
        "threshold": float(p["threshold"]),
        "lambda_": float(p["lambda_"]),
    }
    if "z" in names:
        values["z"] = _z(rng, p)
    values.update(_more_cases.more_arguments(names, p, values))
    if p["dtype"] == "int":
        # Integer inputs as a course's tests use them (np.array([1, 0])): code that fills
        # np.empty_like(z) or np.zeros_like(w) then truncates its float results.
        for name in ("X", "y", "w", "z"):
            if isinstance(values.get(name), np.ndarray):
                values[name] = np.rint(values[name]).astype(np.int64)
    return [values[name] for name in names]


def copy_argument(value: Any) -> Any:
    """A deep enough copy of one argument that a mutating function cannot touch the original."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def same_argument(before: Any, after: Any) -> bool:
    """Whether an argument is unchanged (NaN equals NaN)."""
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and before.shape == after.shape
            and bool(np.array_equal(before, after, equal_nan=True))
        )
    if isinstance(before, float) and math.isnan(before):
        return isinstance(after, float) and math.isnan(after)
    return bool(before == after)


def _format_value(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 24:
            body = np.array2string(value, precision=4, separator=", ", suppress_small=False)
            if value.ndim < 2:
                return " ".join(body.split())
            # One row per line, aligned under the opening bracket.
            return "\n         ".join(" ".join(row.split()) for row in body.splitlines())
        finite = value[np.isfinite(value)]
        span = f", values in [{finite.min():.3g}, {finite.max():.3g}]" if finite.size else ""
        return f"array of shape {value.shape}{span}"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_format_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def describe_arguments(names: list[str], values: list[Any]) -> str:
    """The inputs of a case for a message: small values in full, large ones summarised."""
    return "\n".join(
        f"    {name} = {_format_value(value)}" for name, value in zip(names, values, strict=True)
    )
