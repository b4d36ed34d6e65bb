"""Deck headers, flashcards, questions and reorder items: each mistake named once, at its place."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck

H = "deck: {id: d, title: D}\n"
CARD = "{id: c1, front: f, back: b%s}"
QUESTION = "{id: q1, tier: beginner, prompt: p, answer: a, key_points: [k]%s}"
REORDER = "{id: r1, prompt: p, steps: [a, b, c]%s}"
TAG = "tag '!x' is not allowed: decks are plain YAML without tags"
LIST_HINT = "(write it as a list: tags: [...] or one '- ' line per entry)"
E = "''"
"""An empty text, as YAML writes it."""
BAD_Q = "'q 1'"
BAD_R = "'r 1'"
ITEM_RULE = "use letters, digits, '-', '_' or '.' (e.g. update-rule)"


def _problems(text: str) -> list[str]:
    deck, problems = parse_deck(text.encode(), "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


def _card(old: str = "", new: str = "", more: str = "") -> str:
    return (CARD % more).replace(old, new) if old else CARD % more


def _question(old: str = "", new: str = "", more: str = "") -> str:
    return (QUESTION % more).replace(old, new) if old else QUESTION % more


def _reorder(old: str = "", new: str = "", more: str = "") -> str:
    return (REORDER % more).replace(old, new) if old else REORDER % more


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("!x {deck: {id: d, title: D}}\n", [f"1:1: {TAG}"], id="tagged-file"),
        pytest.param(
            f"deck: !x {{id: d, title: D}}\nflashcards: [{_card()}]\n",
            [f"1:7: {TAG}"],
            id="tagged-deck",
        ),
        pytest.param(
            f"deck: {{id: d, title: ''}}\nflashcards: [{_card()}]\n",
            ["1:22: 'title' must not be empty"],
            id="deck-title-empty",
        ),
        pytest.param(
            f"deck: {{id: d, title: D, description: [a]}}\nflashcards: [{_card()}]\n",
            ["1:38: 'description' must be text, not a list"],
            id="deck-description-list",
        ),
        pytest.param(
            f"deck: {{id: d, title: D, tags: x}}\nflashcards: [{_card()}]\n",
            [f"1:31: 'tags' must be a list of text, not text {LIST_HINT}"],
            id="deck-tags-text",
        ),
        pytest.param(
            H + f"flashcards: [{_card('front: f', 'front: ' + E)}]\n",
            ["2:30: 'front' must not be empty"],
            id="card-front-empty",
        ),
        pytest.param(
            H + f"questions: [{_question('q1', BAD_Q)}]\n",
            [f"2:18: id 'q 1' is not valid: {ITEM_RULE}"],
            id="question-bad-id",
        ),
        pytest.param(
            H + f"reorder: [{_reorder('r1', BAD_R)}]\n",
            [f"2:16: id 'r 1' is not valid: {ITEM_RULE}"],
            id="reorder-bad-id",
        ),
        pytest.param(
            H + f"questions: [{_question('beginner', E)}]\n",
            ["2:28: 'tier' must not be empty"],
            id="question-tier-empty",
        ),
        pytest.param(
            H + f"questions: [{_question('prompt: p', 'prompt: ' + E)}]\n",
            ["2:46: 'prompt' must not be empty"],
            id="question-prompt-empty",
        ),
        pytest.param(
            H + f"questions: [{_question('answer: a', 'answer: ' + E)}]\n",
            ["2:57: 'answer' must not be empty"],
            id="question-answer-empty",
        ),
        pytest.param(
            H + f"questions: [{_question(more=', tags: x')}]\n",
            [f"2:83: 'tags' must be a list of text, not text {LIST_HINT}"],
            id="question-tags-text",
        ),
        pytest.param(
            H + f"reorder: [{_reorder('prompt: p', 'prompt: ' + E)}]\n",
            ["2:28: 'prompt' must not be empty"],
            id="reorder-prompt-empty",
        ),
        pytest.param(
            H + f"reorder: [{_reorder(more=', explanation: [e]')}]\n",
            ["2:62: 'explanation' must be text, not a list"],
            id="reorder-explanation-list",
        ),
        pytest.param(
            H + f"reorder: [{_reorder(more=', tags: x')}]\n",
            [f"2:55: 'tags' must be a list of text, not text {LIST_HINT}"],
            id="reorder-tags-text",
        ),
        pytest.param(
            H
            + f"flashcards:\n  - {_card('front: f', 'front: ' + E)}\n"
            + f"  - {_card('back: b', 'back: ' + E).replace('c1', 'c2')}\n",
            ["3:21: 'front' must not be empty", "4:30: 'back' must not be empty"],
            id="every-bad-item-after-a-bad-one",
        ),
        pytest.param(
            H
            + f"flashcards:\n  - {_card()}\n  - {_card()}\n"
            + f"  - {_card('back: b', 'back: ' + E).replace('c1', 'c3')}\n",
            [
                "4:5: duplicate item id 'c1' (first used on line 3): ids must be unique within a"
                " deck across all kinds",
                "5:30: 'back' must not be empty",
            ],
            id="every-bad-item-after-a-duplicate",
        ),
    ],
)
def test_a_mistake_is_named_once_at_its_place(text: str, expected: list[str]) -> None:
    assert _problems(text) == [f"d.yaml:{where}" for where in expected]


@pytest.mark.parametrize(
    ("section", "item", "expected"),
    [
        pytest.param(
            "flashcards", _card("front: f", 'front: ' + E), "3:21: 'front' must not be empty",
            id="card-front",
        ),
        pytest.param(
            "flashcards", _card("back: b", 'back: ' + E), "3:30: 'back' must not be empty",
            id="card-back",
        ),
        pytest.param(
            "questions",
            _question("beginner", E),
            "3:20: 'tier' must not be empty",
            id="question-tier",
        ),
        pytest.param(
            "questions",
            _question("prompt: p", 'prompt: ' + E),
            "3:38: 'prompt' must not be empty",
            id="question-prompt",
        ),
        pytest.param(
            "questions",
            _question("answer: a", 'answer: ' + E),
            "3:49: 'answer' must not be empty",
            id="question-answer",
        ),
        pytest.param(
            "questions",
            _question("key_points: [k]", "key_points: []"),
            "3:64: 'key_points' needs at least 1 entry",
            id="question-key-points",
        ),
        pytest.param(
            "reorder",
            _reorder("prompt: p", 'prompt: ' + E),
            "3:22: 'prompt' must not be empty",
            id="reorder-prompt",
        ),
    ],
)
def test_a_rejected_item_does_not_claim_its_id(section: str, item: str, expected: str) -> None:
    """Only the mistake is reported: the next item with that id is not called a duplicate."""
    same_id = {"flashcards": _card(), "questions": _question(), "reorder": _reorder()}[section]
    text = H + f"{section}:\n  - {item}\n  - {same_id}\n"
    assert _problems(text) == [f"d.yaml:{expected}"]


@pytest.mark.parametrize(
    ("section", "item"),
    [
        ("flashcards", _card("c1", "'c 1'")),
        ("questions", _question("q1", "'c 1'")),
        ("reorder", _reorder("r1", "'c 1'")),
    ],
)
def test_two_items_with_bad_ids_are_two_problems_not_a_duplicate(section: str, item: str) -> None:
    text = H + f"{section}:\n  - {item}\n  - {item}\n"
    column = item.index("'c 1'") + 5
    assert _problems(text) == [
        f"d.yaml:3:{column}: id 'c 1' is not valid: {ITEM_RULE}",
        f"d.yaml:4:{column}: id 'c 1' is not valid: {ITEM_RULE}",
    ]


def test_optional_fields_may_be_empty() -> None:
    text = (
        "deck: {id: d, title: D, description: ~, tags: []}\n"
        f"flashcards: [{_card(more=', tags: []')}]\n"
        f"questions: [{_question(more=', senior_angle: ~, tags: []')}]\n"
        f"reorder: [{_reorder(more=', explanation: ~, tags: []')}]\n"
    )
    deck, problems = parse_deck(text.encode(), "d.yaml")
    assert problems == [] and deck is not None
    assert (deck.description, deck.tags) == (None, ())
    assert deck.flashcards[0].tags == deck.questions[0].tags == deck.reorder[0].tags == ()
    assert deck.questions[0].senior_angle is None and deck.reorder[0].explanation is None


def test_a_reorder_exercise_keeps_its_prompt() -> None:
    deck, problems = parse_deck((H + "reorder: [{id: r1, prompt: Why?, steps: [a, b, c]}]\n").encode(), "d.yaml")
    assert problems == [] and deck is not None
    assert deck.reorder[0].prompt == "Why?"
