"""Plots of the drill and the lab: loss curves and 2-D points with a decision boundary.

Drawn by textual-plotext (Textualize's wrapper of plotext), which gives real axes, ticks
and a legend in a terminal. Imported only when a drill or lab view opens.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from textual_plotext import PlotextPlot

MAX_POINTS = 240
"""Points drawn per curve; longer curves are thinned evenly (the last point is kept)."""


def thin(values: Sequence[float], limit: int = MAX_POINTS) -> tuple[list[int], list[float]]:
    """(1-based update numbers, finite values) of at most `limit` evenly spaced points."""
    count = len(values)
    picked: Sequence[int]
    if count <= limit:
        picked = range(count)
    else:
        step = (count - 1) / (limit - 1)
        picked = sorted({round(i * step) for i in range(limit)})
    xs, ys = [], []
    for index in picked:
        value = float(values[index])
        if math.isfinite(value):
            xs.append(index + 1)
            ys.append(value)
    return xs, ys


class LossPlot(PlotextPlot):
    """Loss after each update, one line per curve, with axes and a legend."""

    DEFAULT_CSS = """
    LossPlot {
        height: 1fr;
        min-height: 8;
    }
    """

    labels: tuple[str, ...] = ()
    """Labels of the curves drawn last (those with at least one finite value)."""

    def show_curves(self, curves: Mapping[str, Sequence[float]], title: str = "Loss") -> None:
        """Draw `curves` ({label: loss per update}); non-finite values are left out."""
        plt = self.plt
        drawn_labels: list[str] = []
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        plt.xlabel("update")
        for label, values in curves.items():
            xs, ys = thin(values)
            if xs:
                plt.plot(xs, ys, label=label, marker="braille")
                drawn_labels.append(label)
        self.labels = tuple(drawn_labels)
        if not drawn_labels:
            plt.title(f"{title}: no finite value to draw (inf or NaN)")
        self.refresh()


class PointsPlot(PlotextPlot):
    """Rows of a 2-feature data set by class, and the line where p equals the threshold."""

    DEFAULT_CSS = """
    PointsPlot {
        height: 1fr;
        min-height: 8;
    }
    """

    def show_points(
        self,
        x1: Sequence[float],
        x2: Sequence[float],
        labels: Sequence[float],
        boundary: tuple[float, float, float] | None,
        names: tuple[str, str],
    ) -> None:
        """Draw the rows and, when `boundary` = (w1, w2, c) is given, the line w1 x1 + w2 x2 = c."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("Evaluation rows and the decision boundary")
        plt.xlabel(names[0])
        for label, name in ((0.0, "class 0"), (1.0, "class 1")):
            xs = [a for a, y in zip(x1, labels, strict=True) if y == label]
            ys = [b for b, y in zip(x2, labels, strict=True) if y == label]
            if xs:
                plt.scatter(xs, ys, label=name, marker="dot")
        finite = [v for v in (*x1, *x2) if math.isfinite(v)]
        if boundary is not None and finite and len(x1):
            w1, w2, c = boundary
            low, high = min(x1), max(x1)
            bottom, top = min(x2), max(x2)
            line = _boundary(w1, w2, c, (low, high), (bottom, top))
            if line is not None:
                plt.plot(line[0], line[1], label="p = threshold", marker="braille")
            plt.xlim(low, high)
            plt.ylim(bottom, top)
        self.refresh()


def _boundary(
    w1: float, w2: float, c: float, xs: tuple[float, float], ys: tuple[float, float]
) -> tuple[list[float], list[float]] | None:
    """Points of the line w1 x1 + w2 x2 = c across the plot, or None if it cannot be drawn."""
    if not all(math.isfinite(v) for v in (w1, w2, c)) or (w1 == 0 and w2 == 0):
        return None
    steps = 60
    if abs(w2) >= abs(w1):
        line_x = [xs[0] + (xs[1] - xs[0]) * i / steps for i in range(steps + 1)]
        line_y = [(c - w1 * x) / w2 for x in line_x]
    else:
        line_y = [ys[0] + (ys[1] - ys[0]) * i / steps for i in range(steps + 1)]
        line_x = [(c - w2 * y) / w1 for y in line_y]
    kept = [
        (x, y)
        for x, y in zip(line_x, line_y, strict=True)
        if xs[0] <= x <= xs[1] and ys[0] <= y <= ys[1]
    ]
    if len(kept) < 2:
        return None
    return [x for x, _ in kept], [y for _, y in kept]
