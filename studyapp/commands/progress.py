"""`studyapp progress`: export the review log as JSON Lines, import (merge) one, rebuild state."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studyapp.context import Context
from studyapp.errors import StudyappError


def register(subparsers: Any) -> None:
    """Add the `progress` command with its export, import and rebuild actions."""
    parser = subparsers.add_parser(
        "progress",
        help="export, import or rebuild your progress",
        description="Move progress between machines or keep a backup: the review log is the "
        "record of every answer; boxes are derived from it.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", dest="action")
    export = actions.add_parser(
        "export",
        help="write the whole review log as JSON Lines",
        description="Write every answer as one JSON object per line, oldest first.",
    )
    export.add_argument("file", nargs="?", default="-", metavar="FILE", help="output (default: -)")
    export.set_defaults(handler=run_export)
    merge = actions.add_parser(
        "import",
        help="merge a JSON Lines review log into your progress",
        description="Merge answers from an export (another machine, a backup). Importing the "
        "same file twice adds nothing; boxes are recomputed from the merged log in time "
        "order. A file with malformed lines imports nothing unless --skip-bad is given.",
    )
    merge.add_argument(
        "file", metavar="FILE", help="a file written by 'progress export' (- for stdin)"
    )
    merge.add_argument("--skip-bad", action="store_true", help="import the good lines anyway")
    merge.set_defaults(handler=run_import)
    rebuild = actions.add_parser(
        "rebuild",
        help="recompute every box from the review log",
        description="Recompute every item's Leitner state from the review log.",
    )
    rebuild.set_defaults(handler=run_rebuild)
    parser.set_defaults(handler=lambda args, ctx: _missing_action(parser))


def _missing_action(parser: argparse.ArgumentParser) -> int:
    """`studyapp progress` without an action: usage and exit 2."""
    parser.print_usage(sys.stderr)
    print("studyapp progress: error: choose an action: export, import or rebuild", file=sys.stderr)
    return 2


def _store(ctx: Context) -> Any:
    """The progress service of this run (settings from config.yaml)."""
    from studyapp.session import StudyService

    return StudyService.open(ctx)


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write the review log as JSON Lines to a file (atomically) or stdout."""
    from studyapp.fileio import open_atomic
    from studyapp.store import write_jsonl

    progress = _store(ctx)
    try:
        if args.file == "-":
            count = write_jsonl(progress.store.iter_reviews(), sys.stdout)
            sys.stdout.flush()
        else:
            target = Path(args.file)
            try:
                with open_atomic(target) as out:
                    count = write_jsonl(progress.store.iter_reviews(), out)
            except OSError as error:
                message = f"{target}: cannot write the export ({error.strerror})"
                raise StudyappError(message) from None
            print(f"exported {count} answer(s) to {target}", file=sys.stderr)
    finally:
        progress.close()
    return 0


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    """Merge a JSON Lines log; malformed lines are reported with their line numbers."""
    from studyapp.model import Problem
    from studyapp.store import parse_jsonl, read_lines

    problems: list[Problem] = []
    name = "<stdin>" if args.file == "-" else args.file
    try:
        if args.file == "-":
            parsed = parse_jsonl(read_lines(sys.stdin.buffer, name, problems), name)
        else:
            with open(args.file, "rb") as stream:
                parsed = parse_jsonl(read_lines(stream, name, problems), name)
    except OSError as error:
        raise StudyappError(f"{name}: cannot read the file ({error.strerror})") from None
    problems = sorted(problems + parsed.problems, key=lambda p: p.line)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems and not args.skip_bad:
        print(
            f"studyapp: nothing imported: {len(problems)} bad line(s) in {name} "
            f"(fix them, or use --skip-bad to import the {len(parsed.reviews)} good one(s))",
            file=sys.stderr,
        )
        return 1
    progress = _store(ctx)
    try:
        added, present = progress.store.merge(parsed.reviews)
    finally:
        progress.close()
    skipped = f", skipped {len(problems)} bad line(s)" if problems else ""
    print(f"imported {added} new answer(s) ({present} already present){skipped}")
    return 0


def run_rebuild(args: argparse.Namespace, ctx: Context) -> int:
    """Recompute every item's state from the log."""
    progress = _store(ctx)
    try:
        items = progress.store.rebuild()
    finally:
        progress.close()
    print(f"rebuilt the boxes of {items} item(s) from the review log")
    return 0
