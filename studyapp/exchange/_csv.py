"""A deck file from a two-column CSV or TSV of fronts and backs (Anki's and Quizlet's exports)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field

from studyapp.model import Problem

_ANKI_HEADER = re.compile(r"#(separator|html|tags|columns|notetype|deck|guid)( column)?:")
"""A file header line of Anki's plain-text export (its first lines, each `#key:value`)."""

_SLUG_CHARS = 40
"""Longest slug of the front text in a generated id (a hash follows it)."""


@dataclass
class CsvDeck:
    """What converting a CSV produced."""

    text: str
    """The deck file's YAML text ("" when no row was usable)."""
    cards: int
    """Flashcards written."""
    skipped: list[Problem] = field(default_factory=list)
    """Rows left out, with their line numbers."""


def item_id_for(front: str) -> str:
    """A stable item id from a card's front: a readable slug and a short hash of the text.

    The same front gives the same id on every import, so re-importing an edited file keeps
    the progress of the cards whose front did not change.
    """
    ascii_text = unicodedata.normalize("NFKD", front).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:_SLUG_CHARS].strip("-")
    digest = hashlib.sha256(front.strip().encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'card'}-{digest}"


def _delimiter_of(text: str) -> str:
    """The column separator: Anki's `#separator:` header, else whichever of tab and comma
    splits the first row into two columns (tab when both or neither do and it has a tab:
    Anki and Quizlet export tabs)."""
    for line in text.splitlines():
        if line.startswith("#separator:"):
            name = line.split(":", 1)[1].strip().lower()
            return {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}.get(name, "\t")
        if line.strip() and not _ANKI_HEADER.match(line):
            break
    body = "\n".join(line for line in text.splitlines() if not _ANKI_HEADER.match(line))
    columns = {}
    for sep in "\t,":
        try:
            columns[sep] = len(next(csv.reader(io.StringIO(body), delimiter=sep), []))
        except csv.Error:
            columns[sep] = 0
    if columns[","] == 2 and columns["\t"] != 2:
        return ","
    if columns["\t"] == 2:
        return "\t"
    return "\t" if "\t" in body.split("\n", 1)[0] else ","


def csv_to_deck(
    text: str,
    *,
    deck_id: str,
    title: str,
    source: str = "<csv>",
    delimiter: str | None = None,
    header: bool = True,
) -> CsvDeck:
    """The deck file for the (front, back) rows of `text`.

    Quoted fields may hold the delimiter and newlines. Anki's `#key:value` file header
    lines before the first row are skipped (`#separator:` chooses the
    delimiter). With `header`, the first row names the columns and is skipped. A row
    without exactly two non-empty columns (empty trailing columns aside), or with a front
    seen before, is left out and reported with its line number in `source`.
    """
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and _ANKI_HEADER.match(lines[skip]):
        skip += 1
    sep = delimiter or _delimiter_of(text)
    reader = csv.reader(io.StringIO("".join(lines[skip:])), delimiter=sep)
    cards: list[tuple[str, str, str]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    end = 0
    try:
        for row in reader:
            start, end = end + 1, reader.line_num
            line = skip + start
            if header and not cards and not problems and start == 1:
                continue
            while row and not row[-1].strip() and len(row) > 2:
                row.pop()
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) != 2:
                problems.append(Problem(source, line, 1, f"expected 2 columns (front, back), "
                                        f"found {len(row)}"))
                continue
            front, back = (cell.strip() for cell in row)
            if not front or not back:
                side = "front" if not front else "back"
                problems.append(Problem(source, line, 1, f"the {side} is empty"))
                continue
            ident = item_id_for(front)
            if ident in seen:
                problems.append(Problem(source, line, 1,
                                        f"the same front as line {seen[ident]}; left out"))
                continue
            seen[ident] = line
            cards.append((ident, front, back))
    except csv.Error as error:
        problems.append(Problem(source, skip + end + 1, 1, f"cannot read the rest: {error}"))
    if not cards:
        return CsvDeck("", 0, problems)
    return CsvDeck(_deck_yaml(deck_id, title, cards), len(cards), problems)


def _deck_yaml(deck_id: str, title: str, cards: list[tuple[str, str, str]]) -> str:
    """The YAML text of a deck of flashcards."""
    out = ["# Made by 'studyapp import csv'. Ids come from the front text: keep them when\n",
           "# you edit a card, and its progress stays.\n",
           "deck:\n", f"  id: {_scalar(deck_id, 4)}\n", f"  title: {_scalar(title, 4)}\n",
           "flashcards:\n"]
    for ident, front, back in cards:
        out.append(f"  - id: {_scalar(ident, 6)}\n")
        out.append(f"    front: {_scalar(front, 6)}\n")
        out.append(f"    back: {_scalar(back, 6)}\n")
    return "".join(out)


def _scalar(text: str, indent: int) -> str:
    """`text` as a YAML scalar that reads back exactly: a literal block for multi-line
    text where YAML's rules allow one, else a double-quoted string (JSON's escapes are
    YAML's too)."""
    if "\n" in text and _literal_ok(text):
        chomp = "" if text.endswith("\n") else "-"
        pad = " " * indent
        body = "".join(pad + line if line else "" for line in text.splitlines(keepends=True))
        return f"|{chomp}\n{body.rstrip(chr(10))}"
    # JSON escapes control characters; YAML also breaks lines at a few other invisible
    # characters (NEL, the Unicode line and paragraph separators), so those are escaped too.
    return "".join(
        ch if ch.isprintable() or ch in "\\\"" else _escape(ch)
        for ch in json.dumps(text, ensure_ascii=False)
    )


def _escape(ch: str) -> str:
    """A YAML double-quoted escape of one character."""
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _literal_ok(text: str) -> bool:
    """Whether a literal block keeps `text` exactly: printable text, no carriage returns,
    no leading space or blank first line (either would need an indentation indicator), no
    line of spaces only (YAML may take it for indentation), one newline at most at the end."""
    if text[0] in " \n" or text.endswith("\n\n"):
        return False
    for line in text.split("\n"):
        if line and not line.strip():
            return False
    return all(ch == "\n" or ch == "\t" or ch.isprintable() for ch in text)
