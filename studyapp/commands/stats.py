"""`studyapp stats`: parses the options and formats StudyService.stats (text or JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from studyapp.context import Context

if TYPE_CHECKING:
    from studyapp.session import StatsReport, Tally


def register(subparsers: Any) -> None:
    """Add the `stats` command."""
    parser = subparsers.add_parser(
        "stats",
        help="learning statistics per deck",
        description="Show, per deck, how many items sit in each box, reviews and accuracy over "
        "the last 7 and 30 days, measured recall per box, orphaned items (history kept for "
        "items no longer in the content); then accuracy by kind and tier, recall per box "
        "next to the 90% the schedule assumes, time studied, coding exercises passed, the "
        "due forecast and the study streak. --json adds a 14-day forecast and a 16-week "
        "heatmap.",
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



def _tally(tally: Tally) -> dict[str, Any]:
    """A tally in its JSON shape."""
    return {"answers": tally.answers, "correct": tally.correct, "accuracy": tally.accuracy}


def json_text(payload: dict[str, Any]) -> str:
    """`payload` as JSON text, a line per top-level key and per deck, with a final newline.

    Indenting every level (json's indent=2) goes through Python's own encoder, five times
    slower than the C one that writes each line here; a deck a line still reads well.
    """
    lines = []
    for key, value in payload.items():
        name = json.dumps(key)
        if key == "decks" and value:
            decks = ",\n".join(f"    {json.dumps(deck, ensure_ascii=False)}" for deck in value)
            lines.append(f"  {name}: [\n{decks}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def report_json(report: StatsReport) -> dict[str, Any]:
    """The stats report in its JSON shape."""
    decks = []
    for deck in report.decks:
        view = deck.overview
        decks.append({
            "id": view.deck_id,
            "boxes": {str(box): n for box, n in view.boxes.items()},
            "boxes_by_kind": {
                kind.value: {str(box): n for box, n in boxes.items()}
                for kind, boxes in deck.boxes_by_kind.items()
            },
            "unseen": view.unseen,
            "reviews_7d": deck.week.answers,
            "accuracy_7d": deck.week.accuracy,
            "reviews_30d": deck.month.answers,
            "accuracy_30d": deck.month.accuracy,
            "recall_by_box": {str(box): t.accuracy for box, t in deck.recall_by_box.items()},
            "orphaned": len(deck.orphaned),
            "orphaned_items": list(deck.orphaned),
        })
    return {
        "decks": decks,
        "streak_days": report.streak_days,
        "forecast": [{"date": d.day.isoformat(), "due": d.due} for d in report.forecast],
        "heatmap": [
            {"date": d.day.isoformat(), "reviews": d.answers, "correct": d.correct}
            for d in report.heatmap
        ],
        "accuracy_by_kind": {k.value: _tally(t) for k, t in report.accuracy_by_kind.items()},
        "accuracy_by_tier": {k.value: _tally(t) for k, t in report.accuracy_by_tier.items()},
        "coding": {
            "exercises": report.coding_exercises,
            "passed": report.coding_passed,
            "attempts": report.coding_attempts,
        },
        "time_studied_ms": {
            "7d": report.time_studied_ms[7],
            "30d": report.time_studied_ms[30],
            "total": report.time_studied_ms[0],
        },
        "recall_30d": [
            {"box": r.box, **_tally(r.tally), "assumed": r.assumed} for r in report.recall_30d
        ],
    }


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Print the stats report."""
    from studyapp.session import StudyService

    # Statistics need ids, kinds and tiers only: catalogs, which the cache gives cheaply.
    catalogs, _ = ctx.catalogs()
    service = StudyService.open(ctx, read_only=True)
    try:
        report = service.stats(catalogs, args.deck)
    finally:
        service.close()
    if args.json:
        sys.stdout.write(json_text(report_json(report)))
        return 0
    _print_text(report)
    return 0


def _print_text(report: StatsReport) -> None:
    """The report as text."""
    from studyapp.session import ASSUMED_RECALL, duration_minutes

    for deck in report.decks:
        view = deck.overview
        print(view.deck_id)
        boxes = "  ".join(f"{box}: {n}" for box, n in view.boxes.items())
        print(f"  boxes      {boxes}   unseen: {view.unseen}")
        print(
            f"  last 7 d   {_reviews(deck.week.answers)}, {_percent(deck.week.accuracy)} "
            f"correct; last 30 d: {_reviews(deck.month.answers)}, "
            f"{_percent(deck.month.accuracy)} correct"
        )
        recall = "  ".join(
            f"{box}: {_percent(t.accuracy)}" for box, t in deck.recall_by_box.items()
        )
        print(f"  recall     {recall}")
        if deck.orphaned:
            shown = ", ".join(deck.orphaned[:8])
            count = len(deck.orphaned)
            more = "" if count <= 8 else f" and {count - 8} more"
            print(f"  orphaned   {count} (history kept, not in the content: {shown}{more})")
    if not report.decks:
        print("No decks and no progress yet.")
        return
    print("Last 30 days")
    kinds = ", ".join(
        f"{kind.value} {_percent(t.accuracy)} of {t.answers}"
        for kind, t in report.accuracy_by_kind.items() if t.answers
    )
    print(f"  accuracy   {kinds or '-'}")
    tiers = ", ".join(
        f"{tier.value} {_percent(t.accuracy)} of {t.answers}"
        for tier, t in report.accuracy_by_tier.items() if t.answers
    )
    if tiers:
        print(f"  questions  {tiers}")
    recall = "  ".join(f"{r.box}: {_percent(r.tally.accuracy)}" for r in report.recall_30d)
    print(f"  recall     {recall}   (the schedule assumes {_percent(ASSUMED_RECALL)})")
    time = report.time_studied_ms
    spent = duration_minutes
    print(f"Time studied: {spent(time[7])} in 7 days, {spent(time[30])} in 30 days, "
          f"{spent(time[0])} in all")
    if report.coding_exercises or report.coding_attempts:
        print(f"Coding: {report.coding_passed} of {report.coding_exercises} exercises passed, "
              f"{report.coding_attempts} checks")
    forecast = "  ".join(f"{d.day:%a} {d.due}" for d in report.forecast[:7])
    print(f"Due next 7 days: {forecast}")
    days = report.streak_days
    print(f"Streak: {days} day{'s' if days != 1 else ''}")
