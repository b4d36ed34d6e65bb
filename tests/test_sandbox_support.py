"""Shared helpers of the sandbox tests (no tests here): the coding deck, code snippets."""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

from studyapp.decks._parse import parse_deck
from studyapp.model import Deck, SandboxExercise

DECK_PATH = Path(__file__).resolve().parent.parent / "content" / "gd-coding.yaml"
"""The bundled coding deck."""


@cache
def coding_deck() -> Deck:
    """The bundled gd-coding deck, parsed once."""
    deck, problems = parse_deck(DECK_PATH.read_bytes(), str(DECK_PATH))
    assert deck is not None, problems
    return deck


def exercise(ident: str) -> SandboxExercise:
    """One exercise of the bundled deck."""
    found = coding_deck().item(ident)
    assert isinstance(found, SandboxExercise)
    return found


def code(text: str) -> str:
    """Dedented source code."""
    return textwrap.dedent(text).lstrip("\n")


STABLE_SIGMOID = code(
    """
    import numpy as np

    def sigmoid(z):
        return np.exp(-np.logaddexp(0.0, -z))
    """
)
"""A helper most submissions start with (as the starters provide it)."""
