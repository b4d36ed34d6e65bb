"""Item sections and ids a deck author gets wrong: each mistake named at its place."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck

H = "deck: {id: d, title: D}\n"
TAG = "tag '!x' is not allowed: decks are plain YAML without tags"


def _problems(text: str) -> list[str]:
    deck, problems = parse_deck(text.encode(), "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(H + "flashcards: !x [a]\n", [f"2:13: {TAG}"], id="tagged-section"),
        pytest.param(
            H + "questions: hello\n",
            ["2:12: 'questions' must be a list of items, not text"],
            id="section-as-text",
        ),
        pytest.param(
            H + "lab: 3.5\n",
            ["2:6: 'lab' must be a list of items, not a number with a fraction"],
            id="section-as-number",
        ),
        pytest.param(
            H + "flashcards:\n  - !x {id: c1, front: f, back: b}\n  - just text\n",
            [
                f"3:5: {TAG}",
                "4:5: each entry of 'flashcards' must be a mapping with an 'id'",
            ],
            id="every-entry-after-a-tagged-one",
        ),
        pytest.param(
            H + "flashcards:\n  - {id: '', front: f, back: b}\n",
            ["3:10: 'id' must not be empty"],
            id="empty-item-id",
        ),
        pytest.param(
            H + "reorder:\n  - {id: ~, prompt: P, steps: [a, b, c]}\n",
            ["3:10: 'id' must not be empty"],
            id="null-item-id",
        ),
        pytest.param(
            "deck: {id: '', title: D}\nflashcards: [{id: c1, front: f, back: b}]\n",
            ["1:12: 'id' must not be empty"],
            id="empty-deck-id",
        ),
        pytest.param(
            "deck: {id: [d], title: D}\nflashcards: [{id: c1, front: f, back: b}]\n",
            ["1:12: 'id' must be text, not a list"],
            id="deck-id-list",
        ),
    ],
)
def test_a_bad_section_or_id_is_named_at_its_place(text: str, expected: list[str]) -> None:
    assert _problems(text) == [f"d.yaml:{where}" for where in expected]
