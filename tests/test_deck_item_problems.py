"""Flashcards, questions, reorder items and the deck header: each mistake's exact line."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck

H = "deck:\n  id: d\n  title: D\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            H + "flashcards:\n  - id: c1\n",
            [
                "d.yaml:5:5: flashcard 'c1' is missing required field 'front'",
                "d.yaml:5:5: flashcard 'c1' is missing required field 'back'",
            ],
            id="card-missing",
        ),
        pytest.param(
            H + "flashcards:\n  - front: f\n    back: b\n",
            [
                "d.yaml:5:5: this flashcard is missing required field 'id'",
            ],
            id="card-noid",
        ),
        pytest.param(
            H + "flashcards:\n  - id: 'bad id'\n    front: f\n    back: b\n",
            [
                "d.yaml:5:9: id 'bad id' is not valid: use letters, digits, '-', '_' or '.' (e.g. update-rule)",
            ],
            id="card-badid",
        ),
        pytest.param(
            H + "flashcards:\n  - id: c1\n    front: [a]\n    back: b\n",
            [
                "d.yaml:6:12: 'front' must be text, not a list",
            ],
            id="card-front-list",
        ),
        pytest.param(
            H + "flashcards:\n  - id: c1\n    front: f\n    back: b\n    tags: x\n",
            [
                "d.yaml:8:11: 'tags' must be a list of text, not text (write it as a list: tags: [...] or one '- ' line per entry)",
            ],
            id="card-tags-text",
        ),
        pytest.param(
            H + "flashcards:\n  - id: c1\n    front: f\n    back: b\n    tags: [a, '']\n",
            [
                "d.yaml:8:15: 'tags entry' must not be empty",
            ],
            id="card-tags-empty-entry",
        ),
        pytest.param(
            H + "flashcards:\n  - just text\n",
            [
                "d.yaml:5:5: each entry of 'flashcards' must be a mapping with an 'id'",
            ],
            id="card-not-mapping",
        ),
        pytest.param(
            H + "flashcards: {id: c1}\n",
            [
                "d.yaml:4:13: 'flashcards' must be a list of items, not a mapping",
            ],
            id="cards-not-list",
        ),
        pytest.param(
            H + "flashcards:\n",
            [
                "d.yaml:2:3: the deck has no items: add flashcards, questions, reorder, sandbox or lab entries",
            ],
            id="cards-null",
        ),
        pytest.param(
            H + "questions:\n  - id: q1\n",
            [
                "d.yaml:5:5: question 'q1' is missing required field 'tier'",
                "d.yaml:5:5: question 'q1' is missing required field 'prompt'",
                "d.yaml:5:5: question 'q1' is missing required field 'answer'",
                "d.yaml:5:5: question 'q1' is missing required field 'key_points'",
            ],
            id="q-missing",
        ),
        pytest.param(
            H
            + "questions:\n  - tier: beginner\n    prompt: p\n    answer: a\n    key_points: [k]\n",
            [
                "d.yaml:5:5: this question is missing required field 'id'",
            ],
            id="q-noid",
        ),
        pytest.param(
            H
            + "questions:\n  - id: q1\n    tier: Expret\n    prompt: p\n    answer: a\n    key_points: [k]\n",
            [
                "d.yaml:6:11: tier 'Expret' is not one of beginner, intermediate, expert (did you mean 'expert'?)",
            ],
            id="q-tier-typo",
        ),
        pytest.param(
            H
            + "questions:\n  - id: q1\n    tier: beginner\n    prompt: p\n    answer: a\n    key_points: []\n",
            [
                "d.yaml:9:17: 'key_points' needs at least 1 entry",
            ],
            id="q-kp-empty",
        ),
        pytest.param(
            H
            + "questions:\n  - id: q1\n    tier: beginner\n    prompt: p\n    answer: a\n    key_points:\n",
            [
                "d.yaml:9:16: 'key_points' must not be empty",
            ],
            id="q-kp-null",
        ),
        pytest.param(
            H
            + "questions:\n  - id: q1\n    tier: beginner\n    prompt: p\n    answer: a\n    key_points: [k]\n    senior_angle: [x]\n",
            [
                "d.yaml:10:19: 'senior_angle' must be text, not a list",
            ],
            id="q-senior-list",
        ),
        pytest.param(
            H + "reorder:\n  - id: r1\n",
            [
                "d.yaml:5:5: reorder exercise 'r1' is missing required field 'prompt'",
                "d.yaml:5:5: reorder exercise 'r1' is missing required field 'steps'",
            ],
            id="r-missing",
        ),
        pytest.param(
            H + "reorder:\n  - prompt: p\n    steps: [a, b, c]\n",
            [
                "d.yaml:5:5: this reorder exercise is missing required field 'id'",
            ],
            id="r-noid",
        ),
        pytest.param(
            "deck:\n  title: D\nflashcards: [{id: a, front: f, back: b}]\n",
            [
                "d.yaml:2:3: the deck section is missing required field 'id'",
            ],
            id="hdr-missing",
        ),
        pytest.param(
            "deck:\n  id: Bad_Id\n  title: D\nflashcards: [{id: a, front: f, back: b}]\n",
            [
                "d.yaml:2:7: id 'Bad_Id' is not valid: use lowercase letters, digits and '-' (e.g. gd-logistic-regression)",
            ],
            id="hdr-badid",
        ),
        pytest.param(
            H + "  titel: x\n  id: e\nflashcards: [{id: a, front: f, back: b}]\n",
            [
                "d.yaml:4:3: unknown key 'titel' in the deck section (did you mean 'title'?)",
                "d.yaml:5:3: duplicate key 'id' in the deck section (first given on line 2)",
            ],
            id="hdr-keys",
        ),
        pytest.param(
            "flashcards: [{id: a, front: f, back: b}]\n",
            [
                "d.yaml:1:1: missing the 'deck:' section (with id and title)",
            ],
            id="no-deck",
        ),
        pytest.param(
            H + "",
            [
                "d.yaml:2:3: the deck has no items: add flashcards, questions, reorder, sandbox or lab entries",
            ],
            id="no-items",
        ),
        pytest.param(
            H + "flashcard: []\n",
            [
                "d.yaml:4:1: unknown key 'flashcard' in the deck file (did you mean 'flashcards'?)",
            ],
            id="top-key",
        ),
        pytest.param(
            H + "~: 1\nflashcards: [{id: a, front: f, back: b}]\n",
            [
                "d.yaml:4:1: keys of the deck file must be plain words",
            ],
            id="null-key",
        ),
        pytest.param(
            H
            + "flashcards: [{id: a, front: f, back: b}]\nquestions: [{id: a, tier: beginner, prompt: p, answer: a, key_points: [k]}]\n",
            [
                "d.yaml:5:13: duplicate item id 'a' (first used on line 4): ids must be unique within a deck across all kinds",
            ],
            id="dup-across",
        ),
    ],
)
def test_a_mistake_is_named_at_its_place(text: str, expected: list[str]) -> None:
    deck, problems = parse_deck(text.encode(), "d.yaml")
    assert deck is None
    assert [str(problem) for problem in problems] == expected


def test_every_optional_field_is_read() -> None:
    text = H + (
        "  description: Desc\n"
        "  tags: [t1]\n"
        "flashcards:\n"
        "  - {id: c1, front: f, back: b, tags: [x]}\n"
        "questions:\n"
        "  - {id: q1, tier: ' expert ', prompt: p, answer: a, key_points: [k1, k2],"
        " senior_angle: s, tags: [y]}\n"
        "reorder:\n"
        "  - {id: r1, prompt: p, steps: [a, b, c], explanation: e, tags: [z]}\n"
    )
    deck, problems = parse_deck(text.encode(), "d.yaml")
    assert problems == [] and deck is not None
    assert (deck.id, deck.title, deck.description, deck.tags, deck.line) == (
        "d",
        "D",
        "Desc",
        ("t1",),
        2,
    )
    (card,) = deck.flashcards
    assert (card.id, card.front, card.back, card.tags, card.line) == ("c1", "f", "b", ("x",), 7)
    (question,) = deck.questions
    assert (question.tier.value, question.key_points, question.senior_angle, question.tags) == (
        "expert",
        ("k1", "k2"),
        "s",
        ("y",),
    )
    assert question.line == 9 and question.prompt == "p" and question.answer == "a"
    (exercise,) = deck.reorder
    assert (exercise.steps, exercise.explanation, exercise.tags, exercise.line) == (
        ("a", "b", "c"),
        "e",
        ("z",),
        11,
    )
