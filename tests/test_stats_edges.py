"""Stats at their edges: the week and month begin at study-day starts, one deck's report keeps
the whole day's new-item allowance and only its own coding answers, the days are the
learner's local ones, and each deck's counts are the `due` overview's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from studyapp.config import Settings
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
from studyapp.session import DayActivity, StudyService, Tally
from tests.test_session import Clock, open_progress

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)  # study days start at 04:00
FLASH = ItemKind.FLASHCARD


def cards(deck_id: str, count: int, questions: tuple[Question, ...] = ()) -> Deck:
    return Deck(
        deck_id, deck_id.upper(), f"{deck_id}.yaml",
        flashcards=tuple(Flashcard(f"{deck_id}{i}", "f", "b") for i in range(count)),
        questions=questions,
    )


def record(
    progress: StudyService, deck: str, item: str, at: str, correct: bool = True,
    kind: ItemKind = FLASH, mode: ReviewMode = ReviewMode.REVIEW, ms: int | None = None,
) -> None:
    progress.store.record(ItemRef(deck, item), kind, correct, at, mode=mode, answer_ms=ms)


def test_each_decks_counts_are_the_due_overviews(tmp_path: Path) -> None:
    first, second, third = cards("a", 5), cards("b", 2), cards("c", 2)
    progress = open_progress(tmp_path, Clock(NOW), Settings(new_per_day=3))
    record(progress, "a", "a0", "2026-06-10T04:00:00.000+00:00", False)  # today, exactly
    record(progress, "a", "a1", "2026-06-09T05:00:00.000+00:00", False)  # due now
    record(progress, "a", "a3", "2026-06-09T06:00:00.000+00:00", False)  # due now
    record(progress, "b", "b0", "2026-06-09T05:00:00.000+00:00")  # box 2, due on the 11th
    record(progress, "b", "b1", "2026-06-10T05:00:00.000+00:00")  # box 2, due on the 12th
    record(progress, "c", "c0", "2026-06-08T05:00:00.000+00:00")  # box 2, due now
    record(progress, "c", "c1", "2026-06-10T06:00:00.000+00:00", mode=ReviewMode.CRAM)
    decks = [first, second, third]
    a, b, c = progress.overview(decks)
    # Two new items were introduced today (a0, b1): one more is allowed.
    assert (a.due[FLASH], a.boxes[1], a.new[FLASH], a.unseen) == (2, 3, 1, 2)
    assert a.next_due == datetime(2026, 6, 11, 4, tzinfo=UTC)
    assert (b.due_total, b.boxes[2], b.unseen, b.new_total) == (0, 2, 0, 0)
    assert b.next_due == datetime(2026, 6, 11, 4, tzinfo=UTC)
    assert (c.due[FLASH], c.boxes[2], c.unseen, c.new[FLASH]) == (1, 1, 1, 1)  # c1: cram only
    assert [stats.overview for stats in progress.stats(decks).decks] == [a, b, c]
    for view in (a, b, c):
        (one,) = progress.stats(decks, deck_id=view.deck_id).decks
        assert one.overview == view
    record(progress, "a", "a2", "2026-06-10T07:00:00.000+00:00")  # the last one allowed today
    a = progress.overview(decks)[0]
    assert (a.new_total, a.unseen) == (0, 1)
    assert progress.stats(decks, deck_id="a").decks[0].overview == a
    assert progress.stats(decks).decks[0].overview == a


def test_the_week_and_the_month_begin_at_a_study_days_start(tmp_path: Path) -> None:
    question = Question("qe", Tier.INTERMEDIATE, "p", "a", ("k",))
    deck = cards("e", 4, questions=(question,))
    progress = open_progress(tmp_path, Clock(NOW))
    record(progress, "e", "e0", "2026-06-04T04:00:00.000+00:00", ms=1_000)  # 7th day back
    record(progress, "e", "e1", "2026-06-04T03:59:00.000+00:00", ms=2_000)  # the 8th
    record(progress, "e", "e2", "2026-05-12T04:00:00.000+00:00", False, ms=4_000)  # 30th
    record(progress, "e", "e3", "2026-05-12T03:59:00.000+00:00", ms=8_000)  # the 31st
    question_kind = ItemKind.QUESTION
    record(progress, "e", "qe", "2026-05-12T03:30:00.000+00:00", False, question_kind, ms=32_000)
    record(progress, "e", "qe", "2026-05-12T04:00:00.000+00:00", True, question_kind, ms=16_000)
    report = progress.stats([deck])
    (stats,) = report.decks
    assert stats.week == Tally(1, 1)
    assert stats.month == Tally(4, 3)
    assert report.time_studied_ms == {7: 1_000, 30: 23_000, 0: 63_000}
    assert report.accuracy_by_kind == {
        **dict.fromkeys(KINDS, Tally()), FLASH: Tally(3, 2), question_kind: Tally(1, 1)
    }
    assert report.accuracy_by_tier[Tier.INTERMEDIATE] == Tally(1, 1)
    assert progress.stats([deck], deck_id="e").accuracy_by_tier[Tier.INTERMEDIATE] == Tally(1, 1)


def test_one_decks_report_counts_only_its_own_coding_answers(tmp_path: Path) -> None:
    def coding(deck_id: str, exercise: str) -> Deck:
        return Deck(deck_id, deck_id, f"{deck_id}.yaml",
                    sandbox=(SandboxExercise(exercise, "T", "p", "f", "", ""),))

    decks = [coding("s", "ex"), coding("o", "ox")]
    progress = open_progress(tmp_path, Clock(NOW))
    sandbox = ItemKind.SANDBOX
    record(progress, "s", "ex", "2026-06-08T05:00:00.000+00:00", False, sandbox)
    record(progress, "s", "ex", "2026-06-08T06:00:00.000+00:00", True, sandbox)
    for hour in (5, 6, 7):
        record(progress, "o", "ox", f"2026-06-09T0{hour}:00:00.000+00:00", True, sandbox)
    every = progress.stats(decks)
    assert (every.coding_attempts, every.coding_passed, every.coding_exercises) == (5, 2, 2)
    one = progress.stats(decks, deck_id="s")
    assert (one.coding_attempts, one.coding_passed, one.coding_exercises) == (2, 1, 1)


def test_stats_days_are_the_learners_local_study_days(tmp_path: Path) -> None:
    zone = timezone(timedelta(hours=10))  # study days start at 04:00 there: 18:00 UTC
    now = datetime(2026, 6, 10, 12, tzinfo=zone)  # 02:00 UTC
    deck = cards("z", 4)
    progress = open_progress(tmp_path, Clock(now))
    record(progress, "z", "z0", "2026-06-09T19:00:00.000+00:00", False)  # 05:00 on the 10th
    record(progress, "z", "z1", "2026-06-09T17:00:00.000+00:00")  # 03:00 on the 10th: the 9th
    record(progress, "z", "z2", "2026-06-03T20:00:00.000+00:00")  # 06:00 on the 4th: in week
    record(progress, "z", "z3", "2026-06-03T12:00:00.000+00:00")  # 22:00 on the 3rd: not
    report = progress.stats([deck])
    assert report.heatmap == [
        DayActivity(date(2026, 6, 3), 1, 1),
        DayActivity(date(2026, 6, 4), 1, 1),
        DayActivity(date(2026, 6, 9), 1, 1),
        DayActivity(date(2026, 6, 10), 1, 0),
    ]
    (stats,) = report.decks
    assert stats.week == Tally(3, 2)
    assert [(d.day, d.due) for d in report.forecast[:3]] == [
        (date(2026, 6, 10), 2),  # z2 and z3, overdue; z0 was answered today
        (date(2026, 6, 11), 2),  # z0 (box 1) and z1 (box 2, answered on the 9th)
        (date(2026, 6, 12), 0),
    ]
    assert report.streak_days == 2


def test_a_deck_without_answers_has_empty_figures(tmp_path: Path) -> None:
    empty = cards("empty", 2)
    progress = open_progress(tmp_path, Clock(NOW))
    record(progress, "a", "a0", "2026-06-09T05:00:00.000+00:00")
    (stats, gone) = progress.stats([empty]).decks
    assert stats.deck_id == "empty" and stats.orphaned == () and stats.overview.orphaned == ()
    assert (stats.week, stats.month) == (Tally(), Tally())
    assert stats.overview.unseen == 2 and stats.overview.new_total == 2
    assert gone.deck_id == "a" and gone.orphaned == ("a0",)


def test_an_unknown_deck_is_refused_with_a_deck_of_the_content_or_the_log_suggested(
    tmp_path: Path,
) -> None:
    progress = open_progress(tmp_path, Clock(NOW))
    record(progress, "logged", "x0", "2026-06-09T05:00:00.000+00:00")
    decks = [cards("content", 1)]
    with pytest.raises(SelectionError) as caught:
        progress.stats(decks, deck_id="contents")
    assert str(caught.value).startswith("unknown deck 'contents'")
    assert "'content'" in str(caught.value)
    with pytest.raises(SelectionError) as caught:
        progress.stats(decks, deck_id="loged")
    assert "'logged'" in str(caught.value)
