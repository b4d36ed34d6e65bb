"""`studyapp drill`: train logistic regression on a shipped data set and report its metrics."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from studyapp.context import Context


def register(subparsers: Any) -> None:
    """Add the `drill` command."""
    # Only the stdlib settings module here: building the parser must not load NumPy.
    from studyapp.drill.settings import CLASS_WEIGHTS, DATASETS, SPLITS, DrillSettings

    defaults = DrillSettings()
    parser = subparsers.add_parser(
        "drill",
        help="the concept drill: train logistic regression and watch what each setting does",
        description="Train logistic regression by batch gradient descent (from w = 0, b = 0) "
        "on a shipped data set. With --json, print the metrics on the evaluation rows (the "
        "held-out 20% with --split holdout, else every row) as one JSON object; without it, "
        "open the app on the drill screen with these settings.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object and exit")
    parser.add_argument(
        "--dataset", choices=DATASETS, default=defaults.dataset, help="data set to train on"
    )
    parser.add_argument(
        "--alpha", type=float, default=defaults.alpha, metavar="A", help="learning rate"
    )
    parser.add_argument(
        "--iters", type=int, default=defaults.iters, metavar="N", help="gradient descent updates"
    )
    parser.add_argument(
        "--scale",
        choices=("on", "off"),
        default="on",
        help="standardise features with the training rows' mean and std",
    )
    parser.add_argument(
        "--class-weight",
        choices=[name for name in CLASS_WEIGHTS if name != "custom"],
        default=defaults.class_weight,
        help="balanced weighs each row by n / (2 * count of its class)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=defaults.threshold,
        metavar="T",
        help="predict positive when p >= T",
    )
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default=defaults.split,
        help="holdout keeps a seeded 20%% of each class for evaluation",
    )
    parser.set_defaults(handler=run)


def settings_from(args: argparse.Namespace) -> Any:
    """The DrillSettings the arguments ask for (SettingsError, a usage error, if out of range)."""
    from studyapp.drill.settings import DrillSettings

    return DrillSettings(
        dataset=args.dataset,
        alpha=args.alpha,
        iters=args.iters,
        scale=args.scale == "on",
        class_weight=args.class_weight,
        threshold=args.threshold,
        split=args.split,
    ).checked()


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Print the run's JSON report, or open the drill screen."""
    settings = settings_from(args)
    if not args.json:
        from studyapp.tui.app import run_app

        return run_app(ctx, drill=settings)
    from studyapp.drill.train import run as train

    result = train(settings)
    json.dump(result.as_json(), sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 0
