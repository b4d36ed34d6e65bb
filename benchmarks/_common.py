"""Shared helpers of the benchmark modules: timing, whole-process runs, result rows."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Row:
    """One line of the benchmark table: a measure, its peer in the same run, their ratio."""

    benchmark: str
    """Group, e.g. "content loading"."""
    measure: str
    """What was measured, e.g. "cold load, 10,000 items"."""
    value: float
    """Our figure."""
    unit: str
    """Unit of value and peer_value: "s", "ms", "MiB", "events/s"."""
    peer: str | None = None
    """What we compare against, e.g. "yaml.load(CSafeLoader)"."""
    peer_value: float | None = None
    """The peer's figure, measured in the same run."""
    target: float | None = None
    """The ratio we must not exceed (None: report only)."""

    @property
    def ratio(self) -> float | None:
        """value / peer_value."""
        if not self.peer_value:
            return None
        return self.value / self.peer_value

    @property
    def ok(self) -> bool | None:
        """Whether the ratio meets the target."""
        ratio = self.ratio
        if self.target is None or ratio is None:
            return None
        return ratio <= self.target

    def as_json(self) -> dict[str, Any]:
        """The row with its ratio and verdict, for --json."""
        data = asdict(self)
        data["ratio"] = self.ratio
        data["ok"] = self.ok
        return data


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of `fn()` in seconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_time(
    argv: Sequence[str], repeat: int = 5, env: dict[str, str] | None = None, warmup: int = 1
) -> float:
    """Median wall time in seconds of running `argv` as a whole process (output discarded)."""
    full_env = {**os.environ, **(env or {})}

    def once() -> None:
        subprocess.run(
            argv, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )

    return median_time(once, repeat=repeat, warmup=warmup)


def interleaved_process_times(
    commands: dict[str, Sequence[str]], repeat: int = 7, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median wall times of several commands run in turn, so machine noise hits all alike."""
    full_env = {**os.environ, **(env or {})}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_index in range(repeat + 1):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(
                argv,
                env=full_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            if round_index:  # the first round warms caches
                samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


PYTHON = sys.executable
"""The interpreter running the benchmarks (used for every child process)."""
