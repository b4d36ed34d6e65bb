"""The study model: frozen value classes shared by every layer (stdlib only).

The small values every command handles (ItemRef, DeckCatalog, Problem, Review) are
NamedTuples: defining one costs a fifth of a frozen dataclass, and every run of `due`
defines them at start-up. Compare them only with their own kind (a NamedTuple also equals
a plain tuple of the same values).

The deck and item classes (Deck, Flashcard, Question, ...) live in _items and are defined
on first use: `due` and `stats` count from catalogs and never build an item, and defining
those eight dataclasses was a third of this package's import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from studyapp.model._items import (
        Deck,
        Flashcard,
        Item,
        LabScenario,
        Question,
        ReorderExercise,
        SandboxCase,
        SandboxExercise,
        SandboxMistake,
    )


class ItemKind(StrEnum):
    """The kinds of study item; the value is the name used in the store and in JSON."""

    FLASHCARD = "flashcard"
    QUESTION = "question"
    REORDER = "reorder"
    SANDBOX = "sandbox"
    LAB = "lab"


class Tier(StrEnum):
    """Difficulty tier of an interview question."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    EXPERT = "expert"


class ReviewMode(StrEnum):
    """How an answer counts; the value is the name used in the store and in JSON."""

    REVIEW = "review"
    """The answer that counts for the schedule: it moves the item's box."""
    PRACTICE = "practice"
    """A later answer of the same study day (a re-check, a relearning step): boxes stay."""
    CRAM = "cram"
    """An answer in a cram session (extra practice chosen by the learner): boxes stay."""


KINDS: tuple[ItemKind, ...] = tuple(ItemKind)
"""Every item kind, in display order."""

TIERS: tuple[Tier, ...] = tuple(Tier)
"""Every tier, from easiest to hardest."""

TIERS_BY_NAME: Mapping[str, Tier] = MappingProxyType({tier.value: tier for tier in TIERS})
"""Each tier by its name in deck files (a lookup that does not raise, unlike Tier(name))."""

LAB_DATASETS: tuple[str, ...] = (
    "breast-cancer",
    "separable",
    "overlapping",
    "imbalanced",
    "badly-scaled",
    "constant-column",
)
"""The data sets the drill ships, by the names lab setups and the command line use."""


class ItemRef(NamedTuple):
    """The identity of an item: progress is keyed by it, so editing text keeps progress."""

    deck_id: str
    """Id of the deck the item belongs to."""
    item_id: str
    """Id of the item, unique within its deck."""

    def __str__(self) -> str:
        return f"{self.deck_id}/{self.item_id}"



def _lines(text: str) -> tuple[str, ...]:
    """The lines of `text` (none for an empty text)."""
    return tuple(text.split("\n")) if text else ()


def _count(text: str) -> int:
    """How many lines `text` holds (none for an empty text)."""
    return text.count("\n") + 1 if text else 0


class DeckCatalog(NamedTuple):
    """What scheduling needs of a deck: its item ids by kind, in file order, and the tiers.

    Counting what is due needs no item text; a catalog is cheap to keep and to load. The ids
    are kept as text, one per line: `due` reads a catalog for every deck, and one string per
    kind loads from the cache far faster than a tuple of a thousand (item ids never hold a
    line break). Build one with `DeckCatalog.of`.
    """

    id: str
    """Deck id."""
    title: str
    """Display title."""
    path: str
    """File the deck was loaded from."""
    flashcard_ids: str = ""
    """Flashcard ids, one per line, in file order."""
    question_ids: str = ""
    """Question ids, one per line, in file order."""
    tier_names: str = ""
    """The tier name of each question, one per line, aligned with `question_ids`."""
    reorder_ids: str = ""
    """Reorder exercise ids, one per line, in file order."""
    sandbox_ids: str = ""
    """Coding exercise ids, one per line, in file order."""
    lab_ids: str = ""
    """Lab scenario ids, one per line, in file order."""
    sorted_ids: str = ""
    """Every item id, one per line, sorted: what the progress store lists for a deck whose
    items all have a state, compared as one string."""

    @classmethod
    def of(
        cls,
        id: str,
        title: str,
        path: str,
        flashcards: Sequence[str] = (),
        questions: Sequence[str] = (),
        question_tiers: Sequence[Tier] = (),
        reorder: Sequence[str] = (),
        sandbox: Sequence[str] = (),
        lab: Sequence[str] = (),
    ) -> DeckCatalog:
        """A catalog from the ids of each kind and the questions' tiers."""
        every = [*flashcards, *questions, *reorder, *sandbox, *lab]
        return cls(
            id, title, path, "\n".join(flashcards), "\n".join(questions),
            "\n".join(tier.value for tier in question_tiers), "\n".join(reorder),
            "\n".join(sandbox), "\n".join(lab), "\n".join(sorted(every)),
        )

    @property
    def flashcards(self) -> tuple[str, ...]:
        """Flashcard ids, in file order."""
        return _lines(self.flashcard_ids)

    @property
    def questions(self) -> tuple[str, ...]:
        """Question ids, in file order."""
        return _lines(self.question_ids)

    @property
    def question_tiers(self) -> tuple[Tier, ...]:
        """The tier of each question, aligned with `questions`."""
        return tuple(map(TIERS_BY_NAME.__getitem__, _lines(self.tier_names)))

    @property
    def reorder(self) -> tuple[str, ...]:
        """Reorder exercise ids, in file order."""
        return _lines(self.reorder_ids)

    @property
    def sandbox(self) -> tuple[str, ...]:
        """Coding exercise ids, in file order."""
        return _lines(self.sandbox_ids)

    @property
    def lab(self) -> tuple[str, ...]:
        """Lab scenario ids, in file order."""
        return _lines(self.lab_ids)

    def ids_by_kind(self) -> dict[ItemKind, tuple[str, ...]]:
        """Item ids of each kind, in file order."""
        return {
            ItemKind.FLASHCARD: self.flashcards,
            ItemKind.QUESTION: self.questions,
            ItemKind.REORDER: self.reorder,
            ItemKind.SANDBOX: self.sandbox,
            ItemKind.LAB: self.lab,
        }

    @property
    def size(self) -> int:
        """Number of items of every kind."""
        return _count(self.sorted_ids)


class Problem(NamedTuple):
    """One problem found in a content or settings file, reported as `path:line:col: message`."""

    path: str
    """File the problem is in."""
    line: int
    """1-based line (0 when the whole file is concerned)."""
    column: int
    """1-based column (0 when the whole file is concerned)."""
    message: str
    """What is wrong and, where possible, how to fix it."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The JSON shape used by `validate --json`."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class Review(NamedTuple):
    """One answer in the append-only review log."""

    id: str
    """Event id (unique across machines; a UUID)."""
    ref: ItemRef
    """The item answered."""
    kind: ItemKind
    """Kind of the item at the time of the answer."""
    at: str
    """When, ISO 8601 in UTC."""
    correct: bool
    """Whether the answer counted as correct."""
    mode: ReviewMode = ReviewMode.REVIEW
    """`review` moves boxes; `practice` and `cram` leave them unchanged."""
    answer_ms: int | None = None
    """Time the learner took, in milliseconds."""
    box_before: int | None = None
    """Leitner box before the answer (None for an unseen item)."""
    box_after: int | None = None
    """Leitner box after the answer."""
    detail: dict[str, Any] | None = None
    """Small kind-specific detail (a submitted order, a sandbox summary ...)."""


_ITEM_NAMES = frozenset({
    "Deck", "Flashcard", "Item", "LabScenario", "Question", "ReorderExercise", "SandboxCase",
    "SandboxExercise", "SandboxMistake",
})
"""Names defined in _items, imported from there on first use."""


def __getattr__(name: str) -> Any:
    """A name of _ITEM_NAMES: the deck and item classes, defined on first use."""
    if name in _ITEM_NAMES:
        from studyapp.model import _items

        globals().update({each: getattr(_items, each) for each in _ITEM_NAMES})
        return getattr(_items, name)
    raise AttributeError(f"module 'studyapp.model' has no attribute {name!r}")


__all__ = [
    "KINDS",
    "LAB_DATASETS",
    "TIERS",
    "TIERS_BY_NAME",
    "Deck",
    "DeckCatalog",
    "Flashcard",
    "Item",
    "ItemKind",
    "ItemRef",
    "LabScenario",
    "Problem",
    "Question",
    "ReorderExercise",
    "Review",
    "ReviewMode",
    "SandboxCase",
    "SandboxExercise",
    "SandboxMistake",
    "Tier",
]
