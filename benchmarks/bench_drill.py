"""Drill: training speed against a plain NumPy loop, and a control change until it is redrawn.

Training. 2,000 updates of batch gradient descent on the standardised breast cancer data
(569 rows, 30 features), recording the loss after each update: the drill's
`gradient_descent` against a plain vectorised NumPy loop written the textbook way (sigmoid,
gradient, update, then the same stable loss with the new weights), timed in turn in this
process so machine noise hits both alike. Both produce the same weights and history (checked
before timing). A second row times the whole `drill --json` computation (`train.run`: loading,
scaling, training, metrics) against the same plain loop.

Control change to redrawn. In `App.run_test()`, the drill screen (breast cancer, 1,000
updates) takes a "right" key on the learning-rate control exactly as `Pilot.press` hands it
to the driver; the time runs until the screen has drawn the new run (the worker is awaited,
then its `runs` counter moves and the next frame is out). The peer is the bare training of the same settings in
this process: the ratio is what the worker, the plots and the tables add.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from _common import Row

ITERS = 2000


def plain_loop(X: Any, y: Any, alpha: float, iters: int) -> tuple[Any, float, list[float]]:
    """Textbook vectorised gradient descent with the loss after each update."""
    m, n = X.shape
    w = np.zeros(n)
    b = 0.0
    history = []
    for _ in range(iters):
        f = 1 / (1 + np.exp(-(X @ w + b)))
        err = f - y
        w = w - alpha * (X.T @ err) / m
        b = b - alpha * np.sum(err) / m
        z = X @ w + b
        history.append(float(np.mean(np.logaddexp(0, z) - y * z)))
    return w, b, history


def _interleaved(fns: dict[str, Any], repeat: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for round_index in range(repeat + 1):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            if round_index:  # the first round warms caches
                samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def _training_rows(quick: bool) -> list[Row]:
    from studyapp.drill.data import load, standardise
    from studyapp.drill.settings import DrillSettings
    from studyapp.drill.train import gradient_descent, run

    dataset = load("breast-cancer")
    (X,) = standardise(dataset.X)
    y = dataset.y
    s = np.ones_like(y)
    ours = gradient_descent(X, y, s, 0.1, ITERS)
    w, b, history = plain_loop(X, y, 0.1, ITERS)
    np.testing.assert_allclose(ours.w, w, rtol=1e-9)
    assert abs(ours.b - b) <= 1e-9 * max(1.0, abs(b))
    np.testing.assert_allclose(ours.history, history, rtol=1e-9)
    settings = DrillSettings("breast-cancer", alpha=0.1, iters=ITERS)
    times = _interleaved(
        {
            "drill": lambda: gradient_descent(X, y, s, 0.1, ITERS),
            "run": lambda: run(settings),
            "plain": lambda: plain_loop(X, y, 0.1, ITERS),
        },
        repeat=3 if quick else 15,
    )
    peer = "plain NumPy loop, same updates and losses"
    return [
        Row(
            benchmark="drill",
            measure=f"train {ITERS:,} updates, breast cancer (gradient_descent)",
            value=times["drill"],
            unit="s",
            peer=peer,
            peer_value=times["plain"],
            target=1.0,
        ),
        Row(
            benchmark="drill",
            measure=f"`drill --json` work, {ITERS:,} updates (load, scale, train, metrics)",
            value=times["run"],
            unit="s",
            peer=peer,
            peer_value=times["plain"],
            target=1.0,
        ),
    ]


async def _redraw_times(samples: int) -> tuple[list[float], list[float]]:
    from textual import events

    from studyapp.context import Context
    from studyapp.drill.settings import DrillSettings
    from studyapp.drill.train import run
    from studyapp.tui.app import StudyApp
    from studyapp.tui.screens.drill import DrillScreen

    app = StudyApp(Context.create(), drill=DrillSettings(iters=1000))
    redraws: list[float] = []
    trainings: list[float] = []
    async with app.run_test(size=(110, 34)) as pilot:
        for _ in range(400):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen, DrillScreen) and app.screen.runs:
                break
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        for index in range(samples):
            key = "right" if index % 2 == 0 else "left"  # 0.1 <-> 0.3
            before = screen.runs
            start = time.perf_counter()
            app.post_message(events.Key(key, None))
            await pilot.pause()  # the key is handled and the training worker started
            await app.workers.wait_for_complete()  # awaited, not polled: no GIL stolen
            while screen.runs == before:
                await pilot.pause()
            await pilot.pause()  # the frame with the new figures
            redraws.append(time.perf_counter() - start)
            settings = screen.settings
            start = time.perf_counter()
            run(settings)
            trainings.append(time.perf_counter() - start)
    return redraws, trainings


def _redraw_row(quick: bool) -> Row:
    redraws, trainings = asyncio.run(_redraw_times(4 if quick else 12))
    return Row(
        benchmark="drill",
        measure="control change -> redrawn (breast cancer, 1,000 updates)",
        value=statistics.median(redraws),
        unit="s",
        peer="bare training of the same settings",
        peer_value=statistics.median(trainings),
    )


def run(quick: bool = False) -> list[Row]:
    """Training speed rows and the change-to-redrawn row."""
    import os
    import tempfile

    work = tempfile.mkdtemp(prefix="studyapp-bench-drill-")
    for name in ("DATA", "CONFIG", "CACHE"):
        os.environ[f"STUDYAPP_{name}_DIR"] = os.path.join(work, name.lower())
    return [*_training_rows(quick), _redraw_row(quick)]


if __name__ == "__main__":
    from run import table

    print(table(run(quick="--quick" in sys.argv)))
