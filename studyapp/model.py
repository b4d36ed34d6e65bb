"""The study model: frozen dataclasses shared by every layer (stdlib only)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any


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


@dataclass(frozen=True, slots=True)
class ItemRef:
    """The identity of an item: progress is keyed by it, so editing text keeps progress."""

    deck_id: str
    """Id of the deck the item belongs to."""
    item_id: str
    """Id of the item, unique within its deck."""

    def __str__(self) -> str:
        return f"{self.deck_id}/{self.item_id}"


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


def _lines(text: str) -> tuple[str, ...]:
    """The lines of `text` (none for an empty text)."""
    return tuple(text.split("\n")) if text else ()


def _count(text: str) -> int:
    """How many lines `text` holds (none for an empty text)."""
    return text.count("\n") + 1 if text else 0


@dataclass(frozen=True, slots=True)
class DeckCatalog:
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


@dataclass(frozen=True, slots=True)
class Problem:
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


@dataclass(frozen=True, slots=True)
class Review:
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
