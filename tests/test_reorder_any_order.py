"""Reorder steps that may come in any order: `{any_order: [...]}` in decks, grading, help."""

from __future__ import annotations

import itertools
from collections import deque
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.decks import load_decks
from studyapp.grading import grade_order, help_fix_one, shuffled_order
from studyapp.model import Problem
from tests.helpers import VALID_DECK, deck_of, problems_of, write_deck

GROUPED = VALID_DECK.replace(
    "    steps: [compute logits, apply sigmoid, update weights]\n",
    "    steps:\n"
    "      - scale features\n"
    "      - any_order:\n"
    "          - compute the analytic gradient\n"
    "          - compute the numerical gradient\n"
    "      - compare them\n",
)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_a_group_loads_as_flat_steps_with_a_span(tmp_path: Path) -> None:
    exercise = deck_of(tmp_path, GROUPED).reorder[0]
    assert exercise.steps == (
        "scale features",
        "compute the analytic gradient",
        "compute the numerical gradient",
        "compare them",
    )
    assert exercise.groups == ((1, 3),)


def test_groups_survive_the_deck_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    write_deck(tmp_path / "decks", "demo.yaml", GROUPED)
    first = load_decks([tmp_path / "decks"], cache_dir=cache)
    second = load_decks([tmp_path / "decks"], cache_dir=cache)
    assert second.decks[0].reorder[0].groups == ((1, 3),)
    assert second.decks == first.decks


@pytest.mark.parametrize(
    ("group", "line", "column", "message"),
    [
        ("[just one]", 20, 20, "'any_order' needs at least 2 steps, got one step"),
        ("[]", 20, 20, "'any_order' needs at least 2 steps, got an empty list"),
        ("[a, {any_order: [b, c]}]", 20, 24, "'any_order' groups cannot be nested"),
        ("[a, [b, c]]", 20, 24, "'any_order entry' must be text, not a list"),
        ("[a, update weights]", 20, 24, "step 4 repeats step 2: steps must be distinct"),
        ("a, b", 20, 20, "'any_order' must be a list of steps, not text"),
    ],
)
def test_bad_groups_are_reported_at_their_position(
    tmp_path: Path, group: str, line: int, column: int, message: str
) -> None:
    text = VALID_DECK.replace(
        "    steps: [compute logits, apply sigmoid, update weights]\n",
        "    steps:\n"
        "      - compute logits\n"
        "      - update weights\n"
        f"      - any_order: {group}\n",
    )
    problem = only(problems_of(tmp_path, text))
    assert (problem.line, problem.column) == (line, column), problem
    assert message in problem.message


def test_unknown_key_in_a_steps_entry_is_named(tmp_path: Path) -> None:
    text = GROUPED.replace("      - any_order:\n", "      - any_ordr:\n")
    problem = only(problems_of(tmp_path, text))
    assert "unknown key 'any_ordr'" in problem.message and "any_order" in problem.message


def test_one_group_over_every_step_is_refused(tmp_path: Path) -> None:
    text = VALID_DECK.replace(
        "    steps: [compute logits, apply sigmoid, update weights]\n",
        "    steps:\n      - any_order: [a, b, c]\n",
    )
    assert "any order is right" in only(problems_of(tmp_path, text)).message


GROUPS = ((1, 3), (4, 7))
N = 8


def test_any_order_inside_a_group_is_right() -> None:
    for order in ([0, 2, 1, 3, 6, 5, 4, 7], [0, 1, 2, 3, 4, 5, 6, 7], [0, 2, 1, 3, 4, 6, 5, 7]):
        result = grade_order(order, GROUPS)
        assert result.correct and result.moves == 0, order
    wrong = grade_order([0, 3, 1, 2, 4, 5, 6, 7], GROUPS)
    assert not wrong.correct and wrong.moves == 1


def test_without_groups_a_swap_is_still_wrong() -> None:
    assert not grade_order([0, 2, 1, 3, 4, 5, 6, 7]).correct


def _fewest_moves(order: tuple[int, ...], ranks: list[int]) -> int:
    """Breadth-first search over single-step moves to any right order."""
    seen = {order}
    queue = deque([(order, 0)])
    while queue:
        state, depth = queue.popleft()
        if all(ranks[a] <= ranks[b] for a, b in itertools.pairwise(state)):
            return depth
        for i, j in itertools.permutations(range(len(state)), 2):
            rest = list(state[:i] + state[i + 1 :])
            rest.insert(j, state[i])
            moved = tuple(rest)
            if moved not in seen:
                seen.add(moved)
                queue.append((moved, depth + 1))
    raise AssertionError("unreachable")


@st.composite
def grouped_orders(draw: st.DrawFn) -> tuple[list[int], tuple[tuple[int, int], ...]]:
    n = draw(st.integers(min_value=3, max_value=6))
    groups: list[tuple[int, int]] = []
    start = 0
    while start < n - 1:
        size = draw(st.integers(min_value=1, max_value=n - start))
        if size >= 2:
            groups.append((start, start + size))
        start += size
    order = draw(st.permutations(list(range(n))))
    return order, tuple(groups)


@settings(max_examples=60, deadline=None)
@given(grouped_orders())
def test_steps_to_move_are_the_fewest_that_fix_the_order(
    case: tuple[list[int], tuple[tuple[int, int], ...]],
) -> None:
    order, groups = case
    ranks = list(range(len(order)))
    for start, stop in groups:
        ranks[start:stop] = [start] * (stop - start)
    result = grade_order(order, groups)
    kept = [ranks[s] for position, s in enumerate(order) if position not in result.misplaced]
    assert kept == sorted(kept)  # what stays is already in a right order
    assert result.moves == _fewest_moves(tuple(order), ranks)
    assert result.correct == (result.moves == 0)


@given(st.integers())
def test_shuffle_with_groups_is_never_already_right(seed: int) -> None:
    order = shuffled_order(N, seed, GROUPS)
    assert order == shuffled_order(N, seed, GROUPS)
    assert not grade_order(order, GROUPS).correct


@given(st.permutations(list(range(N))))
def test_help_fixes_one_position_at_a_time(order: list[int]) -> None:
    locked: frozenset[int] = frozenset()
    for _ in range(N):
        if grade_order(order, GROUPS).correct:
            break
        order, fixed = help_fix_one(order, locked, GROUPS)
        assert fixed >= 0 and fixed not in locked
        locked |= {fixed}
    assert grade_order(order, GROUPS).correct
