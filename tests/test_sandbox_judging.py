"""How the judge turns a learner's answer into a verdict: kinds, messages, named mistakes.

The judge runs here in the test process on answers encoded as the learner process sends
them; the sandbox runs the same code in its judge process.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from studyapp.sandbox.harness._judge import HarnessError, Judge, learner_line, learner_text
from studyapp.sandbox.harness._wire import Encoder

REFERENCE = (
    "import numpy as np\n"
    "def grads(X, y, w):\n"
    "    e = X @ w - y\n"
    "    return X.T @ e / len(y), float(e.mean())\n"
)
NO_MEAN = (
    "def grads(X, y, w):\n"
    "    e = X @ w - y\n"
    "    return X.T @ e, float(e.sum())\n"
)
MISTAKES = [{"id": "no-mean", "message": "Divide by m.", "code": NO_MEAN}]
X = np.array([[1.0, 2.0], [3.0, 4.0]])
Y = np.array([1.0, 0.0])
W = np.array([0.5, -0.5])
ARGS = [X, Y, W]
INPUTS = (
    "\ninputs of this case:\n"
    "    X = [[1., 2.],\n"
    "         [3., 4.]]\n"
    "    y = [1., 0.]\n"
    "    w = [ 0.5, -0.5]"
)
GRAD_W, GRAD_B = np.array([-1.5, -2.5]), -1.0
TOLERANCE = "(tolerance: rtol=1e-06, atol=1e-09)"


def _judge(returns: list[str] | None = None, mistakes: list[dict[str, str]] | None = None) -> Judge:
    return Judge(
        {
            "entry": "grads",
            "rtol": 1e-6,
            "atol": 1e-9,
            "returns": ["grad_w", "grad_b"] if returns is None else returns,
            "mistakes": MISTAKES if mistakes is None else mistakes,
            "reference": REFERENCE,
        }
    )


def _verdict(
    value: Any,
    judge: Judge | None = None,
    after: list[Any] | None = None,
    warnings: list[list[Any]] | None = None,
    reference_warned: bool = False,
) -> dict[str, Any] | None:
    judge = judge or _judge()
    encoder = Encoder()
    answer = {
        "outcome": "returned",
        "value": encoder.value(value),
        "args": [encoder.value(a) for a in (ARGS if after is None else after)],
        "warnings": warnings or [],
    }
    expected, _ = judge.reference_value(ARGS, "c1")
    return judge.judge_answer("c1", ARGS, expected, reference_warned, answer, encoder.buffers)


def test_the_reference_gives_the_expected_values() -> None:
    expected, warned = _judge().reference_value(ARGS, "c1")
    assert np.array_equal(expected[0], GRAD_W) and expected[1] == GRAD_B and not warned


def test_a_right_answer_passes() -> None:
    assert _verdict((GRAD_W.copy(), GRAD_B)) is None
    assert _verdict((GRAD_W + 1e-12, GRAD_B)) is None


def test_a_known_mistake_is_named_before_the_differences() -> None:
    assert _verdict((GRAD_W * 2, GRAD_B * 2)) == {
        "case": "c1",
        "kind": "wrong_value",
        "message": "Divide by m.\n"
        "`grad_w` differs in 2 of 2 places:\n"
        "  at [0]: expected -1.5, got -3.0\n"
        "  at [1]: expected -2.5, got -5.0\n"
        f"  max absolute error 2.5, max relative error 1 {TOLERANCE}\n"
        "`grad_b`: expected -1.0, got -2.0\n"
        f"  max absolute error 1, max relative error 1 {TOLERANCE}" + INPUTS,
        "line": None,
        "fingerprint": "no-mean",
    }


def test_a_mistake_in_one_value_is_named_with_that_value() -> None:
    verdict = _verdict((GRAD_W * 2, GRAD_B))
    assert verdict is not None and verdict["fingerprint"] == "no-mean"
    assert verdict["message"].startswith("In `grad_w`: Divide by m.\n`grad_w` differs in 2 of 2")
    unnamed = _verdict((GRAD_W * 2, GRAD_B), judge=_judge(returns=[]))
    assert unnamed is not None and unnamed["message"].startswith("In `#1`: Divide by m.\n")


def test_an_unknown_wrong_value_names_no_mistake() -> None:
    verdict = _verdict((GRAD_W, GRAD_B + 1))
    assert verdict == {
        "case": "c1",
        "kind": "wrong_value",
        "message": "`grad_b`: expected -1.0, got 0.0\n"
        f"  max absolute error 1, max relative error 1 {TOLERANCE}" + INPUTS,
        "line": None,
        "fingerprint": None,
    }


def test_when_two_mistakes_fit_none_is_named() -> None:
    twins = [MISTAKES[0], {"id": "same", "message": "Same output.", "code": NO_MEAN}]
    verdict = _verdict((GRAD_W * 2, GRAD_B * 2), judge=_judge(mistakes=twins))
    assert verdict is not None and verdict["fingerprint"] is None
    assert verdict["message"].startswith("`grad_w` differs")
    partial = _verdict((GRAD_W * 2, GRAD_B), judge=_judge(mistakes=twins))
    assert partial is not None and partial["fingerprint"] is None


def test_a_mistake_that_crashes_on_the_case_is_skipped() -> None:
    broken = {"id": "broken", "message": "Never.", "code": "def grads(X, y, w):\n    1 / 0\n"}
    verdict = _verdict((GRAD_W * 2, GRAD_B * 2), judge=_judge(mistakes=[broken, MISTAKES[0]]))
    assert verdict is not None and verdict["fingerprint"] == "no-mean"


def test_swapped_return_values_are_named() -> None:
    verdict = _verdict((GRAD_B, GRAD_W))
    assert verdict is not None and verdict["kind"] == "wrong_shape"
    assert verdict["fingerprint"] == "returns-swapped"
    assert verdict["message"].startswith(
        "You returned the values in the wrong order: return (grad_w, grad_b).\n"
        "`grad_w` should have shape (2,), got ()"
    )
    unnamed = _verdict((GRAD_B, GRAD_W), judge=_judge(returns=["g"]))
    assert unnamed is not None and unnamed["message"].startswith(
        "You returned the values in the wrong order: return (the documented order).\n"
    )


def test_a_changed_input_is_reported_before_the_values() -> None:
    changed = X.copy()
    changed[0, 0] = 9.0
    verdict = _verdict((GRAD_W * 3, GRAD_B), after=[changed, Y, W])
    assert verdict == {
        "case": "c1",
        "kind": "mutated_input",
        "message": "your function changed its input `X` (in-place operations such as `X -= ...`"
        " or `X[...] = ...` modify the caller's array): work on a new value, e.g. `X = X - ...`"
        + INPUTS,
        "line": None,
        "fingerprint": None,
    }


def test_a_numeric_warning_fails_a_right_answer_unless_the_reference_warns_too() -> None:
    note = [["overflow encountered in exp", 3]]
    verdict = _verdict((GRAD_W, GRAD_B), warnings=note)
    assert verdict == {
        "case": "c1",
        "kind": "numeric_warning",
        "message": "numpy warned 'overflow encountered in exp' at line 3. The values may look"
        " fine here, but a warning means an intermediate overflowed or divided by zero: rewrite"
        " it so it cannot (for example, never call np.exp on a large positive number)" + INPUTS,
        "line": 3,
        "fingerprint": None,
    }
    no_line = _verdict((GRAD_W, GRAD_B), warnings=[["overflow encountered in exp", None]])
    assert no_line is not None and no_line["message"].startswith(
        "numpy warned 'overflow encountered in exp'. The values"
    )
    assert _verdict((GRAD_W, GRAD_B), warnings=note, reference_warned=True) is None
    assert _verdict((GRAD_W, GRAD_B), warnings=[["malformed"]]) is None


def _raw(answer: dict[str, Any], buffers: list[bytes] | None = None) -> dict[str, Any] | None:
    judge = _judge()
    expected, _ = judge.reference_value(ARGS, "c1")
    return judge.judge_answer("c1", ARGS, expected, False, answer, buffers or [])


def test_an_exception_in_the_learners_code_keeps_its_message_and_line() -> None:
    assert _raw(
        {"outcome": "raised", "kind": "exception", "message": "ZeroDivisionError: x", "line": 4}
    ) == {
        "case": "c1",
        "kind": "exception",
        "message": "ZeroDivisionError: x" + INPUTS,
        "line": 4,
        "fingerprint": None,
    }


GARBLED = (
    "the process running your code sent something that is not an answer ({}); code that"
    " writes to the checker's channel or breaks the harness never passes: let your function"
    " return its result"
)


@pytest.mark.parametrize(
    ("answer", "what"),
    [
        ({"outcome": "raised", "kind": "timeout"}, "an unknown kind of failure"),
        ({"outcome": "what"}, "no outcome"),
        ({"outcome": "returned", "value": {"t": "none"}, "args": [{"t": "bogus"}]},
         "unreadable inputs"),
        ({"outcome": "returned", "value": {"t": "none"}, "args": [{"t": "none"}]},
         "the wrong number of inputs"),
        ({"outcome": "returned", "value": {"t": "none"}}, "the wrong number of inputs"),
    ],
)
def test_an_answer_in_no_known_form_is_a_crash(answer: dict[str, Any], what: str) -> None:
    assert _raw(answer) == {
        "case": "c1",
        "kind": "crashed",
        "message": GARBLED.format(what),
        "line": None,
        "fingerprint": None,
    }


def test_an_unreadable_return_value_is_the_wrong_type() -> None:
    verdict = _raw({"outcome": "returned", "value": {"t": "nd", "b": 7}, "args": []})
    assert verdict is not None and (verdict["case"], verdict["kind"]) == ("c1", "wrong_type")
    assert verdict["message"] == (
        "the returned value could not be read as numbers, lists or tuples" + INPUTS
    )


def test_messages_and_lines_from_the_learner_process_are_checked() -> None:
    assert learner_text("x" * 30_000) == "x" * 20_000
    assert learner_text(42) == "(no message)"
    assert [learner_line(v) for v in (1, 9_999_999, 0, 10_000_000, True, "3", None)] == [
        1, 9_999_999, None, None, None, None, None,
    ]


def test_a_slow_but_right_answer_gets_a_speed_warning() -> None:
    judge = _judge()
    assert judge.speed_warning({"m": 1000, "n": 5, "seed": 1}, 0.001, 0.05) == {
        "kind": "not_vectorized",
        "message": "correct, but about 50x slower than the reference on a large case (m=1000, "
        "n=5: 50.0 ms against 1.00 ms). A Python loop over samples or elements is the usual"
        " cause: express it with whole-array operations such as X @ w and X.T @ error",
    }
    assert judge.speed_warning({"m": 1000}, 0.001, 0.02) is None  # 20x: not over the line
    assert judge.speed_warning({"m": 1000}, 0.001, 0.0201) is not None
    assert judge.speed_warning({"m": 1000}, 0.00001, 0.002) is None  # too short to tell
    assert judge.speed_warning({"m": 1000}, 0.0, 0.01) is not None


def test_a_broken_exercise_is_a_harness_error_not_a_failed_check() -> None:
    with pytest.raises(HarnessError, match=r"^the reference solution does not load: "):
        Judge({"entry": "nope", "rtol": 1, "atol": 1, "reference": REFERENCE})
    bad = {"id": "bad", "message": "m", "code": "def other(): pass\n"}
    with pytest.raises(HarnessError, match=r"^mistake 'bad' does not load: "):
        _judge(mistakes=[bad]).mistakes()
    with pytest.raises(HarnessError, match=r"^the reference fails on case 'c2': "):
        _judge().reference_value([X, Y, np.array([1.0, 2.0, 3.0])], "c2")
    with pytest.raises(HarnessError, match=r"^case 'c3': "):
        _judge().arguments("c3", {"m": "many"})


def test_case_arguments_follow_the_references_parameters() -> None:
    x, y, w = _judge().arguments("c", {"seed": 0, "m": 4, "n": 2})
    assert (x.shape, y.shape, w.shape) == ((4, 2), (4,), (2,))


def test_a_reference_that_warns_is_noted() -> None:
    judge = Judge(
        {
            "entry": "grow",
            "rtol": 1e-6,
            "atol": 1e-9,
            "reference": "import numpy as np\ndef grow(z):\n    return np.exp(z)\n",
        }
    )
    value, warned = judge.reference_value([np.array([1000.0])], "big")
    assert warned and np.isinf(value).all()


def test_a_mistake_of_another_shape_does_not_hide_a_later_one() -> None:
    scalar = {"id": "scalar", "message": "One number.", "code": "def grads(X, y, w):\n    return 1.0\n"}
    verdict = _verdict((GRAD_W * 2, GRAD_B), judge=_judge(mistakes=[scalar, MISTAKES[0]]))
    assert verdict is not None and verdict["fingerprint"] == "no-mean"
    assert verdict["message"].startswith("In `grad_w`: Divide by m.\n")


def test_the_speed_warning_names_the_case_sizes() -> None:
    warning = _judge().speed_warning({"num_iters": 100, "shape": [3, 4]}, 0.01, 0.5)
    assert warning is not None and "(num_iters=100, shape=[3, 4]: 500.0 ms against 10.00 ms)" in (
        warning["message"]
    )


def test_the_reference_is_timed_on_the_speed_case() -> None:
    assert _judge().reference_seconds(ARGS) > 0.0
    with pytest.raises(HarnessError, match=r"^the reference fails on the timing case: "):
        _judge().reference_seconds([X, Y, np.array([1.0, 2.0, 3.0])])
