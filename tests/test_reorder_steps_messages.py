"""Reorder steps a deck author gets wrong: every mistake reported once, each at its place."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck

TAG = "tag '!x' is not allowed: decks are plain YAML without tags"


def _deck(steps: str, more: str = "") -> bytes:
    return (
        "deck: {id: d, title: D}\nreorder:\n  - id: r1\n    prompt: P\n    steps: "
        + steps
        + "\n"
        + more
    ).encode()


def _problems(data: bytes) -> list[str]:
    deck, problems = parse_deck(data, "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        pytest.param("!x [a, b, c]", [f"5:12: {TAG}"], id="tagged-steps"),
        pytest.param("[a, !x {any_order: [b, c]}, d]", [f"5:16: {TAG}"], id="tagged-group"),
        pytest.param(
            "[{any_order: [a, b, c]}]",
            [
                "5:12: every step is in one 'any_order' group, so any order is right: keep at"
                " least one step or group outside it"
            ],
            id="one-group-holds-all",
        ),
        pytest.param(
            "[a, {}, '', b, c]",
            [
                "5:16: a steps entry must be text or {any_order: [step, step, ...]}",
                "5:20: 'steps entry' must not be empty",
            ],
            id="every-bad-entry-after-a-bad-group",
        ),
        pytest.param(
            "[a, '']",
            ["5:16: 'steps entry' must not be empty"],
            id="empty-step-not-also-too-few",
        ),
        pytest.param(
            "[{any_order: [a, {any_order: [x, y]}]}, b]",
            ["5:29: 'any_order' groups cannot be nested: list the steps directly"],
            id="nested-group-not-also-too-few",
        ),
        pytest.param(
            "[{any_order: [{x: 1}, '']}, b, c]",
            [
                "5:26: 'any_order' groups cannot be nested: list the steps directly",
                "5:34: 'any_order entry' must not be empty",
            ],
            id="every-bad-member-after-a-nested-group",
        ),
    ],
)
def test_each_steps_mistake_is_named_once_at_its_place(steps: str, expected: list[str]) -> None:
    assert _problems(_deck(steps)) == [f"d.yaml:{where}" for where in expected]


SAME_ID = "  - id: r1\n    prompt: Q\n    steps: [x, y, z]\n"


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        pytest.param("[a, b, a]", "5:19: step 3 repeats step 1: steps must be distinct", id="repeat"),
        pytest.param(
            "[a, {any_order: [b, {any_order: [x, y]}]}, c]",
            "5:32: 'any_order' groups cannot be nested: list the steps directly",
            id="nested",
        ),
        pytest.param("[a, !x {any_order: [b, c]}, d]", f"5:16: {TAG}", id="tagged-group"),
    ],
)
def test_a_rejected_exercise_does_not_claim_its_id(steps: str, expected: str) -> None:
    """Only the mistake is reported: the next item with that id is not called a duplicate."""
    assert _problems(_deck(steps, SAME_ID)) == [f"d.yaml:{expected}"]
