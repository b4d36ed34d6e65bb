"""How the judge compares a returned value with the reference's, message by message.

These run the comparison in the test process (the sandbox runs it in the judge process);
the messages are what a learner reads after a failed check.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from studyapp.sandbox.harness._compare import (
    Mismatch,
    describe,
    finite_problem,
    matches,
    split_parts,
    value_problem,
)
from studyapp.sandbox.harness._wire import Opaque

W = np.array([1.0, 2.0, 3.0])
RTOL, ATOL = 1e-6, 1e-9
TOLERANCE = "(tolerance: rtol=1e-06, atol=1e-09)"
ONE_ELEMENT = " (a one-element array: np.sum(...) or float(...) gives a single number)"


def _mismatch(expected: Any, got: Any, names: list[str]) -> tuple[str, str]:
    result = split_parts(expected, got, names)
    assert isinstance(result, Mismatch), result
    return result.kind, result.message


def _value_message(expected: Any, got: Any, names: list[str], rtol: float = RTOL,
                   atol: float = ATOL) -> str | None:
    parts = split_parts(expected, got, names)
    assert not isinstance(parts, Mismatch), parts
    problem = value_problem(parts, rtol, atol)
    if problem is None:
        return None
    assert problem.kind == "wrong_value"
    return problem.message


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "None"),
        (Opaque("function"), "a value of type function"),
        (np.zeros((2, 3)), "an array of shape (2, 3) (dtype float64)"),
        ([1], "a list of 1 value"),
        ((1, 2), "a tuple of 2 values"),
        (3.0, "a value of type float"),
    ],
)
def test_returned_values_are_named_plainly(value: Any, text: str) -> None:
    assert describe(value) == text


@pytest.mark.parametrize(
    ("got", "kind", "message"),
    [
        (None, "wrong_type", "`w` is None: did you forget to `return` it?"),
        ("x", "wrong_type", "`w` should be numeric, got a value of type str"),
        ({1: 2}, "wrong_type", "`w` should be numeric, got a value of type dict"),
        (Opaque("generator"), "wrong_type", "`w` should be numeric, got a value of type generator"),
        (len, "wrong_type",
         "`w` should be numeric, got a value of type builtin_function_or_method"),
        ([1, [2, 3]], "wrong_type", "`w` should be numeric, got a list of 2 values"),
        (np.array(["a", "b", "c"]), "wrong_type",
         "`w` should hold plain numbers, got an array of shape (3,) (dtype <U1) holding <U1"
         " values"),
        ([1.0, 2.0, 3.0], "wrong_type",
         "`w` should be a NumPy array, got a list of 3 values: build it with array operations,"
         " or wrap it with np.array(...)"),
        (np.array([[1.0], [2.0], [3.0]]), "wrong_shape",
         "`w` should have shape (3,), got (3, 1) (extra dimensions usually come from mixing"
         " shapes (m,) and (m, 1): broadcasting them builds an (m, m) matrix; keep vectors flat)"),
        (np.array([1.0, 2.0]), "wrong_shape", "`w` should have shape (3,), got (2,)"),
        (5.0, "wrong_shape",
         "`w` should have shape (3,), got () (a single number where an array was expected)"),
    ],
)
def test_an_array_answer_of_the_wrong_kind_or_shape(got: Any, kind: str, message: str) -> None:
    assert _mismatch(W, got, ["w"]) == (kind, message)


def test_a_number_answer_must_be_one_number() -> None:
    assert _mismatch(2.0, np.array([2.0]), []) == (
        "wrong_shape",
        "the returned value should be a single number, got an array of shape (1,)" + ONE_ELEMENT,
    )
    assert _mismatch(2.0, np.array([1.0, 2.0]), []) == (
        "wrong_shape",
        "the returned value should be a single number, got an array of shape (2,)",
    )
    for same in (2.0, np.float64(2.0), np.array(2.0), 2):
        parts = split_parts(2.0, same, [])
        assert not isinstance(parts, Mismatch) and value_problem(parts, RTOL, ATOL) is None


def test_a_list_is_fine_where_the_reference_returns_a_list() -> None:
    parts = split_parts([1.0, 2.0], (1.0, 2.0), ["v"])
    assert not isinstance(parts, Mismatch) and parts[0].label == "`v`"


def test_known_mistakes_are_matched_on_values_not_on_list_or_array() -> None:
    parts = split_parts(W, [1.0, 2.0, 3.0], [], strict=False)
    assert not isinstance(parts, Mismatch) and parts[0].label == "the returned value"
    assert matches(W, [1.0, 2.0, 3.0], RTOL, ATOL)


@pytest.mark.parametrize(
    ("got", "names", "kind", "message"),
    [
        (None, ["a", "b"], "wrong_type", "your function returned None: it should `return a, b`"),
        (None, ["a"], "wrong_type", "your function returned None: it should return 2 values"),
        (np.array([1, 2]), ["a", "b"], "wrong_type",
         "expected a tuple (a, b), got an array of shape (2,) (dtype int64)"),
        ([1], ["a", "b"], "wrong_type", "expected a tuple of 2 values (a, b), got a list of 1 value"),
        ((1, 2, 3), [], "wrong_type",
         "expected a tuple of 2 values, got a tuple of 3 values"),
        (5.0, [], "wrong_type", "expected a tuple of 2 values, got a value of type float"),
        ((1.0, [1.0]), ["a", "b"], "wrong_shape",
         "`b` should be a single number, got an array of shape (1,)" + ONE_ELEMENT),
        ((1.0, "x"), [], "wrong_type", "return value 2 should be numeric, got a value of type str"),
        (("x", 1.0), ["a", "b"], "wrong_type", "`a` should be numeric, got a value of type str"),
    ],
)
def test_a_tuple_answer_is_checked_part_by_part(
    got: Any, names: list[str], kind: str, message: str
) -> None:
    assert _mismatch((1.0, 2.0), got, names) == (kind, message)


def test_nan_or_inf_where_the_reference_is_finite() -> None:
    parts = split_parts(W, np.array([1.0, np.nan, np.inf]), ["w"])
    assert not isinstance(parts, Mismatch)
    assert finite_problem(parts) == Mismatch(
        "not_finite",
        "`w` contains nan or inf in 2 of 3 places (first at index [1]: np.float64(nan)), but the"
        " expected values are finite. nan often comes from log(0) or 0/0, inf from np.exp"
        " overflowing",
    )
    single = split_parts(2.0, np.float64(-np.inf), [])
    assert not isinstance(single, Mismatch)
    assert finite_problem(single) == Mismatch(
        "not_finite",
        "the returned value contains nan or inf in 1 of 1 place, but the expected values are"
        " finite. nan often comes from log(0) or 0/0, inf from np.exp overflowing",
    )


def test_nan_where_the_reference_has_nan_too_is_no_finiteness_problem() -> None:
    grid = np.array([[0.0, np.nan], [1.0, 2.0]])
    parts = split_parts(grid, np.array([[0.0, np.nan], [np.inf, 2.0]]), ["g"])
    assert not isinstance(parts, Mismatch)
    problem = finite_problem(parts)
    assert problem is not None and "in 1 of 4 places (first at index [1, 0]: np.float64(inf))" in (
        problem.message
    )
    same = split_parts(grid, grid.copy(), ["g"])
    assert not isinstance(same, Mismatch)
    assert finite_problem(same) is None and value_problem(same, RTOL, ATOL) is None


def test_a_wrong_value_lists_where_and_by_how_much() -> None:
    assert _value_message(W, np.array([1.0, 2.5, 3.0]), ["w"]) == (
        "`w` differs in 1 of 3 places:\n"
        "  at [1]: expected 2.0, got 2.5\n"
        f"  max absolute error 0.5, max relative error 0.25 {TOLERANCE}"
    )


def test_at_most_three_differing_places_are_listed() -> None:
    expected = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    assert _value_message(expected, expected + 1, ["w"]) == (
        "`w` differs in 5 of 5 places:\n"
        "  at [0]: expected 0.0, got 1.0\n"
        "  at [1]: expected 1.0, got 2.0\n"
        "  at [2]: expected 2.0, got 3.0\n"
        f"  max absolute error 1, max relative error inf {TOLERANCE}"
    )


def test_a_two_dimensional_difference_names_row_and_column() -> None:
    expected = np.array([[1.0, 2.0], [4.0, 8.0]])
    got = np.array([[1.0, 2.0], [4.0, 6.0]])
    assert _value_message(expected, got, ["m"]) == (
        "`m` differs in 1 of 4 places:\n"
        "  at [1, 1]: expected 8.0, got 6.0\n"
        f"  max absolute error 2, max relative error 0.25 {TOLERANCE}"
    )


def test_each_wrong_part_of_a_tuple_gets_its_paragraph() -> None:
    assert _value_message((1.0, 2.0), (1.5, 3.0), ["a", "b"]) == (
        "`a`: expected 1.0, got 1.5\n"
        f"  max absolute error 0.5, max relative error 0.5 {TOLERANCE}\n"
        "`b`: expected 2.0, got 3.0\n"
        f"  max absolute error 1, max relative error 0.5 {TOLERANCE}"
    )


def test_the_tolerances_are_inclusive_and_both_count() -> None:
    # |2.5 - 2.0| = 0.5 = rtol * 2.0 exactly: within tolerance.
    assert _value_message(2.0, 2.5, [], rtol=0.25, atol=0.0) is None
    assert _value_message(2.0, 2.5, [], rtol=0.2, atol=0.0) == (
        "the returned value: expected 2.0, got 2.5\n"
        "  max absolute error 0.5, max relative error 0.25 (tolerance: rtol=0.2, atol=0)"
    )
    # Near zero only the absolute tolerance helps.
    assert _value_message(0.0, 0.5, [], rtol=0.0, atol=0.5) is None
    assert _value_message(0.0, 0.5, [], rtol=0.0, atol=0.25) is not None
    assert _value_message(2.0, 2.5, [], rtol=0.1, atol=0.3) is None


def test_equal_infinities_are_equal_values() -> None:
    infinite = np.array([np.inf, -np.inf, 1.0])
    assert _value_message(infinite, infinite.copy(), ["v"]) is None
    assert matches(infinite, infinite.copy(), RTOL, ATOL)
    assert not matches(infinite, -infinite, RTOL, ATOL)


def test_matching_a_known_mistake() -> None:
    assert matches((1.0, W), (1.0, W + 1e-12), RTOL, ATOL)
    assert not matches((1.0, W), (1.0, W + 1.0), RTOL, ATOL)
    assert not matches((1.0, W), (2.0, W), RTOL, ATOL)
    assert not matches(W, "x", RTOL, ATOL)
    # NaN says nothing about which mistake was made.
    assert not matches(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), RTOL, ATOL)


def test_a_number_given_as_a_zero_dimensional_array_wants_a_number() -> None:
    assert _mismatch(np.array(2.0), [2.0], []) == (
        "wrong_shape",
        "the returned value should be a single number, got an array of shape (1,)" + ONE_ELEMENT,
    )


def test_known_mistakes_inside_a_tuple_are_matched_on_values_too() -> None:
    assert matches((1.0, W), (1.0, [1.0, 2.0, 3.0]), RTOL, ATOL)


def test_nan_in_the_answer_never_matches_a_finite_value() -> None:
    assert not matches(W, np.array([1.0, np.nan, 3.0]), RTOL, ATOL)
