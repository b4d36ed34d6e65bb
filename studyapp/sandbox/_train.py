"""Training with the learner's own code, parent side: one request to a fresh judge.

The judge builds the data set, runs the submission's `gradient_descent` in a learner process
under the same limits as a check, runs the reference itself, and answers with both runs'
metrics (see harness/_train.py). Nothing here imports numpy.
"""

from __future__ import annotations

from typing import Any

from studyapp.errors import SandboxError
from studyapp.model import SandboxExercise
from studyapp.sandbox._check import build_request, effective_timeout
from studyapp.sandbox._child import Cancel, JudgeProcess, Limits


def train_submission(
    exercise: SandboxExercise,
    code: str,
    *,
    dataset: str,
    alpha: float,
    iters: int,
    limits: Limits | None = None,
    cancel: Cancel | None = None,
) -> dict[str, Any]:
    """Train `code`'s entry function and the reference on `dataset` (standardised).

    Returns {"yours": {...} (absent when your code failed), "reference": {...},
    "failures": [{kind, message, line}]}, each run with log_loss, accuracy, brier and
    history. Raises SandboxError when the sandbox itself could not run.
    """
    limits = limits or Limits()
    timeout = effective_timeout(exercise, limits)
    request = build_request(exercise, code, limits, keep_warm=False)
    request.update(mode="train", dataset=dataset, alpha=alpha, num_iters=iters)
    judge = JudgeProcess()
    try:
        outcome = judge.run(
            request, timeout=timeout, output_bytes=limits.output_bytes, cancel=cancel
        )
    finally:
        judge.close()
    if outcome.error is not None:
        raise SandboxError(f"cannot train with '{exercise.id}': {outcome.error}")
    if outcome.cancelled:
        raise SandboxError("training was cancelled")
    if outcome.result is None:
        tail = " / ".join(outcome.output.strip().splitlines()[-3:])
        raise SandboxError(
            "the sandbox's judge stopped before answering" + (f": {tail}" if tail else "")
        )
    result = outcome.result
    return {
        "yours": result.get("yours"),
        "reference": result.get("reference"),
        "failures": list(result.get("failures", [])),
        "output": outcome.output,
    }
