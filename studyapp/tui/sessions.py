"""What a study session holds, as the home screen, the deck screen and the palette ask for it."""

from __future__ import annotations

from dataclasses import dataclass

from studyapp.model import ItemKind, Tier

STUDY_KINDS = (
    ItemKind.FLASHCARD,
    ItemKind.QUESTION,
    ItemKind.REORDER,
    ItemKind.SANDBOX,
    ItemKind.LAB,
)
"""Kinds studied in the TUI (a coding exercise opens the coding screen)."""


@dataclass(frozen=True, slots=True)
class SessionRequest:
    """What a session should hold."""

    deck_ids: tuple[str, ...] | None
    """Decks to draw from (None: all)."""
    kinds: tuple[ItemKind, ...] = STUDY_KINDS
    """Item kinds to include."""
    tiers: tuple[Tier, ...] | None = None
    """Question tiers to include (None: all)."""
    cram: bool = False
    """Practice without moving boxes."""
    item_ids: tuple[str, ...] | None = None
    """Only these items (None: all), e.g. one item practised from the deck screen."""
    label: str = "Study"
    """Shown in the session's title."""
