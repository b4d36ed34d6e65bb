"""The bundled curriculum in `content/`: every deck is valid and the amounts of issue 13 hold.

The amounts are counted across all bundled decks (the coding exercises live in their own
deck, `gd-coding`), so adding a deck never needs this test to change; removing items
below the floor does.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from studyapp.decks._parse import parse_deck
from studyapp.grading import cover_key_points
from studyapp.model import Deck, Flashcard, Item, Question, Tier
from studyapp.paths import bundled_content_dir

MIN_FLASHCARDS = 150
MAX_BACK_WORDS = 50
MIN_QUESTIONS = 48
MIN_PER_TIER = 14
KEY_POINTS_RANGE = (2, 5)
MIN_REORDER = 12
MIN_SANDBOX = 15
STEPS_RANGE = (3, 7)
CENTRE_DECK = "gd-logistic-regression"
REQUIRED_REORDER = frozenset({"vectorised-iteration", "training-pipeline"})
REQUIRED_SANDBOX = frozenset(
    {"sigmoid", "cost", "gradient", "step", "descent", "weighted-gradient"}
)


def _bundled_files() -> list[Path]:
    root = bundled_content_dir()
    return sorted(p for p in root.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())


BUNDLED_FILES = _bundled_files()


def _parse(path: Path) -> Deck:
    deck, problems = parse_deck(path.read_bytes(), str(path))
    assert not problems, "\n".join(str(problem) for problem in problems)
    assert deck is not None
    return deck


@pytest.fixture(scope="module")
def decks() -> list[Deck]:
    """Every bundled deck, parsed (a broken file fails here with its problems)."""
    return [_parse(path) for path in BUNDLED_FILES]


def _questions(decks: list[Deck]) -> list[tuple[Deck, Question]]:
    return [(deck, question) for deck in decks for question in deck.questions]


def _normalise(text: str) -> str:
    """Lowercase words only: formatting, punctuation and spacing do not make text distinct."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _prompt(item: Item) -> str:
    if isinstance(item, Flashcard):
        return item.front
    return item.prompt


def test_content_folder_has_decks() -> None:
    assert BUNDLED_FILES, f"no deck files in {bundled_content_dir()}"
    assert any(path.stem == CENTRE_DECK for path in BUNDLED_FILES)


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda path: path.name)
def test_deck_is_valid_and_named_after_its_file(path: Path) -> None:
    deck = _parse(path)
    assert deck.id == path.stem
    assert deck.size > 0


def test_deck_ids_are_unique(decks: list[Deck]) -> None:
    counts = Counter(deck.id for deck in decks)
    assert [ident for ident, n in counts.items() if n > 1] == []


def test_flashcard_amount(decks: list[Deck]) -> None:
    total = sum(len(deck.flashcards) for deck in decks)
    assert total >= MIN_FLASHCARDS, f"{total} flashcards, need {MIN_FLASHCARDS}"


def test_card_backs_are_short(decks: list[Deck]) -> None:
    """One fact per card: a back longer than this holds two facts or an essay."""
    long = [
        f"{deck.id}/{card.id}: {len(card.back.split())} words"
        for deck in decks
        for card in deck.flashcards
        if len(card.back.split()) > MAX_BACK_WORDS
    ]
    assert long == []


def test_question_amounts_per_tier(decks: list[Deck]) -> None:
    questions = _questions(decks)
    assert len(questions) >= MIN_QUESTIONS
    tiers = Counter(question.tier for _, question in questions)
    for tier in Tier:
        assert tiers[tier] >= MIN_PER_TIER, f"{tiers[tier]} {tier.value} questions"


def test_questions_have_answers_and_key_points(decks: list[Deck]) -> None:
    low, high = KEY_POINTS_RANGE
    for deck, question in _questions(decks):
        where = f"{deck.id}/{question.id}"
        assert question.answer.strip(), where
        assert low <= len(question.key_points) <= high, where
        points = [_normalise(point) for point in question.key_points]
        assert len(set(points)) == len(points), f"{where}: repeated key point"


def test_model_answers_tick_their_own_key_points(decks: list[Deck]) -> None:
    """The app pre-ticks key points by their key terms; the model answer must earn them all."""
    missed = [
        f"{deck.id}/{question.id}: {match.point!r} ({match.explain()})"
        for deck, question in _questions(decks)
        for match in cover_key_points(question.answer, question.key_points).matches
        if not match.covered
    ]
    assert missed == []


def test_senior_angle_for_intermediate_and_expert(decks: list[Deck]) -> None:
    missing = [
        f"{deck.id}/{question.id}"
        for deck, question in _questions(decks)
        if question.tier is not Tier.BEGINNER
        and not (question.senior_angle and question.senior_angle.strip())
    ]
    assert missing == []


def test_reorder_exercises(decks: list[Deck]) -> None:
    exercises = [(deck, exercise) for deck in decks for exercise in deck.reorder]
    assert len(exercises) >= MIN_REORDER
    low, high = STEPS_RANGE
    for deck, exercise in exercises:
        where = f"{deck.id}/{exercise.id}"
        assert exercise.explanation and exercise.explanation.strip(), f"{where}: no explanation"
        assert low <= len(exercise.steps) <= high, where
        steps = [_normalise(step) for step in exercise.steps]
        assert len(set(steps)) == len(steps), f"{where}: steps are not distinct"


def test_independent_steps_may_come_in_either_order(decks: list[Deck]) -> None:
    """Issue 13: these two had two valid orders; their independent steps are grouped now."""
    by_id = {(deck.id, item.id): item for deck in decks for item in deck.reorder}
    for key in [
        ("gd-logistic-regression", "gradient-check-procedure"),
        ("linear-regression-gd", "linear-gd-loop"),
    ]:
        assert by_id[key].groups, key


def test_required_reorder_exercises_are_in_the_centre_deck(decks: list[Deck]) -> None:
    centre = next(deck for deck in decks if deck.id == CENTRE_DECK)
    assert {exercise.id for exercise in centre.reorder} >= REQUIRED_REORDER


def test_no_item_asks_the_same_as_another(decks: list[Deck]) -> None:
    seen: dict[str, str] = {}
    repeats: list[str] = []
    for deck in decks:
        for item in deck.items():
            key = _normalise(_prompt(item))
            here = f"{deck.id}/{item.id}"
            if key in seen:
                repeats.append(f"{here} repeats {seen[key]}")
            else:
                seen[key] = here
    assert repeats == []


def test_sandbox_exercises_exist(decks: list[Deck]) -> None:
    present = {exercise.id for deck in decks for exercise in deck.sandbox}
    missing = sorted(REQUIRED_SANDBOX - present)
    assert not missing, f"sandbox exercises missing from the bundled decks: {missing}"
    ids = [exercise.id for deck in decks for exercise in deck.sandbox]
    assert len(ids) >= MIN_SANDBOX, f"{len(ids)} coding exercises, need {MIN_SANDBOX}"
    assert len(set(ids)) == len(ids), "a coding exercise id is used in two decks"
