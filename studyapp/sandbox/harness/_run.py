"""One check, judge side: send the case inputs to a learner process, judge what comes back.

The judge generates every case's inputs from its seeds, sends them as data to a fresh
learner process together with the submission, computes the reference's values while the
learner works, and judges each answer as it arrives. The learner's wall-clock budget is
enforced here; whatever it sends is untrusted. Prepared inputs and expected values are kept
per exercise, so a warm judge re-checks the same exercise without recomputing them.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._judge import (
    MIN_SLOW_SECONDS,
    SLOWDOWN,
    STOPPING_KINDS,
    Judge,
    failure,
    garbled,
    learner_line,
    learner_text,
)
from ._spawn import LearnerProcess
from ._wire import ChannelClosed, Encoder, WireError, WireTimeout, pack, read_frame, write_all

Send = Callable[[dict[str, Any]], None]

_CACHE_SIZE = 16
"""Exercises whose inputs and expected values a warm judge keeps."""
_LOAD_KINDS = frozenset({"syntax_error", "missing_function", "exception", "memory_limit"})
"""Failure kinds the learner process may report for loading the code."""
_EXIT_WAIT = 1.0
"""Seconds to let a learner that closed its channel end on its own (to learn how it ended)."""


@dataclass
class Prepared:
    """An exercise's judge, case inputs (as values and encoded) and expected values."""

    judge: Judge
    names: list[str]
    params: list[dict[str, Any]]
    args: list[list[Any]]
    trees: list[list[dict[str, Any]]]
    speed: tuple[str, dict[str, Any], list[Any]] | None
    speed_trees: list[dict[str, Any]] | None
    buffers: list[bytes]
    expected: list[tuple[Any, bool]] = field(default_factory=list)
    speed_seconds: float | None = None

    def expected_values(self) -> list[tuple[Any, bool]]:
        """The reference's value and whether it warned, per case (computed once)."""
        if not self.expected:
            self.expected = [
                self.judge.reference_value(args, name)
                for name, args in zip(self.names, self.args, strict=True)
            ]
        return self.expected


_cache: OrderedDict[str, Prepared] = OrderedDict()


def _key(request: dict[str, Any]) -> str:
    fields = ("entry", "reference", "cases", "speed_case", "rtol", "atol", "returns", "mistakes")
    text = json.dumps([request.get(name) for name in fields], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepare(request: dict[str, Any]) -> Prepared:
    """The prepared exercise of `request` (from the cache when seen before)."""
    key = _key(request)
    found = _cache.get(key)
    if found is not None:
        _cache.move_to_end(key)
        return found
    judge = Judge(request)
    cases: list[dict[str, Any]] = request["cases"]
    names = [str(case["name"]) for case in cases]
    params = [dict(case["params"]) for case in cases]
    args = [judge.arguments(name, p) for name, p in zip(names, params, strict=True)]
    encoder = Encoder()
    trees = [[encoder.value(arg) for arg in case] for case in args]
    speed = None
    speed_trees = None
    if request.get("speed_case"):
        name = str(request["speed_case"]["name"])
        speed_params = dict(request["speed_case"]["params"])
        speed_args = judge.arguments(name, speed_params)
        speed = (name, speed_params, speed_args)
        speed_trees = [encoder.value(arg) for arg in speed_args]
    prepared = Prepared(judge, names, params, args, trees, speed, speed_trees, encoder.buffers)
    _cache[key] = prepared
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return prepared


class _Lost(Exception):
    """The learner process stopped answering (it ended, or its time ran out)."""

    def __init__(self, timed_out: bool) -> None:
        super().__init__("lost")
        self.timed_out = timed_out


class _Garbled(Exception):
    """The learner process sent something that is not a frame."""


def _read(learner: LearnerProcess, deadline: float) -> tuple[dict[str, Any], list[bytes]]:
    try:
        return read_frame(learner.from_learner, deadline)
    except WireTimeout:
        raise _Lost(timed_out=True) from None
    except ChannelClosed:
        raise _Lost(timed_out=False) from None
    except (WireError, OSError, RecursionError, MemoryError) as error:
        raise _Garbled(str(error)) from None


def _returncode(learner: LearnerProcess, timed_out: bool) -> int | None:
    return None if timed_out else learner.wait(_EXIT_WAIT)


def run_check(request: dict[str, Any], learner: LearnerProcess, send: Send) -> dict[str, Any]:
    """Judge `request["submission"]` with `learner`; progress goes to `send`."""
    prepared = prepare(request)
    judge = prepared.judge
    names = prepared.names
    total = len(names) + (1 if prepared.speed else 0)
    if prepared.speed is not None and prepared.speed_seconds is None:
        prepared.speed_seconds = judge.reference_seconds(prepared.speed[2])
    speed = None
    if prepared.speed_trees is not None and prepared.speed_seconds is not None:
        slow_after = max(MIN_SLOW_SECONDS, SLOWDOWN * prepared.speed_seconds)
        speed = {"args": prepared.speed_trees, "slow_after": slow_after}
    header = {
        "type": "check",
        "code": request["submission"],
        "entry": judge.entry,
        "limits": request["limits"],
        "cases": prepared.trees,
        "speed": speed,
    }
    timeout = float(request["timeout"])
    result: dict[str, Any] = {"type": "result", "cases_run": 0, "failures": [], "warnings": []}
    current: str | None = None
    in_speed_case = False
    deadline = time.monotonic() + timeout
    try:
        try:
            write_all(learner.to_learner, pack(header, prepared.buffers))
        except OSError:
            raise _Lost(timed_out=False) from None
        expected = prepared.expected_values()  # while the learner loads and runs
        first, _ = _read(learner, deadline)
        if first.get("type") == "load_failed":
            kind = first.get("kind")
            if kind not in _LOAD_KINDS:
                result["failures"].append(garbled(None, "an unknown kind of failure"))
            else:
                result["failures"].append(
                    failure(
                        None,
                        str(kind),
                        learner_text(first.get("message")),
                        learner_line(first.get("line")),
                    )
                )
            return result
        if first.get("type") != "loaded":
            raise _Garbled("no 'loaded' message")
        for index, name in enumerate(names):
            current = name
            send({"type": "progress", "done": index, "total": total, "case": name})
            answer, buffers = _read(learner, deadline)
            if answer.get("type") != "case" or answer.get("index") != index:
                raise _Garbled("an answer out of order")
            value, warned = expected[index]
            found = judge.judge_answer(name, prepared.args[index], value, warned, answer, buffers)
            result["cases_run"] += 1
            if found is not None:
                result["failures"].append(found)
                if found["kind"] in STOPPING_KINDS:
                    break
        if result["failures"] or prepared.speed is None or speed is None:
            return result
        # Every case passed: say so first, so a submission too slow to finish the large case
        # still gets its verdict (with a warning) when its time runs out.
        in_speed_case = True
        current = prepared.speed[0]
        send({"type": "passed_cases", "cases_run": result["cases_run"]})
        send({"type": "progress", "done": len(names), "total": total, "case": current})
        timing, _ = _read(learner, deadline)
        seconds = timing.get("seconds")
        if timing.get("type") == "speed" and isinstance(seconds, float) and math.isfinite(seconds):
            warning = judge.speed_warning(prepared.speed[1], prepared.speed_seconds or 0, seconds)
            if warning is not None:
                result["warnings"].append(warning)
        return result
    except _Garbled as error:
        if in_speed_case:
            return result
        result["failures"].append(garbled(current, str(error)))
        return result
    except _Lost as lost:
        if in_speed_case and lost.timed_out:
            result["warnings"].append(
                {
                    "kind": "not_vectorized",
                    "message": "correct on every case, but too slow to finish the large "
                    f"timing case within {timeout:g} s: a Python loop over samples or "
                    "elements is the usual cause; express it with whole-array operations "
                    "such as X @ w",
                }
            )
            return result
        result["lost"] = {
            "case": current,
            "returncode": _returncode(learner, lost.timed_out),
            "timed_out": lost.timed_out,
        }
        return result
