"""Decks and their items (cards, questions, exercises, lab scenarios): the classes behind
studyapp.model's names, defined when a deck is first loaded or built."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from studyapp.model import TIERS, DeckCatalog, ItemKind, Tier


@dataclass(frozen=True, slots=True)
class Flashcard:
    """A front/back card."""

    id: str
    """Item id, unique within the deck."""
    front: str
    """The prompt side (Markdown)."""
    back: str
    """The answer side (Markdown)."""
    tags: tuple[str, ...] = ()
    """Free-form tags."""
    line: int = 0
    """1-based line of the item in its deck file (0 when unknown)."""

    kind = ItemKind.FLASHCARD


@dataclass(frozen=True, slots=True)
class Question:
    """A tiered interview question with a model answer and key points."""

    id: str
    """Item id, unique within the deck."""
    tier: Tier
    """Difficulty tier."""
    prompt: str
    """The question (Markdown)."""
    answer: str
    """The model answer (Markdown)."""
    key_points: tuple[str, ...]
    """Short points a good answer covers (at least one)."""
    senior_angle: str | None = None
    """What a senior answer adds, if given."""
    tags: tuple[str, ...] = ()
    """Free-form tags."""
    line: int = 0
    """1-based line of the item in its deck file (0 when unknown)."""

    kind = ItemKind.QUESTION


@dataclass(frozen=True, slots=True)
class ReorderExercise:
    """Steps to put in order; `steps` holds them in the correct order."""

    id: str
    """Item id, unique within the deck."""
    prompt: str
    """What the steps are for (Markdown)."""
    steps: tuple[str, ...]
    """At least three distinct steps, in a correct order (flattened: see `groups`)."""
    explanation: str | None = None
    """Why this order, if given."""
    tags: tuple[str, ...] = ()
    """Free-form tags."""
    line: int = 0
    """1-based line of the item in its deck file (0 when unknown)."""
    groups: tuple[tuple[int, int], ...] = ()
    """Spans `(start, stop)` of `steps` (stop exclusive, two or more steps each, disjoint,
    ascending) whose steps may come in any order among themselves: an `any_order` entry."""

    kind = ItemKind.REORDER


@dataclass(frozen=True, slots=True)
class SandboxCase:
    """One generated test case of a coding exercise."""

    name: str
    """Short name shown in feedback ("saturated logits")."""
    params: dict[str, Any] = field(default_factory=dict)
    """Generator parameters (seed, m, n, scales ...), interpreted by the sandbox child."""


@dataclass(frozen=True, slots=True)
class SandboxMistake:
    """A known wrong solution of a coding exercise, used to name a learner's misconception."""

    id: str
    """Fingerprint id reported with the failure ("forgot-mean")."""
    message: str
    """One sentence said when the learner's output equals this mistake's output."""
    code: str
    """The mistaken implementation (defines the exercise's entry); runs only in the child."""


@dataclass(frozen=True, slots=True)
class SandboxExercise:
    """A coding exercise checked against a reference in the sandbox child process."""

    id: str
    """Item id, unique within the deck."""
    title: str
    """Short title."""
    prompt: str
    """The task, stating the contract (Markdown)."""
    entry: str
    """Name of the function the learner must define."""
    starter: str
    """Code the editor starts with; it must fail the check."""
    reference: str
    """Reference solution; it runs only inside the sandbox child."""
    cases: tuple[SandboxCase, ...] = ()
    """Generated cases the submission is checked on."""
    rtol: float = 1e-6
    """Relative tolerance of value comparisons."""
    atol: float = 1e-9
    """Absolute tolerance of value comparisons."""
    hints: tuple[str, ...] = ()
    """Graded hints, gentlest first."""
    timeout: float | None = None
    """Wall-clock limit in seconds for one check (None: the configured default)."""
    tags: tuple[str, ...] = ()
    """Free-form tags."""
    line: int = 0
    """1-based line of the item in its deck file (0 when unknown)."""
    returns: tuple[str, ...] = ()
    """Names of the returned values, used in feedback ("dj_dw", "dj_db"); empty: one value."""
    mistakes: tuple[tuple[str, str, str], ...] = ()
    """Known wrong solutions as (id, message, code), so feedback can name the misconception
    behind a wrong answer. Plain tuples so the deck cache can store them: use
    `known_mistakes()` for typed values."""
    speed_case: tuple[str, dict[str, Any]] | None = None
    """(name, params) of a large case timed against the reference to spot unvectorised code
    (None: no timing). Use `speed()` for a SandboxCase."""

    kind = ItemKind.SANDBOX

    def known_mistakes(self) -> tuple[SandboxMistake, ...]:
        """The known wrong solutions, typed."""
        return tuple(SandboxMistake(*mistake) for mistake in self.mistakes)

    def speed(self) -> SandboxCase | None:
        """The speed case, typed (None when the exercise has none)."""
        if self.speed_case is None:
            return None
        return SandboxCase(self.speed_case[0], dict(self.speed_case[1]))


@dataclass(frozen=True, slots=True)
class LabScenario:
    """A failure-mode lab item: train into a known failure, see its symptom, pick the remedy."""

    id: str
    """Item id, unique within the deck."""
    title: str
    """Short title ("Learning rate far too large")."""
    prompt: str
    """What the learner is looking at and asked (Markdown)."""
    setup: str
    """Drill settings of the run, in the drill's short text form
    ("overlapping a=30 it=200 scale=on cw=none t=0.5 split=none")."""
    probe: str
    """Which measurement shows the symptom (a name from the lab's fixed list)."""
    choices: tuple[str, ...]
    """Three or four remedies to choose from."""
    answer: int
    """0-based index of the right remedy in `choices`."""
    explanation: str
    """Why that remedy is right and the others are not (Markdown)."""
    tags: tuple[str, ...] = ()
    """Free-form tags."""
    line: int = 0
    """1-based line of the item in its deck file (0 when unknown)."""

    kind = ItemKind.LAB


Item = Flashcard | Question | ReorderExercise | SandboxExercise | LabScenario
"""Any study item."""


@dataclass(frozen=True, slots=True)
class Deck:
    """One deck: the content of one YAML file."""

    id: str
    """Deck id, unique across all loaded decks."""
    title: str
    """Display title."""
    path: str
    """File the deck was loaded from."""
    description: str | None = None
    """Optional longer description."""
    tags: tuple[str, ...] = ()
    """Free-form tags."""
    flashcards: tuple[Flashcard, ...] = ()
    """Flashcards, in file order."""
    questions: tuple[Question, ...] = ()
    """Interview questions, in file order."""
    reorder: tuple[ReorderExercise, ...] = ()
    """Reorder exercises, in file order."""
    sandbox: tuple[SandboxExercise, ...] = ()
    """Coding exercises, in file order."""
    line: int = 1
    """Line of the `deck:` key."""
    lab: tuple[LabScenario, ...] = ()
    """Failure-mode lab scenarios, in file order."""

    def items(self) -> Iterator[Item]:
        """Every item of the deck, kind by kind, in file order."""
        yield from self.flashcards
        yield from self.questions
        yield from self.reorder
        yield from self.sandbox
        yield from self.lab

    def item(self, item_id: str) -> Item | None:
        """The item with this id, or None."""
        for item in self.items():
            if item.id == item_id:
                return item
        return None

    def counts(self) -> dict[str, int]:
        """Item counts by section name (flashcards, questions, reorder, sandbox, lab)."""
        return {
            "flashcards": len(self.flashcards),
            "questions": len(self.questions),
            "reorder": len(self.reorder),
            "sandbox": len(self.sandbox),
            "lab": len(self.lab),
        }

    def tier_counts(self) -> dict[str, int]:
        """Question counts by tier."""
        counts = {tier.value: 0 for tier in TIERS}
        for question in self.questions:
            counts[question.tier.value] += 1
        return counts

    @property
    def size(self) -> int:
        """Number of items of every kind."""
        return (
            len(self.flashcards)
            + len(self.questions)
            + len(self.reorder)
            + len(self.sandbox)
            + len(self.lab)
        )

    def catalog(self) -> DeckCatalog:
        """The deck's ids and tiers, without the texts."""
        return DeckCatalog.of(
            self.id,
            self.title,
            self.path,
            tuple([card.id for card in self.flashcards]),
            tuple([question.id for question in self.questions]),
            tuple([question.tier for question in self.questions]),
            tuple([exercise.id for exercise in self.reorder]),
            tuple([exercise.id for exercise in self.sandbox]),
            tuple([scenario.id for scenario in self.lab]),
        )

