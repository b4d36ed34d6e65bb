"""`studyapp stats`: box distribution, recent reviews and accuracy, recall per box, streak."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from typing import Any

from studyapp.context import Context


def register(subparsers: Any) -> None:
    """Add the `stats` command."""
    parser = subparsers.add_parser(
        "stats",
        help="learning statistics per deck",
        description="Show, per deck, how many items sit in each box, reviews and accuracy over "
        "the last 7 and 30 days, measured recall per box, orphaned items (history kept for "
        "items no longer in the content) and the study streak.",
    )
    parser.add_argument("--deck", metavar="ID", help="only this deck")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def _reviews(count: int) -> str:
    """ "1 review" or "3 reviews"."""
    return f"{count} review{'' if count == 1 else 's'}"


def _percent(value: float | None) -> str:
    """ "83%" or "-"."""
    return "-" if value is None else f"{round(value * 100)}%"


def collect(ctx: Context, deck_id: str | None) -> dict[str, Any]:
    """The stats report in its JSON shape."""
    from studyapp.clock import iso_utc
    from studyapp.errors import UsageError
    from studyapp.scheduling import due_thresholds
    from studyapp.session import StudyService, accuracy, streak_days
    from studyapp.session._overview import deck_overview, orphan_overview

    decks = ctx.decks().decks
    progress = StudyService.open(ctx)
    try:
        rules = progress.rules
        now = progress.now()
        today = progress.today_start(now)
        week = progress.store.answer_counts(iso_utc(today - timedelta(days=6)))
        month = progress.store.answer_counts(iso_utc(today - timedelta(days=29)))
        recall = progress.store.recall_counts()
        streak = streak_days(progress.store.answer_minutes(), rules, now)
        known = {deck.id for deck in decks}
        extra = [d for d in progress.store.deck_ids() if d not in known]
        chosen = [deck for deck in decks if deck_id in (None, deck.id)]
        gone = [d for d in extra if deck_id in (None, d)]
        if deck_id is not None and not chosen and not gone:
            from studyapp.suggest import did_you_mean

            raise UsageError(f"unknown deck '{deck_id}'{did_you_mean(deck_id, known | set(extra))}")
        thresholds = due_thresholds(rules, now)
        views = [
            deck_overview(
                deck.catalog(), progress.store.deck_rows(deck.id, thresholds), rules, now, 0
            )
            for deck in chosen
        ]
        views += [orphan_overview(d, progress.store.logged_items(d), rules) for d in gone]
        # Orphans are items with any history (cram answers too) that the content lacks.
        logged = {view.deck_id: progress.store.logged_items(view.deck_id) for view in views}
    finally:
        progress.close()
    report = []
    for view in views:
        seven, thirty = week.get(view.deck_id, (0, 0)), month.get(view.deck_id, (0, 0))
        by_box = recall.get(view.deck_id, {})
        present = {item.id for deck in decks if deck.id == view.deck_id for item in deck.items()}
        orphans = sorted(logged[view.deck_id] - present)
        report.append({
            "id": view.deck_id,
            "boxes": {str(box): n for box, n in view.boxes.items()},
            "unseen": view.unseen,
            "reviews_7d": seven[0],
            "accuracy_7d": accuracy(*seven),
            "reviews_30d": thirty[0],
            "accuracy_30d": accuracy(*thirty),
            "recall_by_box": {
                str(box): accuracy(*by_box.get(box, (0, 0))) for box in range(1, rules.boxes + 1)
            },
            "orphaned": len(orphans),
            "orphaned_items": orphans,
        })
    return {"decks": report, "streak_days": streak}


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Print the stats report."""
    report = collect(ctx, args.deck)
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for deck in report["decks"]:
        print(deck["id"])
        boxes = "  ".join(f"{box}: {n}" for box, n in deck["boxes"].items())
        print(f"  boxes      {boxes}   unseen: {deck['unseen']}")
        print(
            f"  last 7 d   {_reviews(deck['reviews_7d'])}, {_percent(deck['accuracy_7d'])} "
            f"correct; last 30 d: {_reviews(deck['reviews_30d'])}, "
            f"{_percent(deck['accuracy_30d'])} correct"
        )
        recall = "  ".join(f"{box}: {_percent(x)}" for box, x in deck["recall_by_box"].items())
        print(f"  recall     {recall}")
        if deck["orphaned"]:
            shown = ", ".join(deck["orphaned_items"][:8])
            more = "" if deck["orphaned"] <= 8 else f" and {deck['orphaned'] - 8} more"
            print(f"  orphaned   {deck['orphaned']} (history kept, not in the content: "
                  f"{shown}{more})")
    if not report["decks"]:
        print("No decks and no progress yet.")
    days = report["streak_days"]
    print(f"Streak: {days} day{'s' if days != 1 else ''}")
    return 0
