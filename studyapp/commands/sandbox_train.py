"""`studyapp sandbox train`: train with your own gradient_descent and compare with the reference."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from studyapp.context import Context
from studyapp.errors import UsageError


def register_train(actions: Any) -> None:
    """Add the `train` action to `studyapp sandbox`."""
    from studyapp.drill.settings import DATASETS

    train = actions.add_parser(
        "train",
        help="train with your gradient_descent on a data set and compare with the reference",
        description="Run your gradient_descent (from FILE) in the sandbox, with the same "
        "limits as a check, from w = 0 and b = 0 on a standardised data set, and the "
        "reference on the same inputs; print both runs' log loss, accuracy, Brier score "
        "and cost history.",
    )
    train.add_argument("file", metavar="FILE", help="your Python file")
    train.add_argument("--dataset", choices=DATASETS, required=True, help="data set to train on")
    train.add_argument("--alpha", type=float, default=0.1, metavar="A", help="learning rate")
    train.add_argument("--iters", type=int, default=1000, metavar="N", help="updates")
    train.add_argument(
        "--exercise", default="descent", metavar="ID", help="the exercise whose reference to use"
    )
    train.add_argument("--json", action="store_true", help="print one JSON object")
    train.add_argument("--timeout", type=float, metavar="SECONDS", help="wall-clock limit")
    train.set_defaults(handler=run_train)


def run_train(args: argparse.Namespace, ctx: Context) -> int:
    """Train both and print the comparison; exit 1 when your code failed."""
    import math

    from studyapp.commands.sandbox import find_exercise
    from studyapp.sandbox import Limits, train_submission

    if not (math.isfinite(args.alpha) and args.alpha > 0):
        raise UsageError(f"--alpha must be a number > 0, not {args.alpha}")
    if not 1 <= args.iters <= 100_000:
        raise UsageError(f"--iters must be between 1 and 100000, not {args.iters}")
    _, exercise = find_exercise(ctx, args.exercise)
    try:
        code = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {args.file}: {error}") from None
    if args.timeout is not None:
        limits = Limits(timeout=args.timeout)
    else:
        from studyapp.settings_file import load_settings

        limits = Limits(timeout=load_settings(ctx.locations.config_file).sandbox_timeout)
    report = train_submission(
        exercise, code, dataset=args.dataset, alpha=args.alpha, iters=args.iters, limits=limits
    )
    failed = report["yours"] is None
    if args.json:
        shown = {"yours": report["yours"], "reference": report["reference"]}
        if report["failures"]:
            shown["failures"] = report["failures"]
        json.dump(shown, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        return 1 if failed else 0
    print(f"{args.dataset}, standardised, alpha = {args.alpha:g}, {args.iters} updates\n")
    rows = [("", "yours", "reference")]
    for key, name in (("log_loss", "log loss"), ("accuracy", "accuracy"), ("brier", "Brier")):
        rows.append((name, _figure(report["yours"], key), _figure(report["reference"], key)))
    for name, yours, reference in rows:
        print(f"{name:<10}{yours:>12}{reference:>12}")
    for failure in report["failures"]:
        line = f" (line {failure['line']})" if failure.get("line") else ""
        print(f"\nyour code: {failure['kind']}{line}: {failure['message']}", file=sys.stderr)
    return 1 if failed else 0


def _figure(run: dict[str, Any] | None, key: str) -> str:
    if run is None:
        return "-"
    value = run.get(key)
    return "-" if value is None else f"{value:.4f}"
