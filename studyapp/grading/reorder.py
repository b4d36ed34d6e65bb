"""Reorder exercises: deterministic shuffles and scoring by longest non-decreasing subsequence.

Orders are lists of step indices into the exercise's canonical order, so `[0, 1, 2]` is
right. Some steps may be interchangeable: `groups` lists spans `(start, stop)` of the
canonical order whose steps may fill their positions in any order (an `any_order` entry
in a deck). Each step gets a rank, the start of its span (its own index when it is in no
group); an order is right exactly when its ranks never decrease. The steps inside a
longest non-decreasing subsequence of the ranks can stay where they are; every other step
has to move once, so `n - len(LNDS)` is the fewest moves that fix the order.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

Groups = Sequence[tuple[int, int]]
"""Spans `(start, stop)` of interchangeable steps in the canonical order (stop exclusive)."""


@dataclass(frozen=True, slots=True)
class ReorderResult:
    """The grade of one submitted order."""

    correct: bool
    """True when the order is right (any order inside each group counts)."""
    misplaced: frozenset[int]
    """Positions (in the submitted order) of the steps that must move."""
    moves: int
    """Fewest single-step moves that fix the order."""
    score: float
    """(n - moves) / n: 1.0 for a right order."""


def step_ranks(n: int, groups: Groups = ()) -> list[int]:
    """The rank of each step: the start of its group's span, or its own index."""
    ranks = list(range(n))
    for start, stop in groups:
        for step in range(start, stop):
            ranks[step] = start
    return ranks


def _is_right(order: list[int], ranks: list[int]) -> bool:
    return all(ranks[a] <= ranks[b] for a, b in itertools.pairwise(order))


def shuffled_order(n: int, seed: int, groups: Groups = ()) -> list[int]:
    """A shuffle of range(n) for one attempt: the same for the same seed, never already right.

    When every order is right (all steps in one group) the identity comes back.
    """
    ranks = step_ranks(n, groups)
    if n < 2 or len(set(ranks)) < 2:
        return list(range(n))
    rng = random.Random(seed)
    order = list(range(n))
    while _is_right(order, ranks):
        rng.shuffle(order)
    return order


def _lnds_positions(values: list[int]) -> set[int]:
    """Positions of one longest non-decreasing subsequence of `values` (O(n log n))."""
    tails: list[int] = []  # tails[k]: smallest tail value of a run of length k+1
    tail_pos: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        # bisect_right: an equal rank may follow, so ties extend a run.
        k = bisect.bisect_right(tails, value)
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


def grade_order(order: list[int], groups: Groups = ()) -> ReorderResult:
    """Grade a submitted order (a permutation of step indices)."""
    n = len(order)
    if sorted(order) != list(range(n)):
        raise ValueError(f"not a permutation of 0..{n - 1}: {order}")
    ranks = step_ranks(n, groups)
    keep = _lnds_positions([ranks[step] for step in order])
    misplaced = frozenset(set(range(n)) - keep)
    moves = len(misplaced)
    return ReorderResult(moves == 0, misplaced, moves, (n - moves) / n if n else 1.0)


def help_fix_one(
    order: list[int], locked: frozenset[int] = frozenset(), groups: Groups = ()
) -> tuple[list[int], int]:
    """Put a step into the earliest position that holds a wrong step.

    The step chosen belongs at that position (with groups: any member of the position's
    group that is still out of place, the canonical one first). Returns the new order and
    the step index that is now fixed (the caller shows it as locked); steps in `locked`
    are already fixed and are not chosen again. Returns the order unchanged and -1 when
    nothing can be fixed.
    """
    ranks = step_ranks(len(order), groups)
    for position, step in enumerate(order):
        if ranks[step] == ranks[position]:
            continue
        # Earlier positions are all right (and locked steps sit in right positions), so
        # the steps that belong here all sit later.
        candidates = [
            s for s in order[position + 1 :] if ranks[s] == ranks[position] and s not in locked
        ]
        if not candidates:
            continue
        chosen = position if position in candidates else candidates[0]
        fixed = [s for s in order if s != chosen]
        fixed.insert(position, chosen)
        return fixed, chosen
    return list(order), -1
