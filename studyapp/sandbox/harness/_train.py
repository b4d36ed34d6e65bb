"""Training with the learner's own `gradient_descent`, judge side (`studyapp sandbox train`).

The judge builds the data set (the drill's own loader, standardised as the drill does),
sends it to a fresh learner process exactly like a check's case (same limits, same wire),
runs the reference on the same inputs itself, and reports both runs' final metrics and
cost histories. The learner's answer is data and is read as untrusted, like any answer.
"""

from __future__ import annotations

import math
import os
import sys
import time
import warnings
from typing import Any

import numpy as np

from ._code import CodeFailure, call, load_function
from ._judge import HarnessError, learner_line, learner_text
from ._run import _Garbled, _Lost, _read
from ._spawn import LearnerProcess
from ._wire import Decoder, Encoder, WireError, pack, write_all

_MAX_HISTORY = 100_000
"""Longest cost history accepted from the learner."""


def _dataset(name: str) -> tuple[Any, Any]:
    """(standardised X, y) of the drill's data set `name`.

    The judge is our own trusted code; it imports the drill's loader from the installed
    package (the learner process never sees it).
    """
    package_root = os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
    if package_root not in sys.path:
        sys.path.append(package_root)
    from studyapp.drill.data import load, standardise

    dataset = load(name)
    (X,) = standardise(dataset.X)
    return np.ascontiguousarray(X), np.array(dataset.y)


def _arguments(names: list[str], X: Any, y: Any, alpha: float, iters: int) -> list[Any]:
    values = {"X": X, "y": y, "w": np.zeros(X.shape[1]), "b": 0.0, "alpha": alpha,
              "num_iters": iters}
    missing = [name for name in names if name not in values]
    if missing:
        raise HarnessError(f"cannot train with a function that takes {', '.join(missing)}")
    return [values[name] for name in names]


def summary(value: Any, X: Any, y: Any) -> dict[str, Any] | str:
    """log_loss, accuracy (p >= 0.5), brier and history of a (w, b, history) result,
    or why the value is not one."""
    if not isinstance(value, tuple | list) or len(value) != 3:
        return "gradient_descent must return (w, b, cost_history)"
    w, b, history = value
    try:
        w = np.asarray(w, dtype=np.float64).reshape(-1)
        b = float(b)
        history = np.asarray(history, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        return "w, b and cost_history must be numbers"
    if w.shape != (X.shape[1],):
        return f"w must have shape ({X.shape[1]},), got {w.shape}"
    if len(history) > _MAX_HISTORY:
        return "cost_history is longer than the number of updates"
    with np.errstate(all="ignore"):
        z = X @ w + b
        p = np.exp(z - np.logaddexp(0.0, z))
        figures = {
            "log_loss": float(np.mean(np.logaddexp(0.0, z) - y * z)),
            "accuracy": float(np.mean((p >= 0.5) == (y == 1.0))),
            "brier": float(np.mean((p - y) ** 2)),
        }
    return {
        **{key: (v if math.isfinite(v) else None) for key, v in figures.items()},
        "history": [float(v) if math.isfinite(v) else None for v in history],
    }


def run_train(request: dict[str, Any], learner: LearnerProcess) -> dict[str, Any]:
    """Train the submission and the reference; the judge's `result` message."""
    entry = str(request["entry"])
    try:
        reference = load_function(request["reference"], "<reference>", entry)
    except CodeFailure as error:
        raise HarnessError(f"the reference solution does not load: {error.message}") from None
    import inspect

    names = list(inspect.signature(reference).parameters)
    X, y = _dataset(str(request["dataset"]))
    args = _arguments(names, X, y, float(request["alpha"]), int(request["num_iters"]))
    encoder = Encoder()
    trees = [encoder.value(arg) for arg in args]
    header = {
        "type": "check",
        "code": request["submission"],
        "entry": entry,
        "limits": request["limits"],
        "cases": [trees],
        "speed": None,
    }
    result: dict[str, Any] = {"type": "result", "mode": "train", "failures": []}
    deadline = time.monotonic() + float(request["timeout"])
    try:
        write_all(learner.to_learner, pack(header, encoder.buffers))
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                expected = call(reference, [np.copy(a) if isinstance(a, np.ndarray) else a
                                            for a in args], "<reference>").value
            except CodeFailure as error:
                raise HarnessError(f"the reference fails: {error.message}") from None
        result["reference"] = summary(expected, X, y)
        first, _ = _read(learner, deadline)
        if first.get("type") == "load_failed":
            result["failures"].append(
                {
                    "kind": str(first.get("kind")),
                    "message": learner_text(first.get("message")),
                    "line": learner_line(first.get("line")),
                }
            )
            return result
        if first.get("type") != "loaded":
            raise _Garbled("no 'loaded' message")
        answer, buffers = _read(learner, deadline)
        if answer.get("type") != "case" or answer.get("index") != 0:
            raise _Garbled("an answer out of order")
        if answer.get("outcome") == "raised":
            result["failures"].append(
                {
                    "kind": str(answer.get("kind")),
                    "message": learner_text(answer.get("message")),
                    "line": learner_line(answer.get("line")),
                }
            )
            return result
        try:
            value = Decoder(buffers).value(answer.get("value"))
        except (WireError, RecursionError, MemoryError):
            raise _Garbled("an unreadable value") from None
        yours = summary(value, X, y)
        if isinstance(yours, str):
            result["failures"].append({"kind": "wrong_type", "message": yours, "line": None})
        else:
            result["yours"] = yours
        return result
    except _Garbled as error:
        result["failures"].append(
            {"kind": "crashed", "message": f"the process running your code sent {error}",
             "line": None}
        )
        return result
    except _Lost as lost:
        how = (
            f"ran for more than {float(request['timeout']):g} s and was stopped"
            if lost.timed_out
            else "ended before answering"
        )
        kind = "timeout" if lost.timed_out else "crashed"
        result["failures"].append({"kind": kind, "message": f"your code {how}", "line": None})
        return result
    except OSError:
        result["failures"].append(
            {"kind": "crashed", "message": "your code ended before answering", "line": None}
        )
        return result
