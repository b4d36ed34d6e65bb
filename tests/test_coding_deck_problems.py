"""Coding exercises in a deck: every field read right, every mistake named at its place."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck
from studyapp.model import SandboxExercise

BASE = {
    "id": "ex1",
    "title": "T",
    "prompt": "P",
    "entry": "sigmoid",
    "starter": "|\n      def sigmoid(z):\n          pass",
    "reference": "|\n      import numpy as np\n      def sigmoid(z):\n"
    "          return 1 / (1 + np.exp(-z))",
    "cases": "[{name: small, z: [1, 2]}]",
}
NAMES = (
    "W, X, alpha, b, b_vec, batch_size, class_weight, degree, eps, grad_b, grad_w, lambda_,"
    " num_epochs, num_iters, scores, shuffle_seed, threshold, w, x1, x2, y, y_class, z"
)


def _deck(drop: tuple[str, ...] = (), /, **change: str) -> bytes:
    fields = {**BASE, **change}
    lines = [f"    {key}: {value}" for key, value in fields.items() if key not in drop]
    lines[0] = "  - " + lines[0].strip()
    return ("deck: {id: d, title: D}\nsandbox:\n" + "\n".join(lines) + "\n").encode()


def _exercise(data: bytes) -> SandboxExercise:
    deck, problems = parse_deck(data, "d.yaml")
    assert problems == [] and deck is not None
    (exercise,) = deck.sandbox
    return exercise


def _problems(data: bytes) -> list[str]:
    deck, problems = parse_deck(data, "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


def test_every_field_of_an_exercise_is_read() -> None:
    exercise = _exercise(
        _deck(
            cases="[{name: a, z: 3, seed: 0x10, m: 1_000, bias: true, alpha: 1e-3, eps: 0.5,"
            " shape: ~, labels: [yes, off, 2.5], class_weight: balanced}, {z: 1}]",
            tolerance="{rtol: 0.01, atol: 0.001}",
            hints="[h1, h2]",
            timeout="2.5",
            tags="[t]",
            returns="[' w ', b]",
            mistakes="[{id: m1, message: ' wrong ', code: 'def sigmoid(z): return z'}]",
            speed_case="{name: big, m: 10}",
        )
    )
    first, second = exercise.cases
    assert first.name == "a" and first.params == {
        "z": 3,
        "seed": 16,
        "m": 1000,
        "bias": True,
        "alpha": 0.001,
        "eps": 0.5,
        "shape": None,
        "labels": [True, False, 2.5],
        "class_weight": "balanced",
    }
    assert second.name == "case 2" and second.params == {"z": 1}
    assert (exercise.rtol, exercise.atol, exercise.timeout) == (0.01, 0.001, 2.5)
    assert exercise.hints == ("h1", "h2") and exercise.tags == ("t",)
    assert exercise.returns == ("w", "b")
    assert exercise.mistakes == (("m1", "wrong", "def sigmoid(z): return z"),)
    assert exercise.speed_case == ("big", {"m": 10})
    assert exercise.line == 3 and exercise.entry == "sigmoid"
    assert exercise.starter == "def sigmoid(z):\n    pass\n"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("[Yes, ON, True, No, off]", [True, True, True, False, False]),
        ("1e3", 1000.0),
        ("1E-2", 0.01),
        ("-0x1f", -31),
        ("abc", "abc"),
        ("none", "none"),
    ],
)
def test_case_parameters_are_read_as_yaml_means_them(written: str, value: object) -> None:
    exercise = _exercise(_deck(cases=f"[{{name: a, z: {written}}}]"))
    assert exercise.cases[0].params == {"z": value}


def test_a_tagged_case_parameter_is_refused() -> None:
    assert _problems(_deck(cases="[{name: a, z: !!binary aGk=, m: [1, !!binary aGk=]}]")) == [
        "d.yaml:14:26: tag 'tag:yaml.org,2002:binary' is not allowed: decks are plain YAML"
        " without tags",
        "d.yaml:14:48: tag 'tag:yaml.org,2002:binary' is not allowed: decks are plain YAML"
        " without tags",
    ]


def test_defaults_of_an_exercise() -> None:
    exercise = _exercise(_deck())
    assert (exercise.rtol, exercise.atol, exercise.timeout) == (1e-6, 1e-9, None)
    assert exercise.hints == () and exercise.mistakes == () and exercise.speed_case is None
    assert exercise.cases[0].params == {"z": [1, 2]}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {"reference": "|\n      def sigmoid(z):\n          return ("},
            "12:1: 'reference' is not valid Python: '(' was never closed",
        ),
        (
            {"reference": ">\n      def sigmoid(z) return"},
            "11:1: 'reference' is not valid Python: expected ':'",
        ),
        (
            {"reference": '"def sigmoid(z):\\n    return ("'},
            "11:1: 'reference' is not valid Python: '(' was never closed",
        ),
        (
            {"reference": "'def sigmoid(z) return'"},
            "10:1: 'reference' is not valid Python: expected ':'",
        ),
        (
            {"starter": "|\n      x = 1\n      def sigmod(z):\n          pass"},
            "7:14: 'starter' must define the entry function 'sigmoid' (did you mean 'sigmod'?)",
        ),
        (
            {"reference": "|\n      def sigmoid(q, X):\n          pass"},
            f"11:1: the reference's parameters must be names the sandbox can generate ({NAMES});"
            " cannot generate q",
        ),
        (
            {"reference": "|\n      def sigmoid(z, *rest):\n          pass"},
            f"11:1: the reference's parameters must be names the sandbox can generate ({NAMES});"
            " cannot generate varargs",
        ),
        (
            {"reference": "|\n      def sigmoid(z, *, w):\n          pass"},
            f"11:1: the reference's parameters must be names the sandbox can generate ({NAMES});"
            " cannot generate varargs",
        ),
        ({"entry": "'not a name'"}, "6:12: 'entry' must be a Python function name, not 'not a name'"),
        ({"cases": "[]"}, "14:12: 'cases' needs at least one case"),
        ({"cases": "{name: a}"}, "14:12: 'cases' must be a list of case mappings, not a mapping"),
        (
            {"cases": "[small]"},
            "14:13: each case must be a mapping with a 'name' and generator parameters",
        ),
        (
            {"cases": "[{name: a, z: {x: 1}}]"},
            "14:26: case parameter 'z' must be a number or a list, not a mapping",
        ),
        (
            {"cases": "[{name: a, z: [1, {x: 1}]}]"},
            "14:30: case parameter 'z' must be a number or a list, not a mapping",
        ),
        (
            {"cases": "[{name: a, zz: 1}]"},
            "14:23: unknown key 'zz' in a sandbox case (did you mean 'z'?)",
        ),
        ({"cases": "[{name: a, z: !!int 0xZZ}]"}, "14:26: case parameter 'z' is not a valid number"),
        ({"tolerance": "0.1"}, "15:16: 'tolerance' must be a mapping with rtol and/or atol"),
        ({"tolerance": "{rtol: -1}"}, "15:23: 'rtol' must be greater than 0"),
        (
            {"mistakes": "3"},
            "15:15: 'mistakes' must be a list of mappings with id, message and code, not a whole number",
        ),
        ({"mistakes": "[3]"}, "15:16: each mistake must be a mapping with id, message and code"),
        (
            {"mistakes": "[{message: x, code: 'def sigmoid(z): pass'}]"},
            "15:16: this mistake is missing required field 'id'",
        ),
        (
            {"mistakes": "[{id: m1, message: x, code: 'def f(z): pass'}]"},
            "15:43: 'code' must define the entry function 'sigmoid'",
        ),
        (
            {"mistakes": "[{id: m1, message: x, code: 'def sigmoid(z) pass'}]"},
            "15:1: 'code' is not valid Python: expected ':'",
        ),
        (
            {"speed_case": "[1]"},
            "15:17: each case must be a mapping with a 'name' and generator parameters",
        ),
        ({"timeout": "0"}, "15:14: 'timeout' must be greater than 0"),
    ],
)
def test_a_mistake_in_an_exercise_is_named_at_its_place(
    change: dict[str, str], problem: str
) -> None:
    assert _problems(_deck(**change)) == [f"d.yaml:{problem}"]


def test_every_missing_part_is_named() -> None:
    assert _problems(_deck(("cases",))) == [
        "d.yaml:3:5: sandbox exercise 'ex1' is missing required field 'cases' (at least one case)"
    ]
    parts = ("title", "prompt", "entry", "starter", "reference")
    assert _problems(_deck(parts)) == [
        f"d.yaml:3:5: sandbox exercise 'ex1' is missing required field '{name}'" for name in parts
    ]
    assert _problems(_deck(("id",))) == [
        "d.yaml:3:5: this sandbox exercise is missing required field 'id'"
    ]
    assert _problems(_deck(mistakes="[{id: m1}]")) == [
        "d.yaml:15:16: mistake 'm1' is missing required field 'message'",
        "d.yaml:15:16: mistake 'm1' is missing required field 'code'",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_deck().replace(b"    title: T", b"    titel: T"), [
            "d.yaml:4:5: unknown key 'titel' in a sandbox exercise (did you mean 'title'?)",
            "d.yaml:3:5: sandbox exercise 'ex1' is missing required field 'title'",
        ]),
        (_deck().replace(b"id: ex1", b"id: 'bad id'"), [
            "d.yaml:3:9: id 'bad id' is not valid: use letters, digits, '-', '_' or '.'"
            " (e.g. gradient)",
        ]),
        (_deck(("id", "title")), [
            "d.yaml:3:5: this sandbox exercise is missing required field 'id'",
            "d.yaml:3:5: this sandbox exercise is missing required field 'title'",
        ]),
        (_deck().replace(b"    prompt: P", b"    prompt: ''"),
         ["d.yaml:5:13: 'prompt' must not be empty"]),
        (_deck(hints="x"), [
            "d.yaml:15:12: 'hints' must be a list of text, not text (write it as a list:"
            " hints: [...] or one '- ' line per entry)",
        ]),
        (_deck(tags="[a, '']"), ["d.yaml:15:15: 'tags entry' must not be empty"]),
        (_deck(returns="{a: 1}"), [
            "d.yaml:15:14: 'returns' must be a list of text, not a mapping (write it as a list:"
            " returns: [...] or one '- ' line per entry)",
        ]),
        (_deck(mistakes="[{id: m1, message: x, code: 'def sigmoid(z): pass', extra: 1}]"),
         ["d.yaml:15:67: unknown key 'extra' in a mistake"]),
        (_deck(mistakes="[{id: 'bad id', message: '', code: ''}]"), [
            "d.yaml:15:21: id 'bad id' is not valid: use letters, digits, '-', '_' or '.'"
            " (e.g. gradient)",
            "d.yaml:15:40: 'message' must not be empty",
            "d.yaml:15:50: 'code' must not be empty",
        ]),
    ],
)
def test_a_bad_exercise_field_is_named_at_its_place(data: bytes, expected: list[str]) -> None:
    assert _problems(data) == expected
