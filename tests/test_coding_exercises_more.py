"""The second coding deck: references pass, starters fail, declared mistakes are named.

Also the argument generators its exercises rely on (studyapp/sandbox/harness/_more_cases.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from studyapp.decks._parse import parse_deck
from studyapp.model import Deck, SandboxExercise
from studyapp.paths import bundled_content_dir
from studyapp.sandbox import WarmChecker
from studyapp.sandbox.harness import _cases

DECK_PATH = bundled_content_dir() / "logistic-regression-coding-2.yaml"
IDS = (
    "regularized-cost",
    "gradient-check",
    "map-features",
    "minibatch-sgd",
    "newton-step",
    "roc-auc",
    "softmax-gradient",
)


def _deck(path: Path = DECK_PATH) -> Deck:
    deck, problems = parse_deck(path.read_bytes(), str(path))
    assert deck is not None, problems
    return deck


DECK = _deck()


def _exercise(ident: str) -> SandboxExercise:
    found = DECK.item(ident)
    assert isinstance(found, SandboxExercise)
    return found


@pytest.fixture(scope="module")
def checker() -> Iterator[WarmChecker]:
    with WarmChecker() as warm:
        warm.start()
        yield warm


def test_the_deck_has_every_exercise_with_hints_mistakes_and_edge_cases() -> None:
    assert [item.id for item in DECK.sandbox] == list(IDS)
    for item in DECK.sandbox:
        assert 2 <= len(item.hints) <= 4, item.id
        assert len(item.cases) >= 5, item.id
        assert len(item.known_mistakes()) >= 3, item.id
        names = " ".join(case.name for case in item.cases)
        assert "integer" in names, f"{item.id}: no case with integer inputs"


@pytest.mark.parametrize("ident", IDS)
def test_reference_passes_and_starter_fails(checker: WarmChecker, ident: str) -> None:
    exercise = _exercise(ident)
    passed = checker.check(exercise, exercise.reference)
    assert passed.passed, passed.failures
    assert passed.cases_run == len(exercise.cases)
    assert not passed.warnings
    starter = checker.check(exercise, exercise.starter)
    assert not starter.passed
    assert starter.failures[0].kind in {"wrong_value", "wrong_shape", "wrong_type"}


MISTAKES = [
    (item.id, mistake.id, mistake.code) for item in DECK.sandbox for mistake in item.known_mistakes()
]


@pytest.mark.parametrize(
    ("ident", "mistake", "source"), MISTAKES, ids=[f"{i}-{m}" for i, m, _ in MISTAKES]
)
def test_each_declared_mistake_fails_and_is_named(
    checker: WarmChecker, ident: str, mistake: str, source: str
) -> None:
    result = checker.check(_exercise(ident), source)
    assert not result.passed
    assert mistake in {failure.fingerprint for failure in result.failures}


def test_the_textbook_sigmoid_fails_on_saturated_logits(checker: WarmChecker) -> None:
    """What the prompts warn learners from the course notebooks about."""
    naive = (
        "import numpy as np\n"
        "def compute_cost_reg(X, y, w, b, lambda_):\n"
        "    m = X.shape[0]\n"
        "    f = 1 / (1 + np.exp(-(X @ w + b)))\n"
        "    cost = -np.mean(y * np.log(f) + (1 - y) * np.log(1 - f))\n"
        "    return float(cost + lambda_ / (2 * m) * np.sum(w ** 2))\n"
    )
    result = checker.check(_exercise("regularized-cost"), naive)
    assert not result.passed
    assert result.failures[0].case == "saturated logits"


def test_new_arguments_do_not_change_the_basic_ones() -> None:
    basic = _cases.make_arguments(["X", "y", "w", "b"], {"seed": 3})
    with_more = _cases.make_arguments(["X", "y", "w", "b", "W", "scores", "x1"], {"seed": 3})
    for before, after in zip(basic, with_more[:4], strict=True):
        assert np.array_equal(before, after)


def test_integer_inputs_and_given_labels() -> None:
    X, y, x1 = _cases.make_arguments(
        ["X", "y", "x1"], {"seed": 4, "feature_scale": 3, "integer_inputs": True}
    )
    assert X.dtype.kind == "i" and y.dtype.kind == "i" and x1.dtype.kind == "i"
    scores, y = _cases.make_arguments(
        ["scores", "y"], {"scores": [1, 1, 2], "labels": [0, 1, 1]}
    )
    assert list(scores) == [1.0, 1.0, 2.0] and list(y) == [0.0, 1.0, 1.0]


def test_softmax_arguments_cover_every_class_and_respect_the_logit_scale() -> None:
    X, labels, W, b_vec = _cases.make_arguments(
        ["X", "y_class", "W", "b_vec"], {"seed": 5, "m": 12, "k": 4, "logit_scale": 50}
    )
    assert W.shape == (3, 4) and b_vec.shape == (4,)
    assert set(labels) == {0, 1, 2, 3}
    assert abs(np.abs(X @ W + b_vec).max() - 50) < 1e-9


def test_gradient_arguments_are_the_exact_gradient_times_the_scale() -> None:
    X, y, w, b, grad_w, grad_b = _cases.make_arguments(
        ["X", "y", "w", "b", "grad_w", "grad_b"], {"seed": 6, "grad_scale": 2.0}
    )
    error = 1 / (1 + np.exp(-(X @ w + b))) - y
    assert np.allclose(grad_w, 2.0 * X.T @ error / len(y))
    assert np.isclose(grad_b, 2.0 * error.mean())
