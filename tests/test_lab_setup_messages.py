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


WEIGHTS = "'weights' must be two numbers > 0: [negative, positive]"
LIST_HINT = "(write it as a list: {0}: [...] or one '- ' line per entry)"


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        pytest.param(
            "!x {dataset: separable}",
            "6:12: tag '!x' is not allowed: decks are plain YAML without tags",
            id="tagged-setup",
        ),
        pytest.param(
            "{dataset: separable, weights: ~}", "6:42: 'weights' must not be empty", id="no-weights"
        ),
        pytest.param(
            "{dataset: separable, weights: 3}",
            "6:42: 'weights' must be a list of text, not a whole number " + LIST_HINT.format("weights"),
            id="weights-not-a-list",
        ),
        pytest.param(
            "{dataset: separable, weights: [1, '']}",
            "6:46: 'weights entry' must not be empty",
            id="empty-weight",
        ),
        pytest.param("{dataset: separable, weights: [nan, 1]}", f"6:42: {WEIGHTS}", id="nan-weight"),
        pytest.param("{dataset: separable, weights: [1, inf]}", f"6:42: {WEIGHTS}", id="inf-weight"),
    ],
)
def test_one_setup_mistake_is_one_problem(setup: str, expected: str) -> None:
    """A list that is not a list of texts is not also called "not two numbers"."""
    assert _problems(_deck(setup)) == [f"d.yaml:{expected}"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"title": "''"}, "4:12: 'title' must not be empty", id="empty-title"),
        pytest.param({"title": "[a]"}, "4:12: 'title' must be text, not a list", id="title-list"),
        pytest.param(
            {"prompt": "DROP"},
            "3:5: lab scenario 's1' is missing required field 'prompt'",
            id="no-prompt",
        ),
        pytest.param({"choices": "~"}, "8:14: 'choices' must not be empty", id="no-choices"),
        pytest.param(
            {"choices": "x"},
            "8:14: 'choices' must be a list of text, not text " + LIST_HINT.format("choices"),
            id="choices-text",
        ),
        pytest.param(
            {"explanation": "''"}, "10:18: 'explanation' must not be empty", id="empty-explanation"
        ),
    ],
)
def test_a_bad_scenario_field_is_named_at_its_place(change: dict[str, str], expected: str) -> None:
    assert _problems(_deck(**change)) == [f"d.yaml:{expected}"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"title": "''"}, "4:12: 'title' must not be empty", id="title"),
        pytest.param({"prompt": "''"}, "5:13: 'prompt' must not be empty", id="prompt"),
        pytest.param(
            {"setup": "{dataset: separable, alpha: -1}"},
            "6:40: 'alpha' must be greater than 0",
            id="setup-alpha",
        ),
        pytest.param(
            {"setup": "{dataset: separable, threshold: 2}"},
            "6:44: 'threshold' must be between 0 and 1",
            id="setup-threshold",
        ),
        pytest.param(
            {"setup": "{dataset: separable, iters: 0}"},
            "6:40: 'iters' must be a whole number from 1 to 100000",
            id="setup-iters",
        ),
        pytest.param(
            {"setup": "{dataset: separable, scale: 1}"},
            "6:40: 'scale' must be true or false",
            id="setup-scale",
        ),
        pytest.param(
            {"setup": "{dataset: separable, class_weight: heavy}"},
            "6:47: 'class_weight' must be one of none, balanced, custom, not 'heavy'",
            id="setup-class-weight",
        ),
        pytest.param(
            {"setup": "{dataset: separable, weights: [1, 0]}"}, f"6:42: {WEIGHTS}", id="weights"
        ),
        pytest.param({"probe": "''"}, "7:12: 'probe' must not be empty", id="probe"),
        pytest.param({"choices": "[a]"}, "8:14: 'choices' needs 3 or 4 remedies, got 1", id="choices"),
        pytest.param(
            {"answer": "x"},
            "9:13: 'answer' must be the number of the right choice (1 = first)",
            id="answer",
        ),
        pytest.param(
            {"explanation": "''"}, "10:18: 'explanation' must not be empty", id="explanation"
        ),
    ],
)
def test_a_rejected_scenario_does_not_claim_its_id(change: dict[str, str], expected: str) -> None:
    """Only the mistake is reported: the next scenario with that id is not a duplicate."""
    data = _deck(**change) + _lab().encode()
    assert _problems(data) == [f"d.yaml:{expected}"]


def test_two_scenarios_with_bad_ids_are_two_problems_not_a_duplicate() -> None:
    data = _deck(id="'bad id'") + _lab(id="'bad id'").encode()
    rule = "use letters, digits, '-', '_' or '.' (e.g. lr-too-large)"
    assert _problems(data) == [
        f"d.yaml:3:9: id 'bad id' is not valid: {rule}",
        f"d.yaml:11:9: id 'bad id' is not valid: {rule}",
    ]


def test_a_scenario_keeps_its_prompt_and_tags() -> None:
    deck, problems = parse_deck(_deck(prompt="Why?", explanation="E\n    tags: [a, b]"), "d.yaml")
    assert problems == [] and deck is not None
    (scenario,) = deck.lab
    assert (scenario.prompt, scenario.tags) == ("Why?", ("a", "b"))


@pytest.mark.parametrize("tags", ["", "\n    tags: []"])
def test_tags_may_be_left_out_or_empty(tags: str) -> None:
    deck, problems = parse_deck(_deck(explanation="E" + tags), "d.yaml")
    assert problems == [] and deck is not None
    assert deck.lab[0].tags == ()
