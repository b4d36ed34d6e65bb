"""`studyapp progress`: export the review log as JSON Lines, import (merge) one, rebuild state,
drop answers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp.context import Context
from studyapp.errors import StudyappError

if TYPE_CHECKING:
    from studyapp.session import StudyService


def register(subparsers: Any) -> None:
    """Add the `progress` command with its export, import, rebuild and drop actions."""
    parser = subparsers.add_parser(
        "progress",
        help="export, import, rebuild or drop your progress",
        description="Move progress between machines or keep a backup: the review log is the "
        "record of every answer; boxes are derived from it.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", dest="action")
    export = actions.add_parser(
        "export",
        help="write the whole review log as JSON Lines",
        description="Write every answer as one JSON object per line, oldest first. The "
        "database is only read (this works on a read-only file or a full disk).",
    )
    export.add_argument("file", nargs="?", default="-", metavar="FILE", help="output (default: -)")
    export.set_defaults(handler=run_export)
    merge = actions.add_parser(
        "import",
        help="merge a JSON Lines review log into your progress",
        description="Merge answers from an export (another machine, a backup). Importing the "
        "same file twice adds nothing; boxes are recomputed from the merged log in time "
        "order. A file with malformed lines imports nothing unless --skip-bad is given. "
        "Answers must be dated from 2000-01-01 up to a day after now.",
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
    drop = actions.add_parser(
        "drop",
        help="remove answers from the review log by event id",
        description="Remove answers from the review log (for example one dated in the "
        "future by a wrong clock) and recompute the boxes of their items. Event ids are "
        "the 'id' of each line of 'progress export'.",
    )
    drop.add_argument("event_ids", nargs="+", metavar="EVENT_ID", help="id of an answer")
    drop.set_defaults(handler=run_drop)
    parser.set_defaults(handler=lambda args, ctx: _missing_action(parser))


def _missing_action(parser: argparse.ArgumentParser) -> int:
    """`studyapp progress` without an action: usage and exit 2."""
    parser.print_usage(sys.stderr)
    print(
        "studyapp progress: error: choose an action: export, import, rebuild or drop",
        file=sys.stderr,
    )
    return 2


def _service(ctx: Context, *, read_only: bool = False) -> StudyService:
    """The progress service of this run (settings from config.yaml)."""
    from studyapp.session import StudyService

    return StudyService.open(ctx, read_only=read_only)


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write the review log as JSON Lines to a file (atomically) or stdout."""
    progress = _service(ctx, read_only=True)
    try:
        if args.file == "-":
            progress.export_log(sys.stdout)
            sys.stdout.flush()
        else:
            target = Path(args.file)
            count = progress.export_file(target)
            print(f"exported {count} answer(s) to {target}", file=sys.stderr)
    finally:
        progress.close()
    return 0


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    """Merge a JSON Lines log; malformed lines are reported with their line numbers."""
    from studyapp.session import open_log, read_log

    name = "<stdin>" if args.file == "-" else args.file
    try:
        if args.file == "-":
            parsed = read_log(sys.stdin.buffer, name)
        else:
            with open_log(args.file) as stream:
                parsed = read_log(stream, name)
    except OSError as error:
        reason = error.strerror or str(error)
        raise StudyappError(f"{name}: cannot read the file ({reason})") from None
    for problem in parsed.problems:
        print(problem, file=sys.stderr)
    if parsed.problems and not args.skip_bad:
        print(
            f"studyapp: nothing imported: {len(parsed.problems)} bad line(s) in {name} "
            f"(fix them, or use --skip-bad to import the {len(parsed.reviews)} good one(s))",
            file=sys.stderr,
        )
        return 1
    progress = _service(ctx)
    try:
        added, present = progress.merge_log(parsed.reviews)
    finally:
        progress.close()
    skipped = f", skipped {len(parsed.problems)} bad line(s)" if parsed.problems else ""
    print(f"imported {added} new answer(s) ({present} already present){skipped}")
    return 0


def run_rebuild(args: argparse.Namespace, ctx: Context) -> int:
    """Recompute every item's state from the log."""
    progress = _service(ctx)
    try:
        items = progress.rebuild()
    finally:
        progress.close()
    print(f"rebuilt the boxes of {items} item(s) from the review log")
    return 0


def run_drop(args: argparse.Namespace, ctx: Context) -> int:
    """Remove answers by event id; unknown ids are reported (exit 1)."""
    progress = _service(ctx)
    try:
        stale = progress.ignored_notice()  # noted when the service opened, before the drop
        dropped, unknown = progress.drop_events(args.event_ids)
        if stale in ctx.notices:
            ctx.notices.remove(stale)
        notice = progress.ignored_notice()
        if notice is not None:
            ctx.note(notice)
    finally:
        progress.close()
    for review in dropped:
        print(f"dropped {review.id} ({review.ref}, {review.at})")
    for ident in unknown:
        print(f"studyapp: no answer with event id {ident!r} in the log", file=sys.stderr)
    return 1 if unknown else 0
