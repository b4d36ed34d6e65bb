"""An Anki package (.apkg) from a deck: one note per flashcard and per interview question."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.fileio import open_atomic
from studyapp.model import Deck

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Note type ids are fixed: Anki matches note types by id, so every export (of any deck)
# reuses the two note types created by the first import instead of adding copies.
FLASHCARD_MODEL_ID = 1_733_120_001
"""Anki id of the "studyapp flashcard" note type."""
QUESTION_MODEL_ID = 1_733_120_002
"""Anki id of the "studyapp question" note type."""

_CSS = """\
.card { font-family: sans-serif; font-size: 18px; text-align: left; color: black;
        background-color: white; max-width: 40em; margin: auto; }
.tier { font-size: 13px; color: #777; text-transform: uppercase; letter-spacing: .05em; }
h4 { margin: 1em 0 .3em; font-size: 15px; color: #555; }
pre { background: #f4f4f4; padding: .5em; overflow-x: auto; }
"""


@dataclass(frozen=True, slots=True)
class AnkiExport:
    """What an export wrote."""

    path: Path
    """The package file."""
    flashcards: int
    """Flashcard notes."""
    questions: int
    """Interview question notes."""
    skipped: int
    """Reorder and coding exercises, which have no Anki note type."""


def note_guid(deck_id: str, item_id: str) -> str:
    """The Anki note GUID of an item: the same for every export, so a re-import updates the
    note instead of adding a second one."""
    import genanki

    guid: str = genanki.guid_for("studyapp", deck_id, item_id)
    return guid


def _anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id from our deck id (Anki wants a positive 63-bit integer)."""
    digest = hashlib.sha256(f"studyapp deck {deck_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 2 | 1 << 40


def _tag(text: str) -> str:
    """An Anki tag (no spaces allowed in tags)."""
    return "_".join(text.split())


def _markdown() -> MarkdownIt:
    """A CommonMark renderer (with tables) that escapes raw HTML in the content."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def write_anki_package(deck: Deck, path: str | Path) -> AnkiExport:
    """Write `deck` as an Anki package at `path` (replaced whole, never left half-written).

    Flashcards become "studyapp flashcard" notes (Front, Back); interview questions become
    "studyapp question" notes (Prompt and Tier on the front; Answer, Key points and Senior
    angle on the back) tagged with their tier. Markdown is rendered to HTML. Item tags and
    the deck's tags become Anki tags.
    """
    import genanki

    md = _markdown()
    target = Path(path)
    flashcard_model = genanki.Model(
        FLASHCARD_MODEL_ID,
        "studyapp flashcard",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }],
        css=_CSS,
    )
    question_model = genanki.Model(
        QUESTION_MODEL_ID,
        "studyapp question",
        fields=[
            {"name": "Prompt"}, {"name": "Tier"}, {"name": "Answer"},
            {"name": "Key points"}, {"name": "Senior angle"},
        ],
        templates=[{
            "name": "Card 1",
            "qfmt": '<div class="tier">{{Tier}}</div>{{Prompt}}',
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<h4>Key points</h4>{{Key points}}'
            "{{#Senior angle}}<h4>Senior angle</h4>{{Senior angle}}{{/Senior angle}}",
        }],
        css=_CSS,
    )
    anki_deck = genanki.Deck(_anki_deck_id(deck.id), deck.title)
    deck_tags = [_tag(tag) for tag in deck.tags]
    for card in deck.flashcards:
        anki_deck.add_note(genanki.Note(
            model=flashcard_model,
            fields=[md.render(card.front), md.render(card.back)],
            tags=[*deck_tags, *(_tag(t) for t in card.tags)],
            guid=note_guid(deck.id, card.id),
        ))
    for question in deck.questions:
        points = "".join(f"<li>{md.renderInline(p)}</li>" for p in question.key_points)
        anki_deck.add_note(genanki.Note(
            model=question_model,
            fields=[
                md.render(question.prompt), escape(question.tier.value),
                md.render(question.answer),
                f"<ul>{points}</ul>",
                md.render(question.senior_angle) if question.senior_angle else "",
            ],
            tags=[*deck_tags, f"tier::{question.tier.value}", *(_tag(t) for t in question.tags)],
            guid=note_guid(deck.id, question.id),
        ))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open_atomic(target, binary=True) as out:
        genanki.Package(anki_deck).write_to_file(out)
    return AnkiExport(target, len(deck.flashcards), len(deck.questions),
                      len(deck.reorder) + len(deck.sandbox))
