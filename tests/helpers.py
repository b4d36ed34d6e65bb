"""Small helpers shared by tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from studyapp.decks import load_file
from studyapp.model import Deck, Problem

VALID_DECK = """\
deck:
  id: demo
  title: Demo deck
flashcards:
  - id: card-one
    front: What does alpha control?
    back: The step size.
questions:
  - id: q-one
    tier: beginner
    prompt: What is a learning rate?
    answer: The step size of each update.
    key_points: [step size, too large diverges]
reorder:
  - id: steps
    prompt: Order one iteration
    steps: [compute logits, apply sigmoid, update weights]
"""


def write_deck(folder: Path, name: str, text: str) -> Path:
    """Write a deck file (text is dedented) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(folder: Path, text: str, name: str = "deck.yaml") -> list[Problem]:
    """Load `text` as a deck file and return its problems."""
    path = write_deck(folder, name, text)
    _, problems = load_file(str(path))
    return problems


def deck_of(folder: Path, text: str, name: str = "deck.yaml") -> Deck:
    """Load `text` as a deck file that must be valid."""
    path = write_deck(folder, name, text)
    deck, problems = load_file(str(path))
    assert problems == [], problems
    assert deck is not None
    return deck
