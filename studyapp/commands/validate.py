"""`studyapp validate`: check deck files and report every problem at once."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from studyapp.context import Context


def register(subparsers: Any) -> None:
    """Add the `validate` command."""
    parser = subparsers.add_parser(
        "validate",
        help="check deck files (default: every configured deck)",
        description="Check deck files and print every problem as path:line:col: message. "
        "Exit 0 when all are valid, 1 when any problem was found, 2 when a PATH does not "
        "exist.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="deck file or folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def _summary(counts: dict[str, int], tiers: dict[str, int]) -> str:
    from studyapp.session import counted

    parts = [counted(counts["flashcards"], "flashcard")]
    questions = counted(counts["questions"], "question")
    if counts["questions"]:
        questions += " (" + ", ".join(f"{n} {tier}" for tier, n in tiers.items()) + ")"
    parts += [questions, f"{counts['reorder']} reorder", f"{counts['sandbox']} sandbox"]
    if counts.get("lab"):
        parts.append(f"{counts['lab']} lab")
    return ", ".join(parts)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Validate and print the report; the exit code says whether all was valid."""
    from pathlib import Path

    from studyapp.decks import load_decks
    from studyapp.errors import UsageError

    # A path that is not there was mistyped: a usage error, not a problem inside a deck.
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        names = ", ".join(f"'{path}'" for path in missing)
        raise UsageError(f"validate: no such file or folder: {names}")
    sources = args.paths or ctx.content_sources()
    result = load_decks(sources, cache_dir=ctx.locations.cache)
    if args.json:
        payload = {
            "ok": result.ok,
            "decks": [
                {
                    "id": deck.id,
                    "title": deck.title,
                    "path": deck.path,
                    "counts": deck.counts(),
                    "tiers": deck.tier_counts(),
                }
                for deck in result.decks
            ],
            "errors": [problem.as_json() for problem in result.problems],
        }
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        for deck in result.decks:
            print(f"{deck.id}: {_summary(deck.counts(), deck.tier_counts())}  [{deck.path}]")
        files = len(result.files)
        if result.ok:
            print(f"ok: {len(result.decks)} deck(s) valid in {files} file(s)")
        else:
            count = len(result.problems)
            print(
                f"{count} problem{'s' if count != 1 else ''} found; "
                f"{len(result.decks)} of {files} file(s) loaded",
                file=sys.stderr,
            )
    return 0 if result.ok else 1
