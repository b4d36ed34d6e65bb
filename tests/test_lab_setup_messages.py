"""Lab scenarios a deck author gets wrong: each mistake named once, at its place."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck


def _lab(setup: str = "{dataset: separable}", **change: str) -> str:
    fields = {
        "id": "s1",
        "title": "T",
        "prompt": "P",
        "setup": setup,
        "probe": "diverging-loss",
        "choices": "[A, B, C]",
        "answer": "1",
        "explanation": "E",
        **change,
    }
    lines = [f"    {key}: {value}" for key, value in fields.items() if value != "DROP"]
    lines[0] = "  - " + lines[0].strip()
    return "\n".join(lines) + "\n"


def _deck(setup: str = "{dataset: separable}", **change: str) -> bytes:
    return ("deck: {id: d, title: D}\nlab:\n" + _lab(setup, **change)).encode()


def _problems(data: bytes) -> list[str]:
    deck, problems = parse_deck(data, "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        pytest.param(
            "{dataset: separable, l2: -1}",
            ["6:37: 'l2' must not be negative (0 means no penalty)"],
            id="negative-l2",
        ),
        pytest.param(
            "{dataset: separable, l2: -0.001, threshold: 2}",
            [
                "6:37: 'l2' must not be negative (0 means no penalty)",
                "6:56: 'threshold' must be between 0 and 1",
            ],
            id="negative-l2-and-threshold",
        ),
    ],
)
def test_a_bad_setup_value_is_named_at_its_place(setup: str, expected: list[str]) -> None:
    assert _problems(_deck(setup)) == [f"d.yaml:{where}" for where in expected]


def test_no_penalty_is_allowed() -> None:
    deck, problems = parse_deck(_deck("{dataset: separable, l2: 0}"), "d.yaml")
    assert problems == [] and deck is not None
    assert deck.lab[0].setup == "separable l2=0"
