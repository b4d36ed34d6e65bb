"""Reorder exercises: deterministic shuffles and scoring by longest increasing subsequence.

Orders are lists of step indices into the exercise's correct order, so `[0, 1, 2]` is
right. The steps inside a longest increasing subsequence (LIS) of the submitted order can
stay where they are; every other step has to move once, so `n - len(LIS)` is the fewest
moves that fix the order.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReorderResult:
    """The grade of one submitted order."""

    correct: bool
    """True when the order is exactly right."""
    misplaced: frozenset[int]
    """Positions (in the submitted order) of the steps that must move."""
    moves: int
    """Fewest single-step moves that fix the order."""
    score: float
    """(n - moves) / n: 1.0 for a right order."""


def shuffled_order(n: int, seed: int) -> list[int]:
    """A shuffle of range(n) for one attempt: the same for the same seed, never already sorted."""
    if n < 2:
        return list(range(n))
    rng = random.Random(seed)
    order = list(range(n))
    while order == sorted(order):
        rng.shuffle(order)
    return order


def _lis_positions(order: list[int]) -> set[int]:
    """Positions of one longest increasing subsequence of `order` (O(n log n))."""
    tails: list[int] = []  # tails[k]: smallest tail value of an increasing run of length k+1
    tail_pos: list[int] = []
    previous = [-1] * len(order)
    for position, value in enumerate(order):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(position)
        else:
            tails[k] = value
            tail_pos[k] = position
        previous[position] = tail_pos[k - 1] if k else -1
    keep: set[int] = set()
    position = tail_pos[-1] if tail_pos else -1
    while position != -1:
        keep.add(position)
        position = previous[position]
    return keep


def grade_order(order: list[int]) -> ReorderResult:
    """Grade a submitted order (a permutation of step indices)."""
    n = len(order)
    if sorted(order) != list(range(n)):
        raise ValueError(f"not a permutation of 0..{n - 1}: {order}")
    keep = _lis_positions(order)
    misplaced = frozenset(set(range(n)) - keep)
    moves = len(misplaced)
    return ReorderResult(moves == 0, misplaced, moves, (n - moves) / n if n else 1.0)


def help_fix_one(order: list[int], locked: frozenset[int] = frozenset()) -> tuple[list[int], int]:
    """Put the earliest step that is out of place into its right position.

    Returns the new order and the step index that is now fixed (the caller shows it as
    locked). Steps in `locked` are already fixed and are not chosen again.
    """
    for target, step in enumerate(order):
        if step != target and target not in locked:
            fixed = [s for s in order if s != target]
            fixed.insert(target, target)
            return fixed, target
    return list(order), -1
