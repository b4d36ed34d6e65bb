"""The `sandbox:` section of a deck: what is accepted and how problems are reported."""

from __future__ import annotations

import subprocess
import sys

from studyapp.decks._parse import parse_deck
from studyapp.decks._sandbox import ARGUMENT_NAMES, CASE_KEYS
from studyapp.model import SandboxExercise
from studyapp.sandbox.harness import _cases, _more_cases

HEAD = """\
deck:
  id: demo-coding
  title: Demo
sandbox:
  - id: twice
    title: Twice
    prompt: Return 2 * z.
    entry: twice
    starter: |
      def twice(z):
          return z
    reference: |
      def twice(z):
          return 2 * z
"""
CASES = """\
    cases:
      - {name: "one", z: 1.0}
"""


def problems(text: str) -> list[str]:
    deck, found = parse_deck(text.encode(), "demo.yaml")
    assert (deck is None) == bool(found)
    return [str(problem) for problem in found]


def test_a_minimal_exercise_loads_with_defaults() -> None:
    deck, found = parse_deck((HEAD + CASES).encode(), "demo.yaml")
    assert not found and deck is not None
    item = deck.sandbox[0]
    assert isinstance(item, SandboxExercise)
    assert (item.rtol, item.atol, item.timeout, item.mistakes, item.speed()) == (
        1e-6,
        1e-9,
        None,
        (),
        None,
    )
    assert item.cases[0].params == {"z": 1.0}


def test_extras_load_typed() -> None:
    text = (
        HEAD
        + CASES
        + """\
    returns: [doubled]
    tolerance: {rtol: 1e-4}
    timeout: 3
    speed_case: {name: big, shape: [1000]}
    mistakes:
      - id: unchanged
        message: You returned z itself.
        code: |
          def twice(z):
              return z
"""
    )
    deck, found = parse_deck(text.encode(), "demo.yaml")
    assert not found and deck is not None
    item = deck.sandbox[0]
    assert item.returns == ("doubled",) and item.rtol == 1e-4 and item.timeout == 3.0
    assert item.known_mistakes()[0].id == "unchanged"
    speed = item.speed()
    assert speed is not None and speed.params == {"shape": [1000]}


def test_syntax_error_in_reference_is_reported_at_its_file_line() -> None:
    text = HEAD.replace("          return 2 * z", "          return 2 *") + CASES
    assert problems(text) == ["demo.yaml:14:1: 'reference' is not valid Python: invalid syntax"]


def test_reference_without_the_entry_function_is_reported() -> None:
    text = HEAD.replace("def twice(z):\n          return 2", "def twise(z):\n          return 2")
    found = problems(text + CASES)
    assert any("must define the entry function 'twice' (did you mean 'twise'?)" in p for p in found)


def test_reference_parameters_must_be_generatable() -> None:
    text = HEAD.replace(
        "def twice(z):\n          return 2 * z", "def twice(zz):\n          return 2"
    )
    found = problems(text + CASES)
    assert len(found) == 1
    assert found[0].startswith("demo.yaml:13:1: the reference's parameters")
    assert "(did you mean 'z'?)" in found[0]


def test_unknown_case_key_gets_a_suggestion_and_cases_are_required() -> None:
    found = problems(HEAD + "    cases:\n      - {name: one, sead: 3}\n")
    assert found == ["demo.yaml:16:21: unknown key 'sead' in a sandbox case (did you mean 'seed'?)"]
    assert any("missing required field 'cases'" in p for p in problems(HEAD))


def test_broken_mistake_is_reported() -> None:
    text = (
        HEAD
        + CASES
        + """\
    mistakes:
      - id: bad
        message: Broken.
        code: |
          def twice(z)
              return z
"""
    )
    assert problems(text) == ["demo.yaml:21:1: 'code' is not valid Python: expected ':'"]


def test_loader_and_harness_agree_on_argument_names() -> None:
    assert ARGUMENT_NAMES == _cases.ARGUMENT_NAMES
    generated = {
        "seed",
        "m",
        "n",
        "feature_scale",
        "weight_scale",
        "bias",
        "logit_scale",
        "positive_rate",
        "constant_column",
        "constant_value",
        "zero_rows",
        "dtype",
        "shape",
        "z",
        "name",
    } | _more_cases.CASE_PARAMETERS
    assert (ARGUMENT_NAMES - {"X", "y", "w", "b"}) | generated == CASE_KEYS


def test_cases_are_reproducible_and_cover_the_edges() -> None:
    names = ["X", "y", "w", "b"]
    first = _cases.make_arguments(names, {"seed": 5, "m": 20, "positive_rate": 0.1})
    again = _cases.make_arguments(names, {"seed": 5, "m": 20, "positive_rate": 0.1})
    assert all(
        (a == b).all() if hasattr(a, "all") else a == b for a, b in zip(first, again, strict=True)
    )
    X, y, w, b = first
    assert X.shape == (20, 3) and y.shape == (20,) and w.shape == (3,) and b != 0
    assert 1 <= y.sum() <= 19  # both classes present even when imbalanced
    X, _, w, b = _cases.make_arguments(names, {"seed": 1, "logit_scale": 800})
    assert abs(abs(X @ w + b).max() - 800) < 1e-6


def test_parent_modules_never_import_numpy() -> None:
    code = (
        "import sys\n"
        "import studyapp.sandbox, studyapp.commands.sandbox, studyapp.decks._sandbox\n"
        "from studyapp.sandbox import WarmChecker, check_submission\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_an_exercise_time_limit_must_be_between_1_and_600_seconds() -> None:
    for value, ok in (("0.5", False), ("1e300", False), ("601", False), ("30", True)):
        found = problems(HEAD + f"    timeout: {value}\n" + CASES)
        if ok:
            assert found == []
        else:
            assert found == ["demo.yaml:15:14: 'timeout' must be between 1 and 600 seconds"]
