"""Judging a submission: run reference and learner on every case, in the order feedback needs.

Per case, stopping at the first failure: the call itself (exception), structure and type,
shapes, finite values, numeric warnings, mutated inputs, values within tolerance. A wrong
answer is compared with the outputs of known mistakes so feedback can name the
misconception; a correct one is timed on a large case to spot unvectorised code.
"""

from __future__ import annotations

import inspect
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ._cases import copy_argument, describe_arguments, make_arguments, same_argument
from ._code import SUBMISSION, CodeFailure, call, load_function
from ._compare import Mismatch, finite_problem, matches, split_parts, value_problem

Send = Callable[[dict[str, Any]], None]

SLOWDOWN = 20.0
"""A submission this many times slower than the reference on the speed case is flagged."""
MIN_SLOW_SECONDS = 0.002
"""...but only when it also takes at least this long (tiny timings are noise)."""
_STOPPING_KINDS = frozenset({"memory_limit"})
"""After these, the remaining cases are not run (they would fail the same way, slowly)."""
_FIXABLE_KINDS = frozenset({"wrong_type", "wrong_shape", "not_finite", "wrong_value"})
"""Kinds whose output is compared with known mistakes."""


class HarnessError(Exception):
    """The exercise itself is broken (its reference fails): a content bug, not a failed check."""


def _failure(
    case: str | None,
    kind: str,
    message: str,
    line: int | None = None,
    fingerprint: str | None = None,
) -> dict[str, Any]:
    return {
        "case": case,
        "kind": kind,
        "message": message,
        "line": line,
        "fingerprint": fingerprint,
    }


class Judge:
    """One check: the reference, the learner's function and the exercise's settings."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.entry: str = request["entry"]
        self.rtol = float(request["rtol"])
        self.atol = float(request["atol"])
        self.returns: list[str] = list(request.get("returns", []))
        self.mistake_specs: list[dict[str, str]] = list(request.get("mistakes", []))
        self._mistakes: list[tuple[str, str, Callable[..., Any]]] | None = None
        try:
            self.reference = load_function(request["reference"], "<reference>", self.entry)
        except CodeFailure as error:
            raise HarnessError(f"the reference solution does not load: {error.message}") from None
        self.arg_names = list(inspect.signature(self.reference).parameters)

    def reference_value(self, args: list[Any], case: str) -> tuple[Any, bool]:
        """The expected output for `args` and whether the reference raised numeric warnings."""
        try:
            result = call(self.reference, [copy_argument(a) for a in args], "<reference>")
        except CodeFailure as error:
            raise HarnessError(f"the reference fails on case '{case}': {error.message}") from None
        return result.value, bool(result.warnings)

    def mistakes(self) -> list[tuple[str, str, Callable[..., Any]]]:
        """The known mistakes of the exercise, loaded on first need."""
        if self._mistakes is None:
            self._mistakes = []
            for spec in self.mistake_specs:
                name = f"<mistake {spec['id']}>"
                try:
                    function = load_function(spec["code"], name, self.entry)
                except CodeFailure as error:
                    raise HarnessError(
                        f"mistake '{spec['id']}' does not load: {error.message}"
                    ) from None
                self._mistakes.append((spec["id"], spec["message"], function))
        return self._mistakes

    def fingerprint(self, args: list[Any], expected: Any, got: Any) -> tuple[str, str] | None:
        """(id, sentence) of the known mistake whose output equals `got`, if any."""
        if (
            isinstance(expected, tuple)
            and len(expected) == 2
            and isinstance(got, tuple | list)
            and len(got) == 2
            and matches(expected, (got[1], got[0]), self.rtol, self.atol)
        ):
            order = ", ".join(self.returns) if len(self.returns) == 2 else "the documented order"
            return (
                "returns-swapped",
                f"You returned the values in the wrong order: return ({order}).",
            )
        outputs = []
        for ident, message, function in self.mistakes():
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    mistaken = function(*[copy_argument(a) for a in args])
            except Exception:
                continue
            if matches(mistaken, got, self.rtol, self.atol):
                return ident, message
            outputs.append((ident, message, mistaken))
        return self._part_fingerprint(expected, got, outputs)

    def _part_fingerprint(
        self, expected: Any, got: Any, outputs: list[tuple[str, str, Any]]
    ) -> tuple[str, str] | None:
        """A mistake made in one returned value only (say 1/m forgotten in dj_dw alone)."""
        if not (
            isinstance(expected, tuple)
            and isinstance(got, tuple | list)
            and len(got) == len(expected) > 1
        ):
            return None
        for ident, message, mistaken in outputs:
            if not isinstance(mistaken, tuple | list) or len(mistaken) != len(expected):
                continue
            for index, (want, have, wrong) in enumerate(zip(expected, got, mistaken, strict=True)):
                if (
                    not matches(want, have, self.rtol, self.atol)
                    and matches(wrong, have, self.rtol, self.atol)
                    and not matches(wrong, want, self.rtol, self.atol)
                ):
                    name = self.returns[index] if index < len(self.returns) else f"#{index + 1}"
                    return ident, f"In `{name}`: {message}"
        return None

    def judge_case(
        self, learner: Callable[..., Any], name: str, args: list[Any]
    ) -> dict[str, Any] | None:
        """The failure of one case, or None when it passes."""
        expected, reference_warned = self.reference_value(args, name)
        copies = [copy_argument(a) for a in args]
        inputs = describe_arguments(self.arg_names, args)
        try:
            result = call(learner, copies, SUBMISSION)
        except CodeFailure as error:
            return _failure(
                name, error.kind, f"{error.message}\ninputs of this case:\n{inputs}", error.line
            )
        parts = split_parts(expected, result.value, self.returns)
        problem: Mismatch | None = parts if isinstance(parts, Mismatch) else finite_problem(parts)
        line: int | None = None
        if problem is None and result.warnings and not reference_warned:
            text, line = result.warnings[0]
            where = f" at line {line}" if line else ""
            problem = Mismatch(
                "numeric_warning",
                f"numpy warned '{text}'{where}. The values may look fine here, but a warning "
                "means an intermediate overflowed or divided by zero: rewrite it so it "
                "cannot (for example, never call np.exp on a large positive number)",
            )
        if problem is None:
            for arg_name, before, after in zip(self.arg_names, args, copies, strict=True):
                if not same_argument(before, after):
                    problem = Mismatch(
                        "mutated_input",
                        f"your function changed its input `{arg_name}` (in-place operations "
                        f"such as `{arg_name} -= ...` or `{arg_name}[...] = ...` modify the "
                        "caller's array): work on a new value, e.g. "
                        f"`{arg_name} = {arg_name} - ...`",
                    )
                    break
        if problem is None and not isinstance(parts, Mismatch):
            problem = value_problem(parts, self.rtol, self.atol)
        if problem is None:
            return None
        message = problem.message
        fingerprint = None
        if problem.kind in _FIXABLE_KINDS:
            found = self.fingerprint(args, expected, result.value)
            if found is not None:
                fingerprint = found[0]
                message = f"{found[1]}\n{message}"
        return _failure(
            name, problem.kind, f"{message}\ninputs of this case:\n{inputs}", line, fingerprint
        )

    def speed_warning(
        self, learner: Callable[..., Any], params: dict[str, Any]
    ) -> dict[str, Any] | None:
        """A not_vectorized warning when the learner is much slower than the reference."""
        args = make_arguments(self.arg_names, params)
        reference_time = min(_timed(self.reference, args) for _ in range(3))
        try:
            learner_time = _timed(learner, args)
            if learner_time > SLOWDOWN * reference_time and learner_time > MIN_SLOW_SECONDS:
                learner_time = min(learner_time, _timed(learner, args))
        except BaseException:
            return None
        ratio = learner_time / max(reference_time, 1e-9)
        if ratio <= SLOWDOWN or learner_time <= MIN_SLOW_SECONDS:
            return None
        sizes = ", ".join(
            f"{k}={params[k]}" for k in ("m", "n", "num_iters", "shape") if k in params
        )
        return {
            "kind": "not_vectorized",
            "message": (
                f"correct, but about {ratio:.0f}x slower than the reference on a large case "
                f"({sizes}: {learner_time * 1000:.1f} ms against {reference_time * 1000:.2f} ms). "
                "A Python loop over samples or elements is the usual cause: express it with "
                "whole-array operations such as X @ w and X.T @ error"
            ),
        }


def _timed(function: Callable[..., Any], args: list[Any]) -> float:
    copies = [copy_argument(a) for a in args]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        function(*copies)
        return time.perf_counter() - start


def run_check(request: dict[str, Any], send: Send) -> dict[str, Any]:
    """Judge the submission in `request`; progress goes to `send`, the result is returned."""
    judge = Judge(request)
    cases: list[dict[str, Any]] = request["cases"]
    speed_case: dict[str, Any] | None = request.get("speed_case")
    total = len(cases) + (1 if speed_case else 0)
    try:
        learner = load_function(request["submission"], SUBMISSION, judge.entry)
    except CodeFailure as error:
        failure = _failure(None, error.kind, error.message, error.line)
        return {"type": "result", "cases_run": 0, "failures": [failure], "warnings": []}
    failures: list[dict[str, Any]] = []
    run = 0
    for index, case in enumerate(cases):
        send({"type": "progress", "done": index, "total": total, "case": case["name"]})
        try:
            args = make_arguments(judge.arg_names, case["params"])
        except ValueError as error:
            raise HarnessError(f"case '{case['name']}': {error}") from None
        case_failure = judge.judge_case(learner, case["name"], args)
        run += 1
        if case_failure is not None:
            failures.append(case_failure)
            if case_failure["kind"] in _STOPPING_KINDS:
                break
    found: list[dict[str, Any]] = []
    if not failures and speed_case is not None:
        # Every case passed: say so first, so a submission too slow to finish the large case
        # still gets its verdict (with a warning) when the time limit stops it.
        send({"type": "passed_cases", "cases_run": run})
        send({"type": "progress", "done": len(cases), "total": total, "case": speed_case["name"]})
        warning = judge.speed_warning(learner, speed_case["params"])
        if warning is not None:
            found.append(warning)
    return {"type": "result", "cases_run": run, "failures": failures, "warnings": found}
