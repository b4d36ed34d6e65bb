"""`studyapp export anki`: a deck as an Anki package (.apkg)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studyapp.context import Context
from studyapp.errors import UsageError


def register(subparsers: Any) -> None:
    """Add the `export` command with its `anki` format."""
    parser = subparsers.add_parser(
        "export",
        help="write a deck in another app's format",
        description="Write a deck for another app. Your progress is not included: it stays "
        "in studyapp ('studyapp progress export' writes it).",
    )
    formats = parser.add_subparsers(title="formats", metavar="FORMAT", dest="format")
    anki = formats.add_parser(
        "anki",
        help="an Anki package (.apkg)",
        description="Write DECK_ID as an Anki package: one note per flashcard and per "
        "interview question (the prompt on the front, tagged with its tier; the answer, key "
        "points and senior angle on the back), Markdown rendered to HTML. Reorder and coding "
        "exercises have no Anki counterpart and are left out. Notes keep their identity "
        "across exports: importing a newer export into Anki updates the notes.",
    )
    anki.add_argument("deck_id", metavar="DECK_ID", help="the deck to export")
    anki.add_argument("out", metavar="OUT.apkg", help="the package file to write")
    anki.set_defaults(handler=run_anki)
    parser.set_defaults(handler=lambda args, ctx: _missing_format(parser))


def _missing_format(parser: argparse.ArgumentParser) -> int:
    """`studyapp export` without a format: usage and exit 2."""
    parser.print_usage(sys.stderr)
    print("studyapp export: error: choose a format: anki", file=sys.stderr)
    return 2


def run_anki(args: argparse.Namespace, ctx: Context) -> int:
    """Write the Anki package."""
    from studyapp.exchange import write_anki_package

    out = Path(args.out)
    if out.suffix.lower() != ".apkg":
        raise UsageError(f"{out}: Anki imports packages named *.apkg; give a name ending .apkg")
    loaded = ctx.decks()
    deck = loaded.deck(args.deck_id)
    if deck is None:
        from studyapp.suggest import did_you_mean

        known = [d.id for d in loaded.decks]
        raise UsageError(f"unknown deck '{args.deck_id}'{did_you_mean(args.deck_id, known)}")
    try:
        result = write_anki_package(deck, out)
    except OSError as error:
        raise UsageError(f"{out}: cannot write the package ({error.strerror})") from None
    skipped = f"; {result.skipped} reorder/coding exercise(s) left out" if result.skipped else ""
    print(f"Wrote {result.path}: {result.flashcards} flashcard(s), {result.questions} "
          f"question(s){skipped}. In Anki: File > Import.")
    return 0
