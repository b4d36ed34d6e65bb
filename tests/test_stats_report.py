"""The stats report of a small known history, figure by figure: per deck, per box, per kind,
per tier, per day, the streak and the time studied, for every deck and for one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.errors import SelectionError
from studyapp.model import (
    KINDS,
    Deck,
    Flashcard,
    ItemKind,
    ItemRef,
    Question,
    ReviewMode,
    SandboxExercise,
    Tier,
)
from studyapp.session import ASSUMED_RECALL, BoxRecall, DayActivity, DayDue, StudyService, Tally
from tests.test_session import Clock, open_progress

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)
SOURCE = Deck(
    "s", "Source", "s.yaml",
    flashcards=tuple(Flashcard(f"c{i}", "f", "b") for i in range(4)),
    questions=(
        Question("qb", Tier.BEGINNER, "p", "a", ("k",)),
        Question("qi", Tier.INTERMEDIATE, "p", "a", ("k",)),
    ),
    sandbox=(SandboxExercise("ex", "Ex", "p", "f", "", ""),),
)
OTHER = Deck("o", "Other", "o.yaml", flashcards=(Flashcard("c0", "f", "b"),))
FLASH, QUESTION = ItemKind.FLASHCARD, ItemKind.QUESTION
HISTORY = [
    # (deck, item, kind, days before NOW, correct, mode, answer ms)
    ("s", "c0", FLASH, 40, True, ReviewMode.REVIEW, 1_000),  # box 1 -> 2, outside 30 days
    ("s", "c0", FLASH, 20, True, ReviewMode.REVIEW, 2_000),  # box 2 -> 3
    ("s", "c0", FLASH, 2, False, ReviewMode.REVIEW, 4_000),  # box 3 -> 1
    ("s", "c1", FLASH, 3, True, ReviewMode.REVIEW, 8_000),  # new -> 2
    ("s", "qb", QUESTION, 1, True, ReviewMode.CRAM, 16_000),  # no box
    ("s", "c2", FLASH, 1, True, ReviewMode.REVIEW, None),  # new -> 2, due in 2 days
    ("o", "c0", FLASH, 4, True, ReviewMode.REVIEW, 32_000),  # new -> 2
    ("s", "gone", FLASH, 5, True, ReviewMode.REVIEW, None),  # no longer in the deck
]


@pytest.fixture
def progress(tmp_path: Path) -> StudyService:
    service = open_progress(tmp_path, Clock(NOW))
    for offset, (deck, item, kind, days, correct, mode, ms) in enumerate(HISTORY):
        at = NOW - timedelta(days=days) + timedelta(minutes=offset)
        service.store.record(
            ItemRef(deck, item), kind, correct, at.isoformat(timespec="milliseconds"),
            mode=mode, answer_ms=ms,
        )
    return service


def june(day: int) -> date:
    return date(2026, 6, day)


def test_every_deck_figure_by_figure(progress: StudyService) -> None:
    report = progress.stats([SOURCE, OTHER])
    assert report.now == NOW
    source, other = report.decks
    assert (source.deck_id, other.deck_id) == ("s", "o")
    assert source.week == Tally(5, 4) and source.month == Tally(6, 5)
    assert source.recall_by_box == {
        1: Tally(4, 4), 2: Tally(1, 1), 3: Tally(1, 0), 4: Tally(), 5: Tally()
    }
    assert source.orphaned == ("gone",)
    assert source.overview.boxes == {1: 1, 2: 2, 3: 0, 4: 0, 5: 0}
    assert source.overview.due == {**dict.fromkeys(KINDS, 0), FLASH: 2}
    assert source.boxes_by_kind[FLASH] == {1: 1, 2: 2, 3: 0, 4: 0, 5: 0}
    assert source.boxes_by_kind[QUESTION] == dict.fromkeys(range(1, 6), 0)
    assert other.week == other.month == Tally(1, 1)
    assert other.recall_by_box[1] == Tally(1, 1) and other.orphaned == ()

    assert report.streak_days == 5  # June 5 to 9; nothing yet today
    assert report.forecast[:3] == [DayDue(june(10), 3), DayDue(june(11), 1), DayDue(june(12), 0)]
    assert len(report.forecast) == 14 and sum(d.due for d in report.forecast) == 4
    assert report.heatmap == [
        DayActivity(date(2026, 5, 1), 1, 1),
        DayActivity(date(2026, 5, 21), 1, 1),
        DayActivity(june(5), 1, 1),
        DayActivity(june(6), 1, 1),
        DayActivity(june(7), 1, 1),
        DayActivity(june(8), 1, 0),
        DayActivity(june(9), 2, 2),
    ]
    assert report.accuracy_by_kind == {
        **dict.fromkeys(KINDS, Tally()), FLASH: Tally(6, 5), QUESTION: Tally(1, 1)
    }
    assert report.accuracy_by_kind[FLASH].accuracy == 0.833
    assert report.accuracy_by_tier == {
        Tier.BEGINNER: Tally(1, 1), Tier.INTERMEDIATE: Tally(), Tier.EXPERT: Tally()
    }
    assert (report.coding_attempts, report.coding_passed, report.coding_exercises) == (0, 0, 1)
    assert report.time_studied_ms == {7: 60_000, 30: 62_000, 0: 63_000}
    assert report.recall_30d == [
        BoxRecall(1, Tally(4, 4), ASSUMED_RECALL),
        BoxRecall(2, Tally(1, 1), ASSUMED_RECALL),
        BoxRecall(3, Tally(1, 0), ASSUMED_RECALL),
        BoxRecall(4, Tally(), ASSUMED_RECALL),
        BoxRecall(5, Tally(), ASSUMED_RECALL),
    ]


def test_one_deck_counts_that_deck_but_the_streak_of_every_deck(progress: StudyService) -> None:
    report = progress.stats([SOURCE, OTHER], deck_id="s")
    assert [stats.deck_id for stats in report.decks] == ["s"]
    assert report.decks[0] == progress.stats([SOURCE, OTHER]).decks[0]
    assert report.streak_days == 5  # the other deck's June 6 answer keeps it going
    assert [d.due for d in report.forecast[:2]] == [2, 1]
    assert [d.day for d in report.heatmap] == [
        date(2026, 5, 1), date(2026, 5, 21), june(5), june(7), june(8), june(9)
    ]
    assert report.time_studied_ms == {7: 28_000, 30: 30_000, 0: 31_000}
    assert report.accuracy_by_kind[FLASH] == Tally(5, 4)
    assert report.recall_30d[0] == BoxRecall(1, Tally(3, 3), ASSUMED_RECALL)
    assert report.coding_exercises == 1
    only_other = progress.stats([SOURCE, OTHER], deck_id="o")
    assert [s.deck_id for s in only_other.decks] == ["o"] and only_other.coding_exercises == 0


def test_a_deck_nobody_knows_is_refused_with_a_suggestion(progress: StudyService) -> None:
    with pytest.raises(SelectionError, match="unknown deck 'x'"):
        progress.stats([SOURCE, OTHER], deck_id="x")
    with pytest.raises(SelectionError) as caught:
        progress.stats([SOURCE], deck_id="ss")
    assert str(caught.value).startswith("unknown deck 'ss'") and "'s'" in str(caught.value)


def test_a_deck_only_the_log_knows_keeps_its_own_figures(progress: StudyService) -> None:
    report = progress.stats([SOURCE])  # the other deck is gone from the content
    gone = report.decks[1]
    assert gone.deck_id == "o" and gone.orphaned == ("c0",)
    assert gone.week == Tally(1, 1) and gone.recall_by_box[1] == Tally(1, 1)
    assert gone.boxes_by_kind == {}
    assert [d.due for d in report.forecast[:2]] == [2, 1]  # its items are not forecast
    assert report.coding_exercises == 1


def test_a_streak_longer_than_the_heatmap_is_counted_in_full(tmp_path: Path) -> None:
    progress = open_progress(tmp_path, Clock(NOW))
    for days in range(130):
        at = (NOW - timedelta(days=days, hours=1)).isoformat(timespec="milliseconds")
        progress.store.record(ItemRef("o", "c0"), FLASH, True, at, mode=ReviewMode.PRACTICE)
    report = progress.stats([OTHER])
    assert report.streak_days == 130
    assert len(report.heatmap) == 112 and report.heatmap[-1] == DayActivity(june(10), 1, 1)
    assert progress.stats([OTHER], deck_id="o").streak_days == 130


def test_a_streak_ending_yesterday_that_fills_the_heatmap_is_counted_in_full(
    tmp_path: Path,
) -> None:
    progress = open_progress(tmp_path, Clock(NOW))
    for days in range(1, 131):  # every day but today
        at = (NOW - timedelta(days=days)).isoformat(timespec="milliseconds")
        progress.store.record(ItemRef("o", "c0"), FLASH, True, at, mode=ReviewMode.PRACTICE)
    report = progress.stats([OTHER])
    assert report.streak_days == 130
    assert len(report.heatmap) == 111


def test_accuracy_by_tier_adds_up_every_question_of_the_tier(tmp_path: Path) -> None:
    deck = Deck(
        "t", "Tiers", "t.yaml",
        questions=tuple(Question(f"b{i}", Tier.BEGINNER, "p", "a", ("k",)) for i in range(3)),
    )
    progress = open_progress(tmp_path, Clock(NOW))
    for i, correct in enumerate([True, False, True]):
        at = (NOW - timedelta(days=2, minutes=i)).isoformat(timespec="milliseconds")
        progress.store.record(ItemRef("t", f"b{i}"), QUESTION, correct, at)
    assert progress.stats([deck]).accuracy_by_tier == {
        Tier.BEGINNER: Tally(3, 2), Tier.INTERMEDIATE: Tally(), Tier.EXPERT: Tally()
    }
