"""`studyapp code ID`: start the app on the coding screen of one exercise."""

from __future__ import annotations

import argparse
from typing import Any

from studyapp.context import Context


def register(subparsers: Any) -> None:
    """Add the `code` command."""
    parser = subparsers.add_parser(
        "code",
        help="open the app on a coding exercise (ctrl+q quits, Esc goes on to your decks)",
        description="Write and check a coding exercise in the app. Your code is saved in the "
        "code folder shown by 'studyapp locate'.",
    )
    parser.add_argument("id", metavar="ID", help="exercise id (or DECK/ID), see 'sandbox list'")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Find the exercise (unknown ids: "did you mean", exit 2), then run the app on it."""
    from studyapp.commands.sandbox import find_exercise
    from studyapp.tui.app import run_app

    deck, exercise = find_exercise(ctx, args.id)
    return run_app(ctx, exercise=(deck.id, exercise.id))
