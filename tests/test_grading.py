"""Reorder grading and key-point matching, as a learner would see them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studyapp.grading import (
    cover_key_points,
    grade_order,
    help_fix_one,
    shuffled_order,
    suggest_correct,
)


def test_exact_order_is_correct() -> None:
    result = grade_order([0, 1, 2, 3, 4])
    assert result.correct and result.moves == 0 and result.score == 1.0


def test_one_step_moved_to_the_end_needs_one_move() -> None:
    result = grade_order([1, 2, 3, 4, 0])
    assert not result.correct
    assert result.misplaced == frozenset({4}) and result.moves == 1
    assert result.score == 0.8


def test_swapped_neighbours() -> None:
    result = grade_order([0, 2, 1, 3])
    assert result.moves == 1 and len(result.misplaced) == 1
    assert result.misplaced <= {1, 2}


def test_reversed_order_keeps_only_one_step() -> None:
    result = grade_order([4, 3, 2, 1, 0])
    assert result.moves == 4 and result.score == 0.2


@given(st.permutations(list(range(7))))
def test_moving_the_misplaced_steps_fixes_the_order(order: list[int]) -> None:
    result = grade_order(order)
    kept = [step for position, step in enumerate(order) if position not in result.misplaced]
    assert kept == sorted(kept)  # what stays is already in order
    assert result.moves == len(order) - len(kept)


@given(st.integers(min_value=3, max_value=9), st.integers())
def test_shuffle_is_deterministic_and_never_sorted(n: int, seed: int) -> None:
    order = shuffled_order(n, seed)
    assert order == shuffled_order(n, seed)
    assert sorted(order) == list(range(n)) and order != list(range(n))


def test_help_fixes_one_step_in_place() -> None:
    order, fixed = help_fix_one([2, 0, 1, 3])
    assert fixed == 0 and order[0] == 0
    assert order == [0, 2, 1, 3]
    order, fixed = help_fix_one(order, frozenset({0}))
    assert (order, fixed) == ([0, 1, 2, 3], 1)
    assert help_fix_one(order, frozenset({0, 1})) == ([0, 1, 2, 3], -1)


def test_key_points_are_matched_by_their_terms() -> None:
    coverage = cover_key_points(
        "The learning rate sets the step size; if it is too large the cost diverges.",
        ("step size of each update", "too large a rate diverges", "use feature scaling"),
    )
    covered = [match.covered for match in coverage.matches]
    assert covered == [True, True, False]
    assert "key terms found" in coverage.matches[0].explain()
    assert round(coverage.share, 2) == 0.67


def test_plural_and_case_do_not_matter() -> None:
    coverage = cover_key_points("GRADIENTS of the Weights", ("gradient", "weight"))
    assert coverage.share == 1.0
    for one, other in [
        ("feature", "features"),
        ("class", "classes"),
        ("probability", "probabilities"),
        ("scale", "scaling"),
        ("scaled", "scales"),
    ]:
        assert cover_key_points(one, (other,)).share == 1.0, (one, other)


def test_empty_answer_covers_nothing_and_suggests_again() -> None:
    coverage = cover_key_points("", ("sigmoid", "log loss"))
    assert coverage.share == 0.0
    assert not suggest_correct(0, 2) and suggest_correct(1, 2)


def _fewest_moves(order: list[int]) -> int:
    """n minus the longest increasing subsequence, by the plain O(n^2) recurrence."""
    best = [1] * len(order)
    for i in range(len(order)):
        for j in range(i):
            if order[j] < order[i]:
                best[i] = max(best[i], best[j] + 1)
    return len(order) - max(best, default=0)


@given(st.permutations(list(range(8))))
def test_moves_are_the_fewest_possible(order: list[int]) -> None:
    result = grade_order(list(order))
    assert result.moves == _fewest_moves(list(order))
    assert len(result.misplaced) == result.moves
