"""The study service as front ends use it: settings, clock and filters reach what it answers."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from studyapp.clock import iso_utc
from studyapp.config import Settings
from studyapp.context import Context
from studyapp.errors import StoreError
from studyapp.model import (
    Deck,
    Flashcard,
    ItemKind,
    ItemRef,
    Question,
    ReviewMode,
    SandboxExercise,
    Tier,
)
from studyapp.sandbox import CheckResult
from studyapp.session import AnswerOutcome, ItemStatus, StudyService
from tests.test_session import DAY1, Clock, ids, make_deck, open_progress


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY1)


def gated_deck() -> Deck:
    """A card, an intermediate question and an expert one (gated until the first moves up)."""
    return Deck(
        "gated", "Gated", "gated.yaml",
        flashcards=(Flashcard("c0", "f", "b"),),
        questions=(
            Question("i0", Tier.INTERMEDIATE, "p", "a", ("k",)),
            Question("e0", Tier.EXPERT, "p", "a", ("k",)),
        ),
    )


def context_with(tmp_path: Path, home: Path, config: str = "") -> Context:
    if config:
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "config.yaml").write_text(config, encoding="utf-8")
    return Context.create(str(tmp_path / "data"), [])


# -- opening ----------------------------------------------------------------------------------


def test_the_service_of_a_run_follows_config_yaml(
    tmp_path: Path, isolated_folders: Path
) -> None:
    ctx = context_with(tmp_path, isolated_folders, "boxes: 3\nintervals: [1, 2, 3]\n")
    progress = StudyService.open(ctx)
    try:
        ref = ItemRef("d", "c0")
        progress.record_answer(ref, ItemKind.FLASHCARD, True)
        assert progress.rules.boxes == 3
        assert progress.status(ref).text.startswith("Box 2 of 3")
    finally:
        progress.close()


def test_a_read_only_service_creates_and_writes_nothing(
    tmp_path: Path, isolated_folders: Path
) -> None:
    ctx = context_with(tmp_path, isolated_folders)
    progress = StudyService.open(ctx, read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            progress.record_answer(ItemRef("d", "c0"), ItemKind.FLASHCARD, True)
    finally:
        progress.close()
    assert not ctx.locations.database.exists()
    at = StudyService.at(tmp_path / "other.sqlite3", read_only=True)
    at.close()
    assert not (tmp_path / "other.sqlite3").exists()


def test_answers_dated_ahead_of_the_clock_are_ignored_and_named_on_open(
    tmp_path: Path, isolated_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = context_with(tmp_path, isolated_folders)
    ref = ItemRef("d", "c0")
    # Written by a machine whose clock was months ahead of this one's.
    with StudyService.at(ctx.locations.database).store as store:
        store.record(ref, ItemKind.FLASHCARD, True, "2026-06-01T10:00:00.000+00:00")
    monkeypatch.setenv("STUDYAPP_NOW", "2026-04-01T10:00:00+00:00")
    progress = StudyService.open(ctx)
    try:
        assert progress.status(ref).box is None
        notice = progress.ignored_notice()
        assert notice is not None and "1 answer(s)" in notice and "c0" in notice
        assert ctx.notices == [notice]
    finally:
        progress.close()


def test_the_horizon_follows_the_service_clock_not_the_machine_clock(tmp_path: Path) -> None:
    progress = StudyService.at(tmp_path / "p.sqlite3")
    ref = ItemRef("d", "c0")
    # The service's clock is years ahead of the machine's: its answers count.
    progress.clock = Clock(datetime(2091, 5, 1, 10, tzinfo=UTC))
    progress.record_answer(ref, ItemKind.FLASHCARD, True)
    assert progress.status(ref).box == 2
    assert progress.rebuild() == 1
    assert progress.status(ref).box == 2
    # An answer a month ahead of the service's clock does not, once the log is replayed.
    progress.clock = Clock(datetime(2026, 4, 1, 10, tzinfo=UTC))
    other = ItemRef("d", "c1")
    progress.store.record(other, ItemKind.FLASHCARD, True, "2026-05-01T10:00:00.000+00:00")
    assert progress.rebuild() == 0
    assert progress.status(other).box is None
    assert progress.ignored_notice() is not None
    progress.close()


def test_a_clean_log_gives_no_notice(tmp_path: Path, isolated_folders: Path) -> None:
    ctx = context_with(tmp_path, isolated_folders)
    progress = StudyService.open(ctx)
    try:
        assert progress.ignored_notice() is None
        assert ctx.notices == []
    finally:
        progress.close()


# -- answering and undo -------------------------------------------------------------------------


def test_undo_of_a_named_answer_removes_that_one_not_the_latest(
    tmp_path: Path, clock: Clock
) -> None:
    progress = open_progress(tmp_path, clock)
    first_ref, second_ref = ItemRef("d", "c0"), ItemRef("d", "c1")
    first = progress.record_answer(first_ref, ItemKind.FLASHCARD, True)
    clock.advance(minutes=1)
    second = progress.record_answer(second_ref, ItemKind.FLASHCARD, False)
    assert progress.undo_last(first.id, first_ref) == first
    assert progress.status(first_ref).box is None
    assert progress.status(second_ref).box == 1
    assert [r.id for r in progress.store.reviews()] == [second.id]


def test_a_check_without_hints_keeps_none(tmp_path: Path, clock: Clock) -> None:
    progress = open_progress(tmp_path, clock)
    exercise = SandboxExercise(
        "ex", "Ex", "Write it.", "f", starter="def f():\n    pass\n", reference="def f(): 1"
    )
    record = progress.record_check(
        ItemRef("d", "ex"), exercise, "def f():\n    return 1\n", CheckResult("ex", True, 3, 0.1)
    )
    assert record.review is not None
    assert record.review.detail == {"cases_run": 3, "failures": [], "warnings": []}


def test_what_an_answer_did_names_the_next_review(tmp_path: Path, clock: Clock) -> None:
    progress = open_progress(tmp_path, clock)
    ref = ItemRef("d", "c0")
    review = progress.record_answer(ref, ItemKind.FLASHCARD, True)  # box 2: two days
    outcome = progress.outcome(review)
    assert outcome.next_due == datetime(2026, 4, 3, 4, tzinfo=UTC)
    assert outcome.days == 2
    status = progress.status(ref)
    assert status == ItemStatus(2, 5, datetime(2026, 4, 3, 4, tzinfo=UTC), 2)


def test_on_the_calendars_last_day_the_next_review_is_today(tmp_path: Path) -> None:
    progress = open_progress(tmp_path, Clock(datetime(9999, 12, 31, 10, tzinfo=UTC)))
    review = progress.record_answer(ItemRef("d", "c0"), ItemKind.FLASHCARD, True)
    outcome = progress.outcome(review)
    assert outcome.days == 0
    assert outcome.text == "New → box 2 of 5, next review today"
    assert progress.status(review.ref).text == "Box 2 of 5, due now"


def test_a_practice_answer_on_a_new_item_schedules_nothing(tmp_path: Path, clock: Clock) -> None:
    progress = open_progress(tmp_path, clock)
    ref = ItemRef("d", "c0")
    review = progress.record_answer(ref, ItemKind.FLASHCARD, True, mode=ReviewMode.PRACTICE)
    assert progress.outcome(review) == AnswerOutcome(review, 5, None, 0)
    assert progress.status(ref) == ItemStatus(None, 5, None, 0)
    assert progress.deck_statuses("d") == {}


def test_statuses_of_a_deck_by_item(tmp_path: Path, clock: Clock) -> None:
    progress = open_progress(tmp_path, clock)
    progress.record_answer(ItemRef("d", "c0"), ItemKind.FLASHCARD, True)
    progress.record_answer(ItemRef("d", "c1"), ItemKind.FLASHCARD, False)
    progress.record_answer(ItemRef("other", "c0"), ItemKind.FLASHCARD, False)
    statuses = progress.deck_statuses("d")
    assert {item: status.short for item, status in statuses.items()} == {
        "c0": "box 2, in 2 days",
        "c1": "box 1, tomorrow",
    }


# -- the study day ----------------------------------------------------------------------------


def test_a_day_start_with_minutes_resets_the_new_allowance_on_the_minute(
    tmp_path: Path,
) -> None:
    clock = Clock(datetime(2026, 4, 1, 10, tzinfo=UTC))
    settings = Settings(new_per_day=2, day_starts_at="06:30")
    progress = open_progress(tmp_path, clock, settings)
    deck = make_deck(cards=6, questions=0, reorders=0)
    session = progress.start_session([deck])
    while session.current is not None:
        session.answer(True)
    clock.moment = datetime(2026, 4, 2, 6, 29, 59, tzinfo=UTC)
    assert progress.new_allowance() == 0
    assert progress.today_start() == datetime(2026, 4, 1, 6, 30, tzinfo=UTC)
    clock.moment = datetime(2026, 4, 2, 6, 30, tzinfo=UTC)
    assert progress.today_start() == datetime(2026, 4, 2, 6, 30, tzinfo=UTC)
    assert progress.new_allowance() == 2
    # Answers given exactly at the boundary belong to the new day.
    session = progress.start_session([deck])
    session.answer(True)
    assert progress.new_allowance() == 1
    assert ids(progress.build_queue([deck])) == ["c3"]


def test_the_study_day_is_the_learners_local_day(tmp_path: Path) -> None:
    zone = timezone(timedelta(hours=10))
    clock = Clock(datetime(2026, 4, 1, 7, 0, tzinfo=zone))  # 21:00 UTC the day before
    settings = Settings(new_per_day=2, day_starts_at="06:30")
    progress = open_progress(tmp_path, clock, settings)
    assert progress.today_start() == datetime(2026, 4, 1, 6, 30, tzinfo=zone)
    deck = make_deck(cards=6, questions=0, reorders=0)
    session = progress.start_session([deck])
    while session.current is not None:
        session.answer(True)
    clock.moment = datetime(2026, 4, 2, 6, 0, tzinfo=zone)
    assert progress.new_allowance() == 0
    clock.moment = datetime(2026, 4, 2, 6, 30, tzinfo=zone)
    assert progress.new_allowance() == 2


def test_counts_read_for_another_moment_use_that_moments_allowance(
    tmp_path: Path, clock: Clock
) -> None:
    progress = open_progress(tmp_path, clock, Settings(new_per_day=2))
    deck = make_deck(cards=6, questions=0, reorders=0)
    session = progress.start_session([deck])
    while session.current is not None:
        session.answer(True)
    assert progress.state_counts().allowance == 0
    tomorrow = clock.moment + timedelta(days=1)
    assert progress.new_allowance(tomorrow) == 2
    counts = progress.state_counts(tomorrow)
    assert counts.allowance == 2
    (view,) = progress.overview([deck], counts)
    assert view.new_total == 2


# -- queues -----------------------------------------------------------------------------------


def test_queues_over_several_decks_know_every_decks_history(tmp_path: Path, clock: Clock) -> None:
    first = make_deck("deck-a", cards=2, questions=0, reorders=0)
    second = make_deck("deck-b", cards=2, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock)
    progress.record_answer(ItemRef("deck-b", "c0"), ItemKind.FLASHCARD, True)
    progress.record_answer(ItemRef("deck-a", "c1"), ItemKind.FLASHCARD, True)
    queue = progress.build_queue([first, second])
    assert [str(entry.ref) for entry in queue] == [
        str(ItemRef("deck-a", "c0")), str(ItemRef("deck-b", "c1"))
    ]
    cram = progress.build_queue([first, second], cram=True)
    assert [entry.is_new for entry in cram] == [False, False, True, True]


def test_a_queue_of_chosen_items_and_limits(tmp_path: Path, clock: Clock) -> None:
    deck = make_deck()
    progress = open_progress(tmp_path, clock)
    assert ids(progress.build_queue([deck], item_ids=["q1", "c2"])) == ["c2", "q1"]
    assert ids(progress.build_queue([deck], limit=3)) == ["c0", "q0", "r0"]
    assert ids(progress.build_queue([deck], cram=True, limit=2)) == ["c0", "q0"]
    assert ids(progress.build_queue([deck], cram=True, kinds=["reorder"])) == ["r0", "r1"]
    assert ids(progress.build_queue([deck], cram=True, item_ids=["q1"])) == ["q1"]
    session = progress.start_session([deck], cram=True, kinds=["question"], limit=1)
    assert ids(session.queue) == ["q0"] and session.mode is ReviewMode.CRAM
    assert ids(progress.start_session([deck], kinds=["reorder"]).queue) == ["r0", "r1"]


# -- overviews --------------------------------------------------------------------------------


def orphan(progress: StudyService, deck: Deck) -> None:
    """History of an item the deck no longer has (the overview counts such decks item by item)."""
    progress.store.record(
        ItemRef(deck.id, "gone"), ItemKind.FLASHCARD, True, iso_utc(progress.now())
    )


@pytest.mark.parametrize("with_orphan", [False, True])
@pytest.mark.parametrize("gating", [False, True])
def test_overview_new_counts_follow_tier_gating(
    tmp_path: Path, clock: Clock, gating: bool, with_orphan: bool
) -> None:
    deck = gated_deck()
    progress = open_progress(tmp_path, clock, Settings(tier_gating=gating))
    if with_orphan:
        orphan(progress, deck)
    (view,) = progress.overview([deck])
    assert view.new[ItemKind.QUESTION] == (1 if gating else 2)
    assert view.orphaned == (("gone",) if with_orphan else ())
    # Decks or their catalogs: the same counts.
    assert progress.overview([deck.catalog()]) == [view]


def test_overview_opens_expert_questions_once_the_intermediate_ones_moved_up(
    tmp_path: Path, clock: Clock
) -> None:
    deck = gated_deck()
    progress = open_progress(tmp_path, clock)
    assert progress.overview([deck])[0].new[ItemKind.QUESTION] == 1
    progress.record_answer(ItemRef("gated", "i0"), ItemKind.QUESTION, True)
    (view,) = progress.overview([deck])
    assert view.new[ItemKind.QUESTION] == 1  # e0 now; i0 is seen
    assert view.new_total == 2 and view.unseen == 2
    assert ids(progress.build_queue([deck])) == ["c0", "e0"]


# -- the log as a whole -----------------------------------------------------------------------


def test_a_log_exported_imported_and_dropped_through_the_service(
    tmp_path: Path, clock: Clock
) -> None:
    source = open_progress(tmp_path / "a", clock)
    first = source.record_answer(ItemRef("d", "c0"), ItemKind.FLASHCARD, True)
    clock.advance(minutes=1)
    second = source.record_answer(ItemRef("d", "c1"), ItemKind.FLASHCARD, False)
    target = tmp_path / "export.jsonl"
    assert source.export_file(target) == 2
    text = target.read_text(encoding="utf-8")
    assert [first.id in text, second.id in text] == [True, True]
    out = io.StringIO()
    assert source.export_log(out) == 2 and out.getvalue() == text

    copy = open_progress(tmp_path / "b", clock)
    with target.open("rb") as stream:
        parsed = copy.read_log(stream, "export.jsonl")
    assert parsed.problems == [] and [r.id for r in parsed.reviews] == [first.id, second.id]
    assert copy.merge_log(parsed.reviews) == (2, 0)
    assert copy.merge_log(parsed.reviews) == (0, 2)
    assert copy.status(ItemRef("d", "c0")).box == 2

    removed, unknown = copy.drop_events([first.id, "no-such-id"])
    assert [r.id for r in removed] == [first.id] and unknown == ["no-such-id"]
    assert copy.status(ItemRef("d", "c0")).box is None


def test_reading_a_log_refuses_answers_dated_past_the_service_clock(
    tmp_path: Path, clock: Clock
) -> None:
    ahead = open_progress(tmp_path / "a", Clock(DAY1 + timedelta(days=30)))
    ahead.record_answer(ItemRef("d", "c0"), ItemKind.FLASHCARD, True)
    out = io.StringIO()
    ahead.export_log(out)
    progress = open_progress(tmp_path / "b", clock)
    parsed = progress.read_log(io.BytesIO(out.getvalue().encode()), "log.jsonl")
    assert parsed.reviews == []
    (problem,) = parsed.problems
    assert (problem.path, problem.line) == ("log.jsonl", 1)


def test_counts_of_some_decks_still_count_what_other_decks_introduced_today(
    tmp_path: Path, clock: Clock
) -> None:
    first = make_deck("deck-a", cards=3, questions=0, reorders=0)
    second = make_deck("deck-b", cards=3, questions=0, reorders=0)
    progress = open_progress(tmp_path, clock, Settings(new_per_day=3))
    progress.record_answer(ItemRef("deck-a", "c0"), ItemKind.FLASHCARD, True)
    progress.record_answer(ItemRef("deck-b", "c0"), ItemKind.FLASHCARD, True)
    progress.record_answer(ItemRef("deck-b", "c1"), ItemKind.FLASHCARD, True)
    assert progress.state_counts().allowance == 0
    some = progress.state_counts(deck_ids=["deck-a"])
    assert some.allowance == 0 and list(some.counts) == ["deck-a"]
    (view,) = progress.overview([first], some)
    assert view.new_total == 0 and view.unseen == 2
    clock.advance(days=1)
    assert progress.state_counts(deck_ids=["deck-b"]).allowance == 3
    assert [v.new_total for v in progress.overview([first, second])] == [2, 1]
