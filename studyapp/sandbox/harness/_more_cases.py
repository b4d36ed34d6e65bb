"""More seeded arguments for the coding exercises beyond the gradient-descent basics.

`_cases.make_arguments` builds the basic arguments (X, y, w, b, ...) and then merges in
`more_arguments`, so exercises about feature maps, gradient checks, mini-batch SGD, Newton
steps, ROC AUC and softmax regression need no generator code of their own. These values
are drawn from a second generator seeded from the case's seed, so adding them never
changes the basic arguments an existing case produces.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .arguments import MORE_CASE_PARAMETERS

CASE_PARAMETERS = MORE_CASE_PARAMETERS
"""Case keys that shape the arguments without being arguments themselves."""

_DEFAULTS: dict[str, Any] = {
    "degree": 2,
    "eps": 1e-5,
    "grad_scale": 1.0,
    "num_epochs": 3,
    "batch_size": 4,
    "shuffle_seed": 0,
    "k": 3,
}
_STREAM = 7919
"""Mixed into the seed of the second generator, so its draws differ from the first's."""


def _sigmoid(z: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.exp(-np.logaddexp(0.0, -z))
    return result


def _given(value: Any, integer: bool) -> np.ndarray:
    return np.asarray(value, dtype=np.int64 if integer else np.float64)


def _logistic_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    error = _sigmoid(X @ w + b) - y
    return np.append(X.T @ error, np.sum(error)) / max(len(y), 1)


def _classes(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    """Class labels 0..k-1; every class appears when m >= k."""
    labels = rng.integers(k, size=m)
    if m >= k:
        labels[:k] = rng.permutation(k)
        rng.shuffle(labels)
    return labels.astype(np.int64)


def more_arguments(names: list[str], p: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Arguments for the names of this module, and the basic X and y made integer on request.

    `p` holds the case's parameters merged over the basic defaults; `values` the basic
    arguments already generated (X, y, w, b ...).
    """
    p = {**_DEFAULTS, **p}
    rng = np.random.default_rng([int(p["seed"]), _STREAM])
    integer = bool(p.get("integer_inputs", False))
    m = int(p["m"])
    X: np.ndarray = values["X"]
    y: np.ndarray = values["y"]
    if "labels" in p:
        y = _given(p["labels"], False)
    if integer:
        X = np.rint(X).astype(np.int64)
        y = y.astype(np.int64)
    out: dict[str, Any] = {"X": X, "y": y}
    scale = float(p["feature_scale"])
    for name in ("x1", "x2"):
        drawn = rng.normal(size=m) * scale
        if name in p:
            out[name] = _given(p[name], integer)
        else:
            out[name] = np.rint(drawn).astype(np.int64) if integer else drawn
    out["degree"] = int(p["degree"])
    out["eps"] = float(p["eps"])
    out["num_epochs"] = int(p["num_epochs"])
    out["batch_size"] = int(p["batch_size"])
    out["shuffle_seed"] = int(p["shuffle_seed"])
    if "grad_w" in names or "grad_b" in names:
        exact = _logistic_gradient(X.astype(float), y.astype(float), values["w"], values["b"])
        exact = exact * float(p["grad_scale"])
        out["grad_w"] = _given(p["grad_w"], False) if "grad_w" in p else exact[:-1]
        out["grad_b"] = float(p["grad_b"]) if "grad_b" in p else float(exact[-1])
    if "scores" in names:
        out["scores"] = _scores(rng, p, y, integer)
    if {"y_class", "W", "b_vec"} & set(names):
        out.update(_softmax_arguments(rng, p, X))
    return out


def _scores(rng: np.random.Generator, p: dict[str, Any], y: np.ndarray, integer: bool) -> Any:
    """Scores that rank positives higher on average, optionally rounded into ties."""
    if "scores" in p:
        return _given(p["scores"], integer)
    raw = _sigmoid(rng.normal(size=len(y)) + 0.6 * (2.0 * y - 1.0))
    if integer:
        return np.rint(raw * 4).astype(np.int64)
    if "tie_decimals" in p:
        return np.round(raw, int(p["tie_decimals"]))
    return raw


def _softmax_arguments(
    rng: np.random.Generator, p: dict[str, Any], X: np.ndarray
) -> dict[str, Any]:
    """Class labels, an (n, k) weight matrix and (k,) biases for softmax regression."""
    k = int(p["k"])
    m, n = X.shape
    labels = _given(p["y_class"], True) if "y_class" in p else _classes(rng, m, k)
    W = rng.normal(size=(n, k)) * float(p["weight_scale"])
    b_vec = rng.normal(size=k) * 0.5
    if "W" in p:
        W = _given(p["W"], False)
    if "b_vec" in p:
        b_vec = _given(p["b_vec"], False)
    if "logit_scale" in p and m:
        peak = float(np.max(np.abs(X @ W + b_vec)))
        if peak > 0:
            factor = float(p["logit_scale"]) / peak
            W, b_vec = W * factor, b_vec * factor
    return {"y_class": labels, "W": W, "b_vec": b_vec}
