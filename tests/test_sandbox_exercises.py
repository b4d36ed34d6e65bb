"""The bundled coding exercises: references pass, starters fail, typical mistakes are named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from studyapp.sandbox import CheckResult, WarmChecker
from tests.test_sandbox_support import STABLE_SIGMOID, code, coding_deck, exercise

REQUIRED_IDS = ("sigmoid", "cost", "gradient", "step", "descent", "weighted-gradient")


@pytest.fixture(scope="module")
def checker() -> Iterator[WarmChecker]:
    """One warm checker for the module: each check still gets a fresh child."""
    with WarmChecker() as warm:
        warm.start()
        yield warm


def run(checker: WarmChecker, ident: str, source: str) -> CheckResult:
    return checker.check(exercise(ident), source)


def test_the_deck_has_the_required_exercises_with_hints_and_varied_cases() -> None:
    ids = [item.id for item in coding_deck().sandbox]
    assert set(REQUIRED_IDS) <= set(ids)
    for item in coding_deck().sandbox:
        assert 2 <= len(item.hints) <= 4, item.id
        assert len(item.cases) >= 5, item.id
        names = " ".join(case.name for case in item.cases)
        if "X" in item.reference:
            assert "m = 1" in names, item.id


@pytest.mark.parametrize("ident", [item.id for item in coding_deck().sandbox])
def test_reference_passes_and_starter_fails(checker: WarmChecker, ident: str) -> None:
    passed = run(checker, ident, exercise(ident).reference)
    assert passed.passed, passed.failures
    assert passed.cases_run == len(exercise(ident).cases)
    assert not passed.warnings
    starter = run(checker, ident, exercise(ident).starter)
    assert not starter.passed
    assert starter.failures[0].kind in {"wrong_value", "wrong_shape", "wrong_type"}


MISTAKES = [
    (item.id, mistake.id, mistake.code)
    for item in coding_deck().sandbox
    for mistake in item.known_mistakes()
]


@pytest.mark.parametrize(
    ("ident", "mistake", "source"), MISTAKES, ids=[f"{i}-{m}" for i, m, _ in MISTAKES]
)
def test_each_declared_mistake_fails_and_is_named(
    checker: WarmChecker, ident: str, mistake: str, source: str
) -> None:
    result = run(checker, ident, source)
    assert not result.passed
    assert mistake in {failure.fingerprint for failure in result.failures}


GRADIENT_BODY = """
def compute_gradient(X, y, w, b):
    m = X.shape[0]
    f = {prediction}
    error = {error}
    return {result}
"""


def gradient_variant(
    prediction: str = "sigmoid(X @ w + b)",
    error: str = "f - y",
    result: str = "X.T @ error / m, np.sum(error) / m",
) -> str:
    return STABLE_SIGMOID + code(
        GRADIENT_BODY.format(prediction=prediction, error=error, result=result)
    )


@pytest.mark.parametrize(
    ("source", "kind", "fingerprint"),
    [
        (gradient_variant(result="X.T @ error, np.sum(error)"), "wrong_value", "forgot-mean"),
        (gradient_variant(error="y - f"), "wrong_value", "sign-flipped"),
        (gradient_variant(prediction="X @ w + b"), "wrong_value", "no-sigmoid"),
        (gradient_variant(prediction="sigmoid(X @ w)"), "wrong_value", "bias-dropped"),
        (
            gradient_variant(result="np.sum(error) / m, X.T @ error / m"),
            "wrong_shape",
            "returns-swapped",
        ),
    ],
    ids=["forgot-1/m", "sign-flipped", "no-sigmoid", "bias-dropped", "returns-swapped"],
)
def test_typical_gradient_mistakes_are_named(
    checker: WarmChecker, source: str, kind: str, fingerprint: str
) -> None:
    result = run(checker, "gradient", source)
    assert not result.passed
    first = result.failures[0]
    assert (first.kind, first.fingerprint) == (kind, fingerprint)
    assert first.message.splitlines()[0].endswith(".")  # the one-sentence diagnosis leads


def test_a_mistake_in_one_returned_value_is_named_for_that_value(checker: WarmChecker) -> None:
    # 1/m forgotten in dj_dw only: the whole output matches no known mistake, dj_dw does.
    result = run(checker, "gradient", gradient_variant(result="X.T @ error, np.sum(error) / m"))
    first = result.failures[0]
    assert (first.kind, first.fingerprint) == ("wrong_value", "forgot-mean")
    assert first.message.startswith("In `dj_dw`: ")


def test_a_correct_gradient_written_differently_passes(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def compute_gradient(X, y, w, b):
            error = sigmoid(np.dot(X, w) + b) - y
            return np.mean(error[:, None] * X, axis=0), error.mean()
        """
    )
    assert run(checker, "gradient", source).passed


def test_step_that_updates_bias_with_new_weights_is_named(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def gradient_step(X, y, w, b, alpha):
            m = X.shape[0]
            w = w - alpha * X.T @ (sigmoid(X @ w + b) - y) / m
            b = b - alpha * np.sum(sigmoid(X @ w + b) - y) / m
            return w, b
        """
    )
    result = run(checker, "step", source)
    assert result.failures[0].kind == "wrong_value"
    assert result.failures[0].fingerprint == "stale-bias"
    assert "already-updated weights" in result.failures[0].message


def test_step_that_mutates_w_in_place_fails_as_mutated_input(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def gradient_step(X, y, w, b, alpha):
            m = X.shape[0]
            error = sigmoid(X @ w + b) - y
            w -= alpha * X.T @ error / m
            return w, b - alpha * np.sum(error) / m
        """
    )
    result = run(checker, "step", source)
    assert result.failures[0].kind == "mutated_input"
    assert "`w`" in result.failures[0].message


def test_descent_recording_cost_before_the_update_is_named(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def cost(X, y, w, b):
            z = X @ w + b
            return np.mean(np.logaddexp(0, z) - y * z)

        def gradient_descent(X, y, w, b, alpha, num_iters):
            m = X.shape[0]
            history = []
            for _ in range(num_iters):
                history.append(cost(X, y, w, b))
                error = sigmoid(X @ w + b) - y
                w, b = w - alpha * X.T @ error / m, b - alpha * error.mean()
            return w, b, history
        """
    )
    result = run(checker, "descent", source)
    assert result.failures[0].fingerprint == "cost-before-update"


def test_naive_sigmoid_fails_with_numeric_warning_at_its_line(checker: WarmChecker) -> None:
    source = code(
        """
        import numpy as np

        def sigmoid(z):
            return 1 / (1 + np.exp(-z))
        """
    )
    result = run(checker, "sigmoid", source)
    kinds = {failure.kind for failure in result.failures}
    assert kinds == {"numeric_warning"}
    assert result.failures[0].line == 4
    assert "overflow" in result.failures[0].message


def test_naive_cost_fails_as_not_finite_on_saturated_logits(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def compute_cost(X, y, w, b):
            f = sigmoid(X @ w + b)
            return -np.mean(y * np.log(f) + (1 - y) * np.log(1 - f))
        """
    )
    result = run(checker, "cost", source)
    assert [f.case for f in result.failures] == ["saturated logits"]
    assert result.failures[0].kind == "not_finite"


def test_column_vector_gradient_fails_as_wrong_shape(checker: WarmChecker) -> None:
    source = gradient_variant(result="(X.T @ error / m).reshape(-1, 1), np.sum(error) / m")
    result = run(checker, "gradient", source)
    assert result.failures[0].kind == "wrong_shape"
    assert "got (3, 1)" in result.failures[0].message


def test_forgotten_return_fails_as_wrong_type(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + "def compute_gradient(X, y, w, b):\n    error = X @ w + b - y\n"
    result = run(checker, "gradient", source)
    assert result.failures[0].kind == "wrong_type"
    assert "returned None" in result.failures[0].message


def test_python_float_and_numpy_float_are_both_accepted(checker: WarmChecker) -> None:
    as_float = gradient_variant(result="X.T @ error / m, float(np.sum(error) / m)")
    as_numpy = gradient_variant(result="X.T @ error / m, np.float64(np.sum(error)) / m")
    as_0d = gradient_variant(result="X.T @ error / m, np.array(np.sum(error) / m)")
    for source in (as_float, as_numpy, as_0d):
        assert run(checker, "gradient", source).passed


def test_unvectorised_but_correct_gradient_passes_with_a_warning(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def compute_gradient(X, y, w, b):
            m, n = X.shape
            dj_dw = np.zeros(n)
            dj_db = 0.0
            for i in range(m):
                error = sigmoid(X[i] @ w + b) - y[i]
                for j in range(n):
                    dj_dw[j] += error * X[i, j]
                dj_db += error
            return dj_dw / m, dj_db / m
        """
    )
    result = run(checker, "gradient", source)
    assert result.passed
    assert [warning.kind for warning in result.warnings] == ["not_vectorized"]
    assert "slower than the reference" in result.warnings[0].message
