"""Lab scenarios in a deck: every setting read right, every mistake named at its place."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck
from studyapp.model import LabScenario

DATASETS = "breast-cancer, separable, overlapping, imbalanced, badly-scaled, constant-column"
PROBES = (
    "diverging-loss, unscaled-overflow, naive-log-nan, useless-recall, growing-weights, zero-std"
)


def _deck(
    drop: tuple[str, ...] = (),
    /,
    setup: str = "{dataset: separable}",
    probe: str = "diverging-loss",
    choices: str = "[A, B, C]",
    answer: str = "1",
) -> bytes:
    fields = {
        "id": "s1",
        "title": "T",
        "prompt": "P",
        "setup": setup,
        "probe": probe,
        "choices": choices,
        "answer": answer,
        "explanation": "E",
    }
    lines = [f"    {key}: {value}" for key, value in fields.items() if key not in drop]
    lines[0] = "  - " + lines[0].strip()
    return ("deck: {id: d, title: D}\nlab:\n" + "\n".join(lines) + "\n").encode()


def _scenario(data: bytes) -> LabScenario:
    deck, problems = parse_deck(data, "d.yaml")
    assert problems == [] and deck is not None
    (scenario,) = deck.lab
    return scenario


def _problems(data: bytes) -> list[str]:
    deck, problems = parse_deck(data, "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("setup", "settings"),
    [
        (
            "{dataset: separable, alpha: 0.5, iters: 200, scale: false, class_weight: balanced,"
            " weights: [1, 3], threshold: 0.25, split: holdout, l2: 0.01}",
            "separable a=0.5 it=200 scale=off cw=balanced w=1,3 t=0.25 split=holdout l2=0.01",
        ),
        (
            "{dataset: separable, l2: 2, threshold: 0.3, iters: 5, scale: true, alpha: 1}",
            "separable a=1 it=5 scale=on t=0.3 l2=2",
        ),
        ("{dataset: separable, scale: yes, class_weight: custom, l2: 0}",
         "separable scale=on cw=custom l2=0"),
        ("{dataset: separable, scale: on}", "separable scale=on"),
        ("{dataset: separable, threshold: 0}", "separable t=0"),
        ("{dataset: separable, threshold: 1}", "separable t=1"),
        ("{dataset: separable, iters: 1}", "separable it=1"),
        ("{dataset: separable, iters: 100000}", "separable it=100000"),
        ("{dataset: separable, split: none}", "separable split=none"),
        ("{dataset: separable, weights: [0.5, 2]}", "separable w=0.5,2"),
    ],
)
def test_a_setup_reads_as_the_drills_settings(setup: str, settings: str) -> None:
    assert _scenario(_deck(setup=setup)).setup == settings


def test_the_answer_counts_from_one_and_four_choices_are_allowed() -> None:
    scenario = _scenario(_deck(choices="[A, B, C, D]", answer="4"))
    assert scenario.answer == 3 and scenario.choices == ("A", "B", "C", "D")
    assert scenario.line == 3 and scenario.title == "T" and scenario.explanation == "E"


@pytest.mark.parametrize(
    ("setup", "problem"),
    [
        ("{dataset: separable, scale: Y}", "6:40: 'scale' must be true or false"),
        ("{dataset: separable, scale: 1}", "6:40: 'scale' must be true or false"),
        (
            "{dataset: separabel}",
            f"6:22: 'dataset' must be one of {DATASETS}, not 'separabel'"
            " (did you mean 'separable'?)",
        ),
        ("{alpha: 1}", "6:12: the lab setup is missing required field 'dataset'"),
        ("[separable]", "6:12: 'setup' must be a mapping (dataset, alpha, ...), not a list"),
        ("{dataset: separable, alpha: 0}", "6:40: 'alpha' must be greater than 0"),
        ("{dataset: separable, threshold: 1.5}", "6:44: 'threshold' must be between 0 and 1"),
        ("{dataset: separable, threshold: -0.1}", "6:44: 'threshold' must be between 0 and 1"),
        ("{dataset: separable, iters: 0}", "6:40: 'iters' must be a whole number from 1 to 100000"),
        (
            "{dataset: separable, iters: 100001}",
            "6:40: 'iters' must be a whole number from 1 to 100000",
        ),
        (
            "{dataset: separable, iters: 2.5}",
            "6:40: 'iters' must be a whole number from 1 to 100000",
        ),
        (
            "{dataset: separable, class_weight: heavy}",
            "6:47: 'class_weight' must be one of none, balanced, custom, not 'heavy'",
        ),
        (
            "{dataset: separable, weights: [1, 0]}",
            "6:42: 'weights' must be two numbers > 0: [negative, positive]",
        ),
        (
            "{dataset: separable, weights: [1]}",
            "6:42: 'weights' must be two numbers > 0: [negative, positive]",
        ),
        (
            "{dataset: separable, weights: [a, b]}",
            "6:42: 'weights' must be two numbers > 0: [negative, positive]",
        ),
        ("{dataset: separable, bogus: 1}", "6:33: unknown key 'bogus' in a lab setup"),
        ("{dataset: ''}", "6:22: 'dataset' must not be empty"),
        ("{dataset: separable, alpha: x}", "6:40: 'alpha' must be a number, not text"),
        (
            "{dataset: separable, dataset: overlapping}",
            "6:33: duplicate key 'dataset' in a lab setup (first given on line 6)",
        ),
    ],
)
def test_a_bad_setup_is_named_at_its_place(setup: str, problem: str) -> None:
    assert _problems(_deck(setup=setup)) == [f"d.yaml:{problem}"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {"probe": "divergent-loss"},
            f"7:12: 'probe' must be one of {PROBES}, not 'divergent-loss'"
            " (did you mean 'diverging-loss'?)",
        ),
        ({"choices": "[A, B]"}, "8:14: 'choices' needs 3 or 4 remedies, got 2"),
        ({"choices": "[A, B, C, D, E]"}, "8:14: 'choices' needs 3 or 4 remedies, got 5"),
        ({"answer": "0"}, "9:13: 'answer' must be a choice number from 1 to 3"),
        ({"answer": "4"}, "9:13: 'answer' must be a choice number from 1 to 3"),
        ({"answer": "first"}, "9:13: 'answer' must be the number of the right choice (1 = first)"),
    ],
)
def test_a_bad_question_part_is_named_at_its_place(change: dict[str, str], problem: str) -> None:
    assert _problems(_deck(**change)) == [f"d.yaml:{problem}"]


def test_every_missing_field_is_named() -> None:
    missing = ("setup", "probe", "choices", "answer", "explanation")
    assert _problems(_deck(missing)) == [
        f"d.yaml:3:5: lab scenario 's1' is missing required field '{name}'" for name in missing
    ]
    assert _problems(_deck(("id",))) == [
        "d.yaml:3:5: this lab scenario is missing required field 'id'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (b"    title: T", b"    titel: T", [
            "d.yaml:4:5: unknown key 'titel' in a lab scenario (did you mean 'title'?)",
            "d.yaml:3:5: lab scenario 's1' is missing required field 'title'",
        ]),
        (b"id: s1", b"id: 'bad id'", [
            "d.yaml:3:9: id 'bad id' is not valid: use letters, digits, '-', '_' or '.'"
            " (e.g. lr-too-large)",
        ]),
        (b"    prompt: P", b"    prompt: ''", ["d.yaml:5:13: 'prompt' must not be empty"]),
        (b"explanation: E", b"explanation: [E]",
         ["d.yaml:10:18: 'explanation' must be text, not a list"]),
        (b"explanation: E", b"explanation: E\n    tags: [a, '']",
         ["d.yaml:11:15: 'tags entry' must not be empty"]),
    ],
)
def test_a_bad_scenario_field_is_named_at_its_place(
    old: bytes, new: bytes, expected: list[str]
) -> None:
    assert _problems(_deck().replace(old, new)) == expected


def test_a_scenario_without_id_is_this_lab_scenario() -> None:
    assert _problems(_deck(("id", "title"))) == [
        "d.yaml:3:5: this lab scenario is missing required field 'id'",
        "d.yaml:3:5: this lab scenario is missing required field 'title'",
    ]
