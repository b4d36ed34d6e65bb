"""Reorder steps in a deck, with any_order groups: read right, mistakes named at their place."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck

LIST_HINT = "(write it as a list: steps: [...] or one '- ' line per step)"


def _deck(steps: str) -> bytes:
    return (
        "deck: {id: d, title: D}\nreorder:\n  - id: r1\n    prompt: P\n    steps: " + steps + "\n"
    ).encode()


@pytest.mark.parametrize(
    ("steps", "flat", "groups"),
    [
        ("[a, {any_order: [b, c]}, d]", ("a", "b", "c", "d"), ((1, 3),)),
        (
            "[a, {any_order: [b, c]}, {any_order: [d, e, f]}]",
            ("a", "b", "c", "d", "e", "f"),
            ((1, 3), (3, 6)),
        ),
        ("[{any_order: [a, b]}, {any_order: [c, d]}]", ("a", "b", "c", "d"), ((0, 2), (2, 4))),
    ],
)
def test_groups_are_spans_of_the_flat_steps(
    steps: str, flat: tuple[str, ...], groups: tuple[tuple[int, int], ...]
) -> None:
    deck, problems = parse_deck(_deck(steps), "d.yaml")
    assert problems == [] and deck is not None
    assert (deck.reorder[0].steps, deck.reorder[0].groups) == (flat, groups)


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ("[a, {}]", ["5:16: a steps entry must be text or {any_order: [step, step, ...]}"]),
        ("[a, {any_order: [b, c], x: 1}]", ["5:36: unknown key 'x' in a steps entry"]),
        (
            "[a, {any_ordr: [b, c]}]",
            ["5:17: unknown key 'any_ordr' in a steps entry (did you mean 'any_order'?)"],
        ),
        (
            "[a, {any_order: [b]}]",
            [
                "5:28: 'any_order' needs at least 2 steps, got one step: a single step is"
                " written as a plain step"
            ],
        ),
        (
            "[a, {any_order: []}]",
            [
                "5:28: 'any_order' needs at least 2 steps, got an empty list: a single step is"
                " written as a plain step"
            ],
        ),
        ("[a, {any_order: b}]", ["5:28: 'any_order' must be a list of steps, not text"]),
        ("[a, {any_order: ['', c]}]", ["5:29: 'any_order entry' must not be empty"]),
        (
            "[a, {any_order: [b, '', {x: 1}]}, c]",
            [
                "5:32: 'any_order entry' must not be empty",
                "5:36: 'any_order' groups cannot be nested: list the steps directly",
            ],
        ),
        (
            "[a, {any_order: !!set {b, c}}]",
            ["5:28: tag 'tag:yaml.org,2002:set' is not allowed: decks are plain YAML without tags"],
        ),
        ("[a, '', b, c]", ["5:16: 'steps entry' must not be empty"]),
        ("[a, b]", ["5:12: 'steps' needs at least 3 steps, got 2"]),
        ("~", ["5:12: 'steps' must not be empty"]),
        ("text", [f"5:12: 'steps' must be a list of text, not text {LIST_HINT}"]),
        ("{a: 1}", [f"5:12: 'steps' must be a list of text, not a mapping {LIST_HINT}"]),
        ("[a, b, ' a']", ["5:19: step 3 repeats step 1: steps must be distinct"]),
    ],
)
def test_a_bad_steps_list_is_named_at_its_place(steps: str, expected: list[str]) -> None:
    deck, problems = parse_deck(_deck(steps), "d.yaml")
    assert deck is None
    assert [str(problem) for problem in problems] == [f"d.yaml:{line}" for line in expected]
