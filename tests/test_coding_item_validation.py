"""Coding exercises: the values a deck author writes reach the exercise as meant, and every
mistake is named once, at its place, with the exercise left out of the deck."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck
from studyapp.model import SandboxExercise
from tests.test_coding_deck_problems import _deck

# A flashcard with the exercise's id after it: a left-out exercise leaves its id free, so
# only an exercise that was (wrongly) kept makes this card a duplicate.
SAME_ID_CARD = "flashcards:\n  - {id: ex1, front: F, back: B}\n"


def _exercise(data: bytes) -> SandboxExercise:
    deck, problems = parse_deck(data, "d.yaml")
    assert [str(problem) for problem in problems] == [] and deck is not None
    (exercise,) = deck.sandbox
    return exercise


def _problems(data: bytes, more: str = "") -> list[str]:
    deck, problems = parse_deck(data + more.encode(), "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1__000", 1000),
        ("1_000_", 1000),
        ("'12'", "12"),
        ("'1e3'", 1000.0),
        ("2026-01-01", "2026-01-01"),
        ("[1, [2, 3.5]]", [1, [2, 3.5]]),
        ("~", None),
        ("[]", []),
    ],
)
def test_a_case_parameter_keeps_the_value_written(written: str, value: object) -> None:
    exercise = _exercise(_deck(cases=f"[{{name: a, z: {written}}}]"))
    assert exercise.cases[0].params == {"z": value}


def test_cases_without_a_name_are_numbered_by_their_place() -> None:
    exercise = _exercise(_deck(cases="[{z: 1}, {name: two, z: 2}, {z: 3}]", speed_case="{m: 9}"))
    assert [case.name for case in exercise.cases] == ["case 1", "two", "case 3"]
    assert exercise.speed_case == ("case 1", {"m": 9})


def test_the_texts_of_an_exercise_are_kept_and_empty_optional_lists_allowed() -> None:
    exercise = _exercise(_deck(hints="~", tags="[]", returns="~"))
    assert (exercise.id, exercise.title, exercise.prompt) == ("ex1", "T", "P")
    assert exercise.reference == "import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"
    assert exercise.starter == "def sigmoid(z):\n    pass\n"
    assert (exercise.hints, exercise.tags, exercise.returns) == ((), (), ())


def test_an_exercise_missing_a_text_is_left_out_and_its_id_stays_free() -> None:
    for name in ("title", "prompt", "starter", "reference"):
        assert _problems(_deck((name,)), SAME_ID_CARD) == [
            f"d.yaml:3:5: sandbox exercise 'ex1' is missing required field '{name}'"
        ]


def test_values_around_the_code_are_trimmed_and_kept() -> None:
    exercise = _exercise(
        _deck(
            entry="' sigmoid '",
            returns="[' p ', q]",
            mistakes="[{id: m1, message: '  sign flipped ', code: 'def sigmoid(z): return -z'},"
            " {id: m2, message: off, code: 'def sigmoid(z): return z'}]",
            tolerance="{rtol: 0.5}",
            timeout="600",
        )
    )
    assert exercise.entry == "sigmoid" and exercise.returns == ("p", "q")
    assert exercise.mistakes == (
        ("m1", "sign flipped", "def sigmoid(z): return -z"),
        ("m2", "off", "def sigmoid(z): return z"),
    )
    assert (exercise.rtol, exercise.atol, exercise.timeout) == (0.5, 1e-9, 600)
    assert _exercise(_deck(tolerance="{atol: 0.25}", timeout="1")).rtol == 1e-6
    assert _exercise(_deck(tolerance="{atol: 0.25}", timeout="1")).atol == 0.25
    assert _exercise(_deck(timeout="1")).timeout == 1


def test_only_the_reference_must_take_names_the_sandbox_generates() -> None:
    exercise = _exercise(
        _deck(
            starter="|\n      def sigmoid(values):\n          pass",
            reference="|\n      def sigmoid(z, /, w):\n          return z",
            mistakes="[{id: m1, message: x, code: 'def sigmoid(anything): return 0'}]",
        )
    )
    assert exercise.starter.startswith("def sigmoid(values)")
    assert exercise.mistakes[0][2] == "def sigmoid(anything): return 0"


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        # Where a problem in code is: the line of the code inside the deck file.
        (
            {"reference": '"def sigmoid(z):\\0 pass"'},
            ["10:1: 'reference' is not valid Python: source code string cannot contain null"
             " bytes"],
        ),
        (
            {"starter": "|\n      def sigmoid(z):\n          pass\n      x = ("},
            ["10:1: 'starter' is not valid Python: '(' was never closed"],
        ),
        (
            {"reference": "|\n      import numpy as np\n\n      def sigmoid(zz, q):\n"
             "          return zz"},
            ["13:1: the reference's parameters must be names the sandbox can generate ("
             "W, X, alpha, b, b_vec, batch_size, class_weight, degree, eps, grad_b, grad_w,"
             " lambda_, num_epochs, num_iters, scores, shuffle_seed, threshold, w, x1, x2, y,"
             " y_class, z); cannot generate zz, q (did you mean 'z'?)"],
        ),
        # Only a function at the top of the code counts as the entry.
        (
            {"starter": "|\n      class Model:\n          def sigmoid(self, z):\n"
             "              pass"},
            ["7:14: 'starter' must define the entry function 'sigmoid'"],
        ),
        (
            {"starter": "|\n      async def sigmoid(z):\n          pass"},
            ["7:14: 'starter' must define the entry function 'sigmoid'"],
        ),
        # Tags anywhere in the cases or mistakes are refused, never crash.
        (
            {"cases": "[!thing {name: a, z: 1}]"},
            ["14:13: tag '!thing' is not allowed: decks are plain YAML without tags",
             "14:13: each case must be a mapping with a 'name' and generator parameters"],
        ),
        (
            {"cases": "[{name: a, z: !thing 1}]"},
            ["14:26: tag '!thing' is not allowed: decks are plain YAML without tags"],
        ),
        (
            {"cases": "[{name: a, z: !thing [1]}]"},
            ["14:26: tag '!thing' is not allowed: decks are plain YAML without tags",
             "14:26: case parameter 'z' must be a number or a list, not a list"],
        ),
        (
            {"cases": "!thing [{name: a, z: 1}]"},
            ["14:12: tag '!thing' is not allowed: decks are plain YAML without tags",
             "14:12: 'cases' must be a list of case mappings, not a list"],
        ),
        (
            {"mistakes": "!thing []"},
            ["15:15: tag '!thing' is not allowed: decks are plain YAML without tags",
             "15:15: 'mistakes' must be a list of mappings with id, message and code, not a"
             " list"],
        ),
        (
            {"mistakes": "[!thing {id: m1, message: x, code: 'def sigmoid(z): pass'}]"},
            ["15:16: tag '!thing' is not allowed: decks are plain YAML without tags",
             "15:16: each mistake must be a mapping with id, message and code"],
        ),
        # One bad parameter, even before good ones, leaves the case (and exercise) out.
        ({"cases": "[{name: a, m: {x: 1}, z: 1}]"},
         ["14:26: case parameter 'm' must be a number or a list, not a mapping"]),
        ({"cases": "[{name: a, z: [1, !!int 0xZZ]}]"},
         ["14:30: case parameter 'z' is not a valid number"]),
        ({"speed_case": "{name: big, m: {x: 1}}"},
         ["15:32: case parameter 'm' must be a number or a list, not a mapping"]),
        ({"mistakes": "[{id: m1, message: [x], code: 'def sigmoid(z): pass'}]"},
         ["15:34: 'message' must be text, not a list"]),
        ({"mistakes": "[{id: m1, message: x}]"},
         ["15:16: mistake 'm1' is missing required field 'code'"]),
        ({"mistakes": "[{id: m1, message: x, code: 'def sigmoid(z): pass'}, 7]"},
         ["15:68: each mistake must be a mapping with id, message and code"]),
        ({"mistakes": "[7, {id: m2, message: '', code: 'def sigmoid(z): pass'}]"},
         ["15:16: each mistake must be a mapping with id, message and code",
          "15:37: 'message' must not be empty"]),
        ({"mistakes": "[{id: m1, message: x, code: 'def sigmod(z): pass'}]"},
         ["15:43: 'code' must define the entry function 'sigmoid' (did you mean 'sigmod'?)"]),
        (
            {"entry": "'not a name'", "starter": "'def f(z) pass'"},
            ["6:12: 'entry' must be a Python function name, not 'not a name'",
             "7:1: 'starter' is not valid Python: expected ':'"],
        ),
        (
            {"starter": "'def f(z): pass'", "reference": "'def g(z): pass'"},
            ["8:16: 'reference' must define the entry function 'sigmoid'",
             "7:14: 'starter' must define the entry function 'sigmoid'"],
        ),
        (
            {"mistakes": "[{id: m1, message: x, code: 'def f(z): pass'},"
             " {id: m2, message: '', code: 'def sigmoid(z): pass'}]"},
            ["15:43: 'code' must define the entry function 'sigmoid'",
             "15:80: 'message' must not be empty"],
        ),
    ],
)
def test_a_broken_exercise_is_left_out_and_its_id_stays_free(
    change: dict[str, str], problems: list[str]
) -> None:
    # Left out: the flashcard after it that takes the same id is not a duplicate.
    assert _problems(_deck(**change), SAME_ID_CARD) == [f"d.yaml:{p}" for p in problems]


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({"cases": "[{name: '', z: 1}]"}, ["14:20: 'name' must not be empty"]),
        ({"cases": "[{name: [a], z: 1}]"}, ["14:20: 'name' must be text, not a list"]),
        (
            {"cases": "[{name: a, m: {x: 1}}, {name: b, n: [{y: 2}]}, {name: c, z: 1}]"},
            ["14:26: case parameter 'm' must be a number or a list, not a mapping",
             "14:49: case parameter 'n' must be a number or a list, not a mapping"],
        ),
        (
            {"tolerance": "!thing {rtol: 0.1}"},
            ["15:16: tag '!thing' is not allowed: decks are plain YAML without tags",
             "15:16: 'tolerance' must be a mapping with rtol and/or atol"],
        ),
        ({"tolerance": "{rtol: 0.1, btol: 1}"},
         ["15:28: unknown key 'btol' in the tolerance (did you mean 'rtol'?)"]),
        ({"tolerance": "{atol: x}"}, ["15:23: 'atol' must be a number, not text"]),
        (
            {"tolerance": "{rtol: 0, atol: -1}", "timeout": "700"},
            ["15:23: 'rtol' must be greater than 0",
             "15:32: 'atol' must be greater than 0",
             "16:14: 'timeout' must be between 1 and 600 seconds"],
        ),
        ({"timeout": "0.5"}, ["15:14: 'timeout' must be between 1 and 600 seconds"]),
        ({"timeout": "600.5"}, ["15:14: 'timeout' must be between 1 and 600 seconds"]),
        ({"timeout": "x"}, ["15:14: 'timeout' must be a number, not text"]),
        ({"hints": "[a, '']"}, ["15:16: 'hints entry' must not be empty"]),
        ({"returns": "[a, [b]]"}, ["15:18: 'returns entry' must be text, not a list"]),
    ],
)
def test_a_bad_field_of_an_exercise_is_named_at_its_place(
    change: dict[str, str], problems: list[str]
) -> None:
    assert _problems(_deck(**change)) == [f"d.yaml:{p}" for p in problems]


def test_a_name_rebound_after_the_entry_function_still_leaves_it_defined() -> None:
    exercise = _exercise(
        _deck(reference="|\n      def sigmoid(z):\n          def inner(): pass\n"
              "      sigmoid = 1")
    )
    assert exercise.entry == "sigmoid"


def test_a_missing_entry_is_named_once_and_the_code_only_checked_for_syntax() -> None:
    assert _problems(_deck(("entry",), starter="'def f(z) pass'"), SAME_ID_CARD) == [
        "d.yaml:3:5: sandbox exercise 'ex1' is missing required field 'entry'",
        "d.yaml:6:1: 'starter' is not valid Python: expected ':'",
    ]
    assert _problems(_deck(("entry",)), SAME_ID_CARD) == [
        "d.yaml:3:5: sandbox exercise 'ex1' is missing required field 'entry'"
    ]


def test_a_good_exercise_takes_its_id() -> None:
    deck, problems = parse_deck(_deck() + SAME_ID_CARD.encode(), "d.yaml")
    assert deck is None
    assert [str(problem) for problem in problems] == [
        "d.yaml:3:5: duplicate item id 'ex1' (first used on line 16): ids must be unique"
        " within a deck across all kinds"
    ]
