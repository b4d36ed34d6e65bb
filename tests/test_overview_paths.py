"""Due counts from the SQL due test and list-wide counting equal the pure scheduler, item by item."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.model import (
    KINDS,
    Deck,
    Flashcard,
    ItemKind,
    ItemRef,
    Question,
    ReorderExercise,
    Tier,
)
from studyapp.scheduling import is_due
from studyapp.session import StudyService

START = datetime(2026, 4, 1, 10, tzinfo=UTC)
DECK = Deck(
    id="d",
    title="D",
    path="d.yaml",
    flashcards=tuple(Flashcard(f"c{i}", "f", "b") for i in range(4)),
    questions=tuple(Question(f"q{i}", tier, "p", "a", ("k",)) for i, tier in enumerate(Tier)),
    reorder=(ReorderExercise("r0", "p", ("a", "b", "c")),),
)
KIND_OF = {item.id: item.kind for item in DECK.items()}

answers = st.lists(
    st.tuples(
        st.sampled_from([*KIND_OF, "gone-1", "gone-2"]),  # "gone-*": orphaned items
        st.booleans(),
        st.integers(min_value=0, max_value=60),  # hours after the previous answer
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(answers, st.integers(min_value=0, max_value=40))
def test_overview_counts_match_the_scheduler_item_by_item(
    sequence: list[tuple[str, bool, int]], days_later: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        moment = START
        progress = StudyService.at(Path(folder) / "p.sqlite3")
        for item, correct, hours in sequence:
            moment += timedelta(hours=hours)
            kind = KIND_OF.get(item, ItemKind.FLASHCARD)
            stamp = moment.isoformat(timespec="milliseconds")
            progress.store.record(ItemRef("d", item), kind, correct, stamp)
        now = moment + timedelta(days=days_later)
        progress.clock = lambda: now
        (overview,) = progress.overview([DECK])
        states = progress.store.deck_states("d")
        expected_due = dict.fromkeys(KINDS, 0)
        expected_boxes = dict.fromkeys(range(1, progress.rules.boxes + 1), 0)
        for item_id, state in states.items():
            if item_id in KIND_OF:
                expected_boxes[state.box] += 1
                if is_due(progress.rules, state, now):
                    expected_due[KIND_OF[item_id]] += 1
        assert overview.due == expected_due
        assert overview.boxes == expected_boxes
        assert overview.orphaned == tuple(sorted(i for i in states if i not in KIND_OF))
        assert overview.unseen == len(KIND_OF) - sum(1 for i in states if i in KIND_OF)
        progress.close()


BIG = Deck(
    id="big",
    title="Big",
    path="big.yaml",
    flashcards=tuple(Flashcard(f"c{i}", "f", "b") for i in range(7)),
    questions=tuple(
        Question(f"q{i}", (Tier.BEGINNER, Tier.INTERMEDIATE, Tier.EXPERT)[i % 3], "p", "a", ("k",))
        for i in range(9)
    ),
    reorder=tuple(ReorderExercise(f"r{i}", "p", ("a", "b", "c")) for i in range(3)),
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from([item.id for item in BIG.items()]), st.integers(1, 5)),
    st.integers(min_value=0, max_value=25),
    st.booleans(),
)
def test_new_counts_equal_the_study_queue_choice(
    seen: dict[str, int], allowance: int, gating: bool
) -> None:
    from collections import Counter

    from studyapp.session import Filters
    from studyapp.session._overview import new_counts
    from studyapp.session._queue import new_entries

    chosen = new_entries([BIG], {BIG.id: seen}, allowance, Filters(), tier_gating=gating)
    expected = dict.fromkeys(KINDS, 0) | Counter(entry.kind for entry in chosen)
    assert new_counts(BIG.catalog(), seen, allowance, tier_gating=gating) == expected
