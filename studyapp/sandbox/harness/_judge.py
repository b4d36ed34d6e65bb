"""Judging answers: compare what the learner process sent with the reference's values.

Runs only in the judge process, which never imports the learner's code: the reference and
the known mistakes run here on the case inputs the judge generated, and the learner's
answers arrive as data (see `_wire`). Per case, stopping at the first failure: the call
itself (exception), structure and type, shapes, finite values, numeric warnings, mutated
inputs, values within tolerance. A wrong answer is compared with the outputs of known
mistakes so feedback can name the misconception.
"""

from __future__ import annotations

import inspect
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ._cases import copy_argument, describe_arguments, make_arguments, same_argument
from ._code import CodeFailure, call, load_function
from ._compare import Mismatch, finite_problem, matches, split_parts, value_problem
from ._wire import Decoder, WireError

SLOWDOWN = 20.0
"""A submission this many times slower than the reference on the speed case is flagged."""
MIN_SLOW_SECONDS = 0.002
"""...but only when it also takes at least this long (tiny timings are noise)."""
STOPPING_KINDS = frozenset({"memory_limit"})
"""After these, the remaining cases are not judged (they would fail the same way, slowly)."""
_FIXABLE_KINDS = frozenset({"wrong_type", "wrong_shape", "not_finite", "wrong_value"})
"""Kinds whose output is compared with known mistakes."""
_LEARNER_KINDS = frozenset({"exception", "memory_limit", "wrong_type"})
"""Failure kinds the learner process may report for a call (anything else: crashed)."""
_MAX_MESSAGE = 20_000
"""Characters kept of a message written by the learner process."""


class HarnessError(Exception):
    """The exercise itself is broken (its reference fails): a content bug, not a failed check."""


def failure(
    case: str | None,
    kind: str,
    message: str,
    line: int | None = None,
    fingerprint: str | None = None,
) -> dict[str, Any]:
    """A failure entry of the judge's result."""
    return {
        "case": case,
        "kind": kind,
        "message": message,
        "line": line,
        "fingerprint": fingerprint,
    }


def learner_text(value: Any) -> str:
    """A message from the learner process, checked and capped."""
    return value[:_MAX_MESSAGE] if isinstance(value, str) else "(no message)"


def learner_line(value: Any) -> int | None:
    """A line number from the learner process, or None when it is not one."""
    return value if type(value) is int and 0 < value < 10_000_000 else None


def garbled(case: str | None, what: str) -> dict[str, Any]:
    """The failure for an answer the learner process sent in a form no answer has."""
    return failure(
        case,
        "crashed",
        f"the process running your code sent something that is not an answer ({what}); "
        "code that writes to the checker's channel or breaks the harness never passes: "
        "let your function return its result",
    )


class Judge:
    """One exercise: the reference, the known mistakes and the comparison settings."""

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

    def arguments(self, name: str, params: dict[str, Any]) -> list[Any]:
        """The generated arguments of one case."""
        try:
            return make_arguments(self.arg_names, params)
        except (ValueError, TypeError, KeyError) as error:
            raise HarnessError(f"case '{name}': {error}") from None

    def reference_value(self, args: list[Any], case: str) -> tuple[Any, bool]:
        """The expected output for `args` and whether the reference raised numeric warnings."""
        try:
            result = call(self.reference, [copy_argument(a) for a in args], "<reference>")
        except CodeFailure as error:
            raise HarnessError(f"the reference fails on case '{case}': {error.message}") from None
        return result.value, bool(result.warnings)

    def reference_seconds(self, args: list[Any]) -> float:
        """The reference's best time of three on `args` (for the speed case)."""
        try:
            return min(_timed(self.reference, args) for _ in range(3))
        except Exception as error:
            raise HarnessError(f"the reference fails on the timing case: {error}") from None

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

    def _close(self, want: Any, have: Any) -> bool:
        return matches(want, have, self.rtol, self.atol)

    def fingerprint(self, args: list[Any], expected: Any, got: Any) -> tuple[str, str] | None:
        """(id, sentence) of the one known mistake whose output equals `got`, if any.

        A mistake is named when every returned value agrees with it, or when exactly one
        value does and all the others are right (a slip in one value only). When several
        mistakes fit, none is named: the evidence does not say which was made.
        """
        if (
            isinstance(expected, tuple)
            and len(expected) == 2
            and isinstance(got, tuple | list)
            and len(got) == 2
            and self._close(expected, (got[1], got[0]))
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
            outputs.append((ident, message, mistaken))
        whole = [(i, m) for i, m, mistaken in outputs if self._close(mistaken, got)]
        if whole:
            return whole[0] if len(whole) == 1 else None
        part = self._part_fingerprints(expected, got, outputs)
        return part[0] if len(part) == 1 else None

    def _part_fingerprints(
        self, expected: Any, got: Any, outputs: list[tuple[str, str, Any]]
    ) -> list[tuple[str, str]]:
        """Mistakes made in exactly one returned value while every other value is right."""
        if not (
            isinstance(expected, tuple)
            and isinstance(got, tuple | list)
            and len(got) == len(expected) > 1
        ):
            return []
        wrong = [
            index
            for index, (want, have) in enumerate(zip(expected, got, strict=True))
            if not self._close(want, have)
        ]
        if len(wrong) != 1:
            return []
        index = wrong[0]
        found = []
        for ident, message, mistaken in outputs:
            if not isinstance(mistaken, tuple | list) or len(mistaken) != len(expected):
                continue
            if self._close(mistaken[index], got[index]) and not self._close(
                mistaken[index], expected[index]
            ):
                name = self.returns[index] if index < len(self.returns) else f"#{index + 1}"
                found.append((ident, f"In `{name}`: {message}"))
        return found

    def judge_answer(
        self,
        name: str,
        args: list[Any],
        expected: Any,
        reference_warned: bool,
        answer: dict[str, Any],
        buffers: list[bytes],
    ) -> dict[str, Any] | None:
        """The failure of one case given the learner process's answer, or None when it passes."""
        inputs = describe_arguments(self.arg_names, args)
        if answer.get("outcome") == "raised":
            kind = answer.get("kind")
            if kind not in _LEARNER_KINDS:
                return garbled(name, "an unknown kind of failure")
            return failure(
                name,
                str(kind),
                f"{learner_text(answer.get('message'))}\ninputs of this case:\n{inputs}",
                learner_line(answer.get("line")),
            )
        if answer.get("outcome") != "returned":
            return garbled(name, "no outcome")
        decoder = Decoder(buffers)
        try:
            value = decoder.value(answer.get("value"))
        except (WireError, RecursionError, MemoryError):
            return failure(
                name,
                "wrong_type",
                "the returned value could not be read as numbers, lists or tuples"
                f"\ninputs of this case:\n{inputs}",
            )
        try:
            after = [decoder.value(node) for node in answer.get("args", [])]
        except (WireError, RecursionError, MemoryError, TypeError):
            return garbled(name, "unreadable inputs")
        if len(after) != len(args):
            return garbled(name, "the wrong number of inputs")
        notes = answer.get("warnings", [])
        raised = [
            (learner_text(note[0]), learner_line(note[1]))
            for note in (notes if isinstance(notes, list) else [])
            if isinstance(note, list) and len(note) == 2
        ]
        parts = split_parts(expected, value, self.returns)
        problem: Mismatch | None = parts if isinstance(parts, Mismatch) else finite_problem(parts)
        line: int | None = None
        if problem is None and raised and not reference_warned:
            text, line = raised[0]
            where = f" at line {line}" if line else ""
            problem = Mismatch(
                "numeric_warning",
                f"numpy warned '{text}'{where}. The values may look fine here, but a warning "
                "means an intermediate overflowed or divided by zero: rewrite it so it "
                "cannot (for example, never call np.exp on a large positive number)",
            )
        if problem is None:
            for arg_name, before, changed in zip(self.arg_names, args, after, strict=True):
                if not same_argument(before, changed):
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
            found = self.fingerprint(args, expected, value)
            if found is not None:
                fingerprint = found[0]
                message = f"{found[1]}\n{message}"
        return failure(
            name, problem.kind, f"{message}\ninputs of this case:\n{inputs}", line, fingerprint
        )

    def speed_warning(
        self, params: dict[str, Any], reference_time: float, learner_time: float
    ) -> dict[str, Any] | None:
        """A not_vectorized warning when the learner is much slower than the reference."""
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
