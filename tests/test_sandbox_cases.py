"""Cases a course's tests would use: integer inputs, the exact threshold, arrays where the
contract says array, and mistakes named only on full evidence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from studyapp.sandbox import CheckResult, WarmChecker
from studyapp.sandbox.harness import _cases, _wire
from tests.test_sandbox_support import STABLE_SIGMOID, code, exercise


@pytest.fixture(scope="module")
def checker() -> Iterator[WarmChecker]:
    with WarmChecker() as warm:
        warm.start()
        yield warm


def run(checker: WarmChecker, ident: str, source: str) -> CheckResult:
    return checker.check(exercise(ident), source)


def test_integer_cases_generate_integer_arrays() -> None:
    X, y, w, b = _cases.make_arguments(["X", "y", "w", "b"], {"seed": 9, "dtype": "int"})
    assert X.dtype == y.dtype == w.dtype == np.int64
    assert isinstance(b, float)
    (z,) = _cases.make_arguments(["z"], {"z": [0, 2], "dtype": "int"})
    assert z.dtype == np.int64 and z.tolist() == [0, 2]
    with pytest.raises(ValueError, match="dtype"):
        _cases.make_arguments(["z"], {"z": 1.0, "dtype": "complex"})


def test_sigmoid_filling_an_empty_like_array_fails_on_integer_input(checker: WarmChecker) -> None:
    source = code(
        """
        import numpy as np

        def sigmoid(z):
            z = np.asarray(z)
            out = np.empty_like(z)
            positive = z >= 0
            out[positive] = 1 / (1 + np.exp(-z[positive]))
            out[~positive] = np.exp(z[~positive]) / (1 + np.exp(z[~positive]))
            return out
        """
    )
    result = run(checker, "sigmoid", source)
    assert not result.passed
    assert {failure.case for failure in result.failures} == {
        "integer inputs",
        "an integer matrix",
    }


def test_gradient_built_in_zeros_like_w_fails_on_integer_weights(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def compute_gradient(X, y, w, b):
            m, n = X.shape
            dj_dw = np.zeros_like(w)
            error = sigmoid(X @ w + b) - y
            for j in range(n):
                dj_dw[j] = np.mean(error * X[:, j])
            return dj_dw, np.mean(error)
        """
    )
    result = run(checker, "gradient", source)
    assert [failure.case for failure in result.failures] == ["integer inputs"]
    assert result.failures[0].kind == "wrong_value"


def test_predict_with_a_strict_inequality_fails_at_the_threshold(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def predict(X, w, b, threshold):
            return (sigmoid(X @ w + b) > threshold).astype(int)
        """
    )
    result = run(checker, "predict", source)
    assert [failure.case for failure in result.failures] == [
        "probabilities exactly at the threshold"
    ]
    assert result.failures[0].fingerprint == "strict-inequality"


def test_a_list_where_the_contract_says_array_is_wrong_type(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def gradient_step(X, y, w, b, alpha):
            m = X.shape[0]
            error = sigmoid(X @ w + b) - y
            return list(w - alpha * X.T @ error / m), b - alpha * error.mean()
        """
    )
    result = run(checker, "step", source)
    assert result.failures[0].kind == "wrong_type"
    assert "should be a NumPy array, got a list" in result.failures[0].message


def test_a_list_where_the_contract_allows_one_passes(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def gradient_descent(X, y, w, b, alpha, num_iters):
            m = X.shape[0]
            history = []
            for _ in range(num_iters):
                error = sigmoid(X @ w + b) - y
                w, b = w - alpha * X.T @ error / m, b - alpha * error.mean()
                z = X @ w + b
                history.append(np.mean(np.logaddexp(0, z) - y * z))
            return w, b, history
        """
    )
    assert run(checker, "descent", source).passed
    as_array = source.replace("return w, b, history", "return w, b, np.array(history)")
    assert run(checker, "descent", as_array).passed


def test_an_m_by_m_broadcast_gets_the_shape_message_not_a_mistake(checker: WarmChecker) -> None:
    source = STABLE_SIGMOID + code(
        """
        def compute_gradient(X, y, w, b):
            m = X.shape[0]
            f = sigmoid(X @ w + b).reshape(-1, 1)
            error = f - y
            return X.T @ error / m, np.sum(error) / m
        """
    )
    result = run(checker, "gradient", source)
    first = result.failures[0]
    assert first.kind == "wrong_shape"
    assert first.fingerprint is None
    assert "did not divide by m" not in first.message
    assert "(m, m)" in first.message


def test_a_mistake_is_not_named_from_one_value_when_another_is_wrong_too(
    checker: WarmChecker,
) -> None:
    # dj_dw forgot 1/m (a known mistake) but dj_db is wrong in a way no mistake explains.
    source = STABLE_SIGMOID + code(
        """
        def compute_gradient(X, y, w, b):
            m = X.shape[0]
            error = sigmoid(X @ w + b) - y
            return X.T @ error, np.sum(error) / m + 1.0
        """
    )
    result = run(checker, "gradient", source)
    assert result.failures[0].kind == "wrong_value"
    assert all(failure.fingerprint is None for failure in result.failures)


def test_standardize_treats_a_column_of_point_one_as_constant(checker: WarmChecker) -> None:
    args = _cases.make_arguments(
        ["X"], {"seed": 2, "m": 10, "n": 4, "constant_column": 2, "constant_value": 0.1}
    )
    assert 0 < args[0].std(axis=0)[2] < 1e-15  # the rounding noise the contract talks about
    exact = code(
        """
        import numpy as np

        def standardize(X):
            mu = X.mean(axis=0)
            sigma = X.std(axis=0)
            sigma = np.where(sigma == 0, 1.0, sigma)
            return (X - mu) / sigma, mu, sigma
        """
    )
    result = run(checker, "standardize", exact)
    assert [failure.case for failure in result.failures] == [
        "a constant column of 0.1 (its computed sigma is about 1e-17)"
    ]
    assert result.failures[0].fingerprint == "exact-zero-test"


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        3,
        True,
        None,
        np.float64(2.5),
        np.int32(4),
        np.array(1.25),
        np.arange(6, dtype=np.int64).reshape(2, 3),
        np.arange(4.0)[::2],
        [1.0, np.float32(2)],
        (np.zeros(2), 1.0),
        {0: 1.0, 1: 3.0},
        "text",
    ],
)
def test_values_survive_the_wire_with_their_types(value: Any) -> None:
    encoder = _wire.Encoder()
    tree = encoder.value(value)
    header, buffers = _read_back(_wire.pack({"v": tree}, encoder.buffers))
    back = _wire.Decoder(buffers).value(header["v"])
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        assert np.array_equal(back, value)
    elif isinstance(value, tuple):
        assert np.array_equal(back[0], value[0]) and back[1] == value[1]
    else:
        assert back == value


def test_objects_become_opaque_not_code() -> None:
    encoder = _wire.Encoder()
    tree = encoder.value([len, np.array([object()], dtype=object)])
    back = _wire.Decoder(encoder.buffers).value(tree)
    assert back == [
        _wire.Opaque("builtin_function_or_method"),
        _wire.Opaque("ndarray of dtype object"),
    ]


@pytest.mark.parametrize(
    "tree",
    [
        {"t": "nd", "dtype": "|O8", "shape": [1], "b": 0},
        {"t": "nd", "dtype": "<f8", "shape": [3], "b": 0},
        {"t": "nd", "dtype": "<f8", "shape": [-1], "b": 0},
        {"t": "nd", "dtype": "<f8", "shape": [1], "b": 7},
        {"t": "int", "v": "1e5"},
        {"t": "float", "v": "__import__('os')"},
        {"t": "pickle", "v": "gASVAAAAAAAAAA=="},
        {"t": "dict", "v": [[{"t": "list", "v": []}, {"t": "none"}]]},
        ["not", "a", "node"],
    ],
)
def test_malformed_values_are_refused(tree: object) -> None:
    with pytest.raises(_wire.WireError):
        _wire.Decoder([b"\0" * 8]).value(tree)


def _read_back(frame: bytes) -> tuple[dict[str, object], list[bytes]]:
    import os

    read, write = os.pipe()
    try:
        os.write(write, frame)
        return _wire.read_frame(read)
    finally:
        os.close(read)
        os.close(write)


def test_oversized_or_broken_frames_are_refused() -> None:
    import os
    import struct

    for frame in (
        struct.pack(">I", 1 << 30) + b"{}",
        struct.pack(">I", 2) + b"[]",
        struct.pack(">I", 5) + b"{oops",
        struct.pack(">I", 17) + b'{"buffers": [-1]}',
    ):
        read, write = os.pipe()
        try:
            os.write(write, frame)
            os.close(write)
            write = -1
            with pytest.raises(_wire.WireError):
                _wire.read_frame(read)
        finally:
            os.close(read)
            if write >= 0:
                os.close(write)
