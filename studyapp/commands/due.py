"""`studyapp due`: due and new counts per deck and kind, and when the next item falls due."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from studyapp.context import Context
from studyapp.model import KINDS


def register(subparsers: Any) -> None:
    """Add the `due` command."""
    parser = subparsers.add_parser(
        "due",
        help="due and new items per deck and kind",
        description="Count due and new items per deck and kind (new items are capped by what "
        "is left of today's new-item allowance) and show when the next item falls due.",
    )
    parser.add_argument("--deck", metavar="ID", help="only this deck")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def _local(moment: datetime | None, now: datetime) -> str:
    """A moment as local wall time, in the zone of `now`."""
    if moment is None:
        return "-"
    return moment.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")


def _breakdown(counts: dict[Any, int]) -> str:
    """ "2 flashcard, 1 question" (kinds with a count only)."""
    return ", ".join(f"{n} {kind.value}" for kind, n in counts.items() if n) or "none"


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Print the due report."""

    from studyapp.clock import iso_utc
    from studyapp.session import StudyService, select_decks

    # Counting needs ids and tiers only: catalogs, which the cache gives without item text.
    catalogs, problems = ctx.catalogs()
    progress = StudyService.open(ctx, read_only=True)
    try:
        asked = [args.deck] if args.deck else None
        decks = select_decks(catalogs, asked)
        # Without --deck, every deck with states at once: today's new items are then
        # counted in the same pass (see StudyService.state_counts).
        counts = progress.state_counts(deck_ids=asked)
        now = counts.now
        overviews = progress.overview(decks, counts)
        allowance = counts.allowance
    finally:
        progress.close()
    if problems:
        print(
            f"studyapp: note: {len(problems)} problem(s) in deck files; those decks are "
            "left out (run 'studyapp validate')",
            file=sys.stderr,
        )
    if args.json:
        import json

        payload = {
            "now": iso_utc(now),
            "decks": [
                {
                    "id": view.deck_id,
                    "due": {kind.value: view.due[kind] for kind in KINDS},
                    "new": {kind.value: view.new[kind] for kind in KINDS},
                    "next_due": iso_utc(view.next_due) if view.next_due else None,
                }
                for view in overviews
            ],
        }
        json.dump(payload, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"Now: {_local(now, now)} (new items left today: {allowance} of "
          f"{progress.settings.new_per_day})")
    if not overviews:
        print("No decks found: add deck files with --content or to your content folder.")
        return 0
    width = max(len(view.deck_id) for view in overviews)
    print(f"{'DECK':<{width}}  {'DUE':>5}  {'NEW':>5}  NEXT DUE")
    for view in overviews:
        print(
            f"{view.deck_id:<{width}}  {view.due_total:>5}  {view.new_total:>5}  "
            f"{_local(view.next_due, now)}"
        )
        if view.due_total or view.new_total:
            print(f"  due: {_breakdown(view.due)}; new: {_breakdown(view.new)}")
    due = sum(view.due_total for view in overviews)
    new = sum(view.new_total for view in overviews)
    print(f"Total: {due} due, {new} new")
    return 0
