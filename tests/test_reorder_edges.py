"""Reorder grading at its edges: tiny exercises, one small group, bad input, locked steps."""

from __future__ import annotations

import pytest

from studyapp.grading import grade_order, help_fix_one, shuffled_order


def test_tiny_exercises_come_back_as_they_are() -> None:
    assert shuffled_order(0, seed=7) == []
    assert shuffled_order(1, seed=7) == [0]


def test_two_steps_are_always_shown_swapped() -> None:
    assert all(shuffled_order(2, seed) == [1, 0] for seed in range(20))


def test_steps_all_in_one_group_are_never_shuffled_forever() -> None:
    # Every order is right, so there is nothing to shuffle into: the identity comes back.
    assert shuffled_order(3, seed=1, groups=[(0, 3)]) == [0, 1, 2]


def test_a_shuffle_never_starts_right_when_two_steps_may_swap() -> None:
    # With steps 0 and 1 interchangeable, [1, 0, 2] is already right: never shown as a puzzle.
    for seed in range(40):
        order = shuffled_order(3, seed, groups=[(0, 2)])
        assert not grade_order(order, [(0, 2)]).correct, (seed, order)


def test_an_empty_order_is_right() -> None:
    result = grade_order([])
    assert result.correct and result.moves == 0 and result.score == 1.0
    assert result.misplaced == frozenset()


def test_a_bad_order_is_refused_with_the_range_it_should_cover() -> None:
    with pytest.raises(ValueError, match=r"^not a permutation of 0\.\.2: \[0, 0, 2\]$"):
        grade_order([0, 0, 2])


def test_help_leaves_an_order_that_is_right_within_its_group() -> None:
    assert help_fix_one([1, 0, 2], groups=[(0, 2)]) == ([1, 0, 2], -1)


def test_help_puts_the_canonical_step_first_when_it_may_go_there() -> None:
    # Steps 0-2 are interchangeable; the first position is wrong and step 0 fills it.
    assert help_fix_one([3, 2, 1, 0], groups=[(0, 3)]) == ([0, 3, 2, 1], 0)


def test_help_skips_a_position_it_may_not_fix_and_fixes_a_later_one() -> None:
    # Step 0 is locked where the learner left it, so position 0 cannot be mended by help;
    # position 2 can.
    assert help_fix_one([1, 0, 3, 2], locked=frozenset({0})) == ([1, 0, 2, 3], 2)


def test_help_on_a_right_order_changes_nothing() -> None:
    order = [0, 1, 2]
    assert help_fix_one(order) == ([0, 1, 2], -1)
