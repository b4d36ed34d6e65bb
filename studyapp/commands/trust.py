"""`studyapp trust`: allow a deck's code to run, list what is trusted, revoke trust."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from studyapp.context import Context
from studyapp.errors import UsageError


def register(subparsers: Any) -> None:
    """Add the `trust` command."""
    parser = subparsers.add_parser(
        "trust",
        help="let the code in a deck file run (coding exercises)",
        description="A deck's coding exercises carry Python that runs on your machine when a "
        "check runs. Decks shipped with studyapp are trusted; any other deck with code must "
        "be trusted once. The file's SHA-256 is recorded: after any edit, trust it again.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="deck file to trust")
    parser.add_argument("--list", action="store_true", help="print the trusted deck files")
    parser.add_argument(
        "--revoke", action="append", default=[], metavar="PATH", help="forget a file's trust"
    )
    parser.set_defaults(handler=run)


def _exercise_count(path: Path) -> int | None:
    """How many coding exercises the file holds (parsed, never run); None if not a deck."""
    from studyapp.decks import parse_deck

    try:
        deck, _ = parse_deck(path.read_bytes(), str(path))
    except OSError:
        return None
    return None if deck is None else len(deck.sandbox)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Trust, list or revoke; exit 2 when called without anything to do."""
    from studyapp.trust import TrustStore, file_sha256

    store = TrustStore(ctx.locations)
    if not (args.paths or args.list or args.revoke):
        raise UsageError("give deck files to trust, --list or --revoke PATH")
    for name in args.paths:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"{name}: no such deck file")
        if store.is_bundled(path):
            print(f"{path.resolve()}: bundled with studyapp, trusted already")
            continue
        record = store.trust(path)
        count = _exercise_count(path)
        what = "not a valid deck" if count is None else f"{count} coding exercise(s)"
        print(f"trusted: {record.path} ({what}; sha256 {record.sha256[:12]})")
    for name in args.revoke:
        if store.revoke(name):
            print(f"no longer trusted: {Path(name).resolve()}")
        else:
            print(f"{Path(name).resolve()}: was not trusted")
    if args.list:
        records = store.records()
        if not records:
            print("no trusted deck files (decks bundled with studyapp are always trusted)")
        for record in records:
            current = file_sha256(Path(record.path))
            state = (
                ""
                if current == record.sha256
                else " (missing)"
                if current is None
                else " (changed since: not trusted)"
            )
            print(f"{record.path}  sha256 {record.sha256[:12]}{state}")
    return 0
