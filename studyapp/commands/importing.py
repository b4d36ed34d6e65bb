"""`studyapp import csv`: a deck file from a two-column CSV or TSV of fronts and backs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studyapp.context import Context
from studyapp.errors import StudyappError, UsageError


def register(subparsers: Any) -> None:
    """Add the `import` command with its `csv` format."""
    parser = subparsers.add_parser(
        "import",
        help="make a deck from another app's export",
        description="Make a deck file from cards exported by another app.",
    )
    formats = parser.add_subparsers(title="formats", metavar="FORMAT", dest="format")
    csv = formats.add_parser(
        "csv",
        help="a deck from a two-column CSV or TSV (front, back)",
        description="Make a flashcard deck from a CSV or TSV file with two columns, front and "
        "back: Anki's 'Notes in Plain Text' export and Quizlet's export are such files (use "
        "--no-header for them). Quoted fields may hold commas and line breaks; UTF-8 with or "
        "without a byte-order mark. Card ids come from the front text, so importing an edited "
        "file again keeps the progress of unchanged cards. Rows that cannot be used are "
        "listed with their line numbers and left out.",
    )
    csv.add_argument("file", metavar="FILE", help="the CSV or TSV file (- for stdin)")
    csv.add_argument("--deck-id", required=True, metavar="ID",
                     help="id of the new deck (lowercase letters, digits and '-')")
    csv.add_argument("--title", required=True, metavar="TITLE", help="title of the new deck")
    csv.add_argument("-o", "--output", metavar="OUT",
                     help="deck file to write (default: ID.yaml in your content folder; - for "
                     "stdout)")
    csv.add_argument("--delimiter", metavar="C",
                     help="column separator (default: tab if the first row has one, else comma;"
                     " 'tab' or '\\t' for a tab)")
    csv.add_argument("--no-header", action="store_true",
                     help="the first row is a card, not column names")
    csv.set_defaults(handler=run_csv)
    parser.set_defaults(handler=lambda args, ctx: _missing_format(parser))


def _missing_format(parser: argparse.ArgumentParser) -> int:
    """`studyapp import` without a format: usage and exit 2."""
    parser.print_usage(sys.stderr)
    print("studyapp import: error: choose a format: csv", file=sys.stderr)
    return 2


def _delimiter(value: str | None) -> str | None:
    """The --delimiter value as one character."""
    if value is None:
        return None
    value = {"tab": "\t", "\\t": "\t"}.get(value.lower(), value)
    if len(value) != 1 or value in "\"\r\n":
        raise UsageError(f"--delimiter must be one character other than a quote, got {value!r}")
    return value


def _read(name: str) -> str:
    """The text of FILE (or stdin), UTF-8 with or without a byte-order mark."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as error:
        raise StudyappError(f"{name}: cannot read the file ({error.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StudyappError(f"{name}:{line}: not UTF-8 text (save the file as UTF-8)") from None


def run_csv(args: argparse.Namespace, ctx: Context) -> int:
    """Convert the file and write the deck."""
    from studyapp.decks import parse_deck
    from studyapp.exchange import csv_to_deck

    delimiter = _delimiter(args.delimiter)
    source = "<stdin>" if args.file == "-" else args.file
    result = csv_to_deck(_read(args.file), deck_id=args.deck_id, title=args.title,
                         source=source, delimiter=delimiter, header=not args.no_header)
    for problem in result.skipped:
        print(f"{problem.path}:{problem.line}: {problem.message}", file=sys.stderr)
    if not result.cards:
        raise StudyappError(f"{source}: no usable rows (front and back in two columns); "
                            "nothing written")
    out = args.output or str(ctx.locations.user_content / f"{args.deck_id}.yaml")
    # The loader is the judge: a deck id or title it refuses is reported before writing.
    deck, problems = parse_deck(result.text.encode("utf-8"), out)
    if deck is None or problems:
        message = problems[0].message if problems else "the deck did not load"
        raise UsageError(f"cannot make the deck: {message}")
    if out == "-":
        sys.stdout.write(result.text)
    else:
        _write(Path(out), result.text)
    skipped = f", {len(result.skipped)} row(s) left out" if result.skipped else ""
    where = "" if out == "-" else f" to {out}"
    print(f"Wrote {result.cards} card(s){where}{skipped}.",
          file=sys.stderr if out == "-" else sys.stdout)
    return 0


def _write(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all."""
    try:
        from studyapp.fileio import write_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    except OSError as error:
        raise StudyappError(f"{path}: cannot write the deck ({error.strerror})") from None
