"""Comparing a learner's return value with the reference's, in the order feedback needs.

Structure and type first, then shapes, then finiteness, then values within tolerance. A
`float` and an `np.float64` (or a 0-d array) are the same thing here. Where the reference
returns a NumPy array the answer must be one too (a list there is `wrong_type`: code that
goes on to compute with it would break); where the reference returns a list, a list, a
tuple or an array will do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._wire import Opaque

_SHOWN_ELEMENTS = 3
"""How many differing elements a wrong_value message lists."""


@dataclass
class Mismatch:
    """Why a value is not the expected one: a failure kind and a message."""

    kind: str
    message: str


@dataclass
class Part:
    """One returned value, paired with the expected one, both as arrays."""

    label: str
    expected: np.ndarray
    got: np.ndarray


def describe(value: Any) -> str:
    """How a returned value is named in messages ("a list of 3 values", "None")."""
    if value is None:
        return "None"
    if isinstance(value, Opaque):
        return f"a value of type {value.type_name}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} (dtype {value.dtype})"
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)} value{'s' if len(value) != 1 else ''}"
    return f"a value of type {type(value).__name__}"


def _labels(count: int, names: list[str]) -> list[str]:
    if len(names) == count:
        return [f"`{name}`" for name in names]
    return [f"return value {index + 1}" for index in range(count)]


def _leaf(label: str, expected: Any, got: Any, strict: bool = True) -> Part | Mismatch:
    if got is None:
        return Mismatch("wrong_type", f"{label} is None: did you forget to `return` it?")
    if isinstance(got, str | bytes | dict | set | Opaque) or callable(got):
        return Mismatch("wrong_type", f"{label} should be numeric, got {describe(got)}")
    try:
        got_array = np.asarray(got)
    except (ValueError, TypeError):
        return Mismatch("wrong_type", f"{label} should be numeric, got {describe(got)}")
    if got_array.dtype.kind not in "biuf":
        return Mismatch(
            "wrong_type",
            f"{label} should hold plain numbers, got {describe(got)} holding "
            f"{got_array.dtype} values",
        )
    expected_array = np.asarray(expected)
    if (
        strict
        and isinstance(expected, np.ndarray)
        and expected.ndim > 0
        and isinstance(got, list | tuple)
    ):
        return Mismatch(
            "wrong_type",
            f"{label} should be a NumPy array, got {describe(got)}: build it with array "
            "operations, or wrap it with np.array(...)",
        )
    if expected_array.ndim == 0 and got_array.ndim != 0:
        hint = ""
        if got_array.size == 1:
            hint = " (a one-element array: np.sum(...) or float(...) gives a single number)"
        return Mismatch(
            "wrong_shape",
            f"{label} should be a single number, got an array of shape {got_array.shape}{hint}",
        )
    if expected_array.ndim > 0 and got_array.shape != expected_array.shape:
        hint = ""
        if got_array.ndim == 0:
            hint = " (a single number where an array was expected)"
        elif got_array.ndim > expected_array.ndim:
            hint = (
                " (extra dimensions usually come from mixing shapes (m,) and (m, 1): "
                "broadcasting them builds an (m, m) matrix; keep vectors flat)"
            )
        return Mismatch(
            "wrong_shape",
            f"{label} should have shape {expected_array.shape}, got {got_array.shape}{hint}",
        )
    return Part(label, expected_array, got_array)


def split_parts(
    expected: Any, got: Any, names: list[str], strict: bool = True
) -> list[Part] | Mismatch:
    """Pair each expected value with the returned one, or the first structural mismatch.

    `strict`: a list where `expected` holds an array is a mismatch (off to compare values
    only, as when matching known mistakes).
    """
    if not isinstance(expected, tuple):
        label = _labels(1, names)[0] if names else "the returned value"
        leaf = _leaf(label, expected, got, strict)
        return leaf if isinstance(leaf, Mismatch) else [leaf]
    count = len(expected)
    # "(w, b)" when the exercise names its return values, else just how many there are.
    named = "(" + ", ".join(names) + ")" if len(names) == count else ""
    wanted = f"a tuple {named}" if named else f"a tuple of {count} values"
    if got is None:
        should = f"`return {named[1:-1]}`" if named else f"return {count} values"
        return Mismatch("wrong_type", f"your function returned None: it should {should}")
    if not isinstance(got, tuple | list) or isinstance(got, np.ndarray):
        return Mismatch("wrong_type", f"expected {wanted}, got {describe(got)}")
    if len(got) != count:
        return Mismatch(
            "wrong_type",
            f"expected a tuple of {count} values{' ' + named if named else ''}, "
            f"got {describe(got)}",
        )
    parts: list[Part] = []
    for label, expected_value, got_value in zip(_labels(count, names), expected, got, strict=True):
        leaf = _leaf(label, expected_value, got_value, strict)
        if isinstance(leaf, Mismatch):
            return leaf
        parts.append(leaf)
    return parts


def _index_text(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]"


def finite_problem(parts: list[Part]) -> Mismatch | None:
    """A not_finite mismatch when a value holds nan/inf where the expected one does not."""
    for part in parts:
        got = part.got.astype(np.float64)
        bad = ~np.isfinite(got) & np.isfinite(part.expected.astype(np.float64))
        if bad.any():
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            where = f" (first at index {_index_text(first)}: {got[first]!r})" if got.ndim else ""
            return Mismatch(
                "not_finite",
                f"{part.label} contains nan or inf in {int(bad.sum())} of {bad.size} "
                f"place{'s' if bad.size != 1 else ''}{where}, but the expected values are "
                "finite. nan often comes from log(0) or 0/0, inf from np.exp overflowing",
            )
    return None


def _closeness(part: Part, rtol: float, atol: float) -> tuple[np.ndarray, np.ndarray]:
    expected = part.expected.astype(np.float64)
    got = part.got.astype(np.float64)
    with np.errstate(all="ignore"):
        error = np.abs(got - expected)
        ok = (
            (error <= atol + rtol * np.abs(expected))
            | (got == expected)
            | (np.isnan(got) & np.isnan(expected))
        )
    return ok, error


def value_problem(parts: list[Part], rtol: float, atol: float) -> Mismatch | None:
    """A wrong_value mismatch listing the first differing elements and the error sizes."""
    paragraphs = []
    for part in parts:
        ok, error = _closeness(part, rtol, atol)
        if ok.all():
            continue
        expected = part.expected.astype(np.float64)
        got = part.got.astype(np.float64)
        bad = ~ok
        if part.expected.ndim == 0:
            lines = [f"{part.label}: expected {float(expected)!r}, got {float(got)!r}"]
        else:
            lines = [f"{part.label} differs in {int(bad.sum())} of {bad.size} places:"]
            for raw in np.argwhere(bad)[:_SHOWN_ELEMENTS]:
                index = tuple(int(i) for i in raw)
                lines.append(
                    f"  at {_index_text(index)}: expected {float(expected[index])!r}, "
                    f"got {float(got[index])!r}"
                )
        with np.errstate(all="ignore"):
            relative = np.where(expected != 0, error / np.abs(expected), np.inf)
        max_abs = float(np.nanmax(np.where(bad, error, 0.0)))
        max_rel = float(np.nanmax(np.where(bad, relative, 0.0)))
        lines.append(
            f"  max absolute error {max_abs:.3g}, max relative error {max_rel:.3g} "
            f"(tolerance: rtol={rtol:g}, atol={atol:g})"
        )
        paragraphs.append("\n".join(lines))
    if not paragraphs:
        return None
    return Mismatch("wrong_value", "\n".join(paragraphs))


def matches(expected: Any, got: Any, rtol: float, atol: float) -> bool:
    """Whether `got` has the expected structure and values (used for fingerprints).

    NaN matches nothing here: two different mistakes both giving NaN say nothing about
    which one was made.
    """
    parts = split_parts(expected, got, [], strict=False)
    if isinstance(parts, Mismatch):
        return False
    for part in parts:
        if np.isnan(part.expected.astype(np.float64)).any():
            return False
        if not _closeness(part, rtol, atol)[0].all():
            return False
    return True
