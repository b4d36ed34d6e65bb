"""Leitner rules: box transitions, both wrong-answer rules, study-day boundaries, due times."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from studyapp.config import Settings
from studyapp.scheduling import (
    Answer,
    LeitnerState,
    Rules,
    apply_answer,
    due_at,
    due_thresholds,
    is_due,
    is_due_by,
    next_box,
    replay,
)

CLASSIC = Rules()
GENTLE = Rules(on_wrong="previous-box")
T0 = "2026-03-02T10:00:00.000+00:00"


def at(day: int, hour: int = 10, minute: int = 0) -> str:
    """An ISO UTC time `day` days after 2026-03-01."""
    moment = datetime(2026, 3, 1, hour, minute, tzinfo=UTC) + timedelta(days=day)
    return moment.isoformat(timespec="milliseconds")


def utc(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_a_correct_first_answer_puts_a_new_item_in_box_2() -> None:
    assert next_box(CLASSIC, None, True) == 2


def test_a_wrong_first_answer_leaves_a_new_item_in_box_1() -> None:
    assert next_box(CLASSIC, None, False) == 1
    assert next_box(GENTLE, None, False) == 1


@pytest.mark.parametrize("box", [1, 2, 3, 4])
def test_a_correct_answer_moves_up_one_box(box: int) -> None:
    assert next_box(CLASSIC, box, True) == box + 1


def test_the_last_box_stays_the_last() -> None:
    assert next_box(CLASSIC, 5, True) == 5


@pytest.mark.parametrize("box", [1, 2, 3, 4, 5])
def test_first_box_rule_sends_a_wrong_answer_to_box_1(box: int) -> None:
    assert next_box(CLASSIC, box, False) == 1


@pytest.mark.parametrize(("box", "expected"), [(1, 1), (2, 1), (3, 2), (5, 4)])
def test_previous_box_rule_moves_a_wrong_answer_down_one(box: int, expected: int) -> None:
    assert next_box(GENTLE, box, False) == expected


def test_a_box_beyond_a_shrunk_box_count_counts_as_the_last() -> None:
    three = Rules(intervals=(1, 3, 7))
    assert next_box(three, 5, True) == 3
    assert next_box(Rules(intervals=(1, 3, 7), on_wrong="previous-box"), 5, False) == 2


def test_cram_answers_move_nothing() -> None:
    state = LeitnerState(3, T0, T0, 4, 1)
    after, before_box, after_box = apply_answer(CLASSIC, state, Answer(at(5), False, "cram"))
    assert after == state
    assert (before_box, after_box) == (3, 3)
    assert apply_answer(CLASSIC, None, Answer(at(5), True, "cram")) == (None, None, None)


def test_replay_counts_reviews_and_lapses_and_keeps_first_and_last_times() -> None:
    answers = [Answer(at(1), True), Answer(at(3), True), Answer(at(4), False, "cram"),
               Answer(at(7), False), Answer(at(8), True)]
    assert replay(CLASSIC, answers) == LeitnerState(2, at(1), at(8), 4, 1)


def test_an_item_is_due_after_its_box_interval_in_study_days() -> None:
    state = LeitnerState(3, at(1), at(1, hour=23))  # box 3: 4 days
    assert due_at(CLASSIC, state, utc(at(2))) == datetime(2026, 3, 6, 4, tzinfo=UTC)
    assert not is_due(CLASSIC, state, utc(at(5, hour=3, minute=59)))
    assert is_due(CLASSIC, state, utc(at(5, hour=4)))


def test_the_study_day_starts_at_the_configured_hour() -> None:
    # Answered at 02:00 on the 3rd: that still belongs to study day 2 (it starts at 04:00).
    state = LeitnerState(1, at(2, hour=2), at(2, hour=2))
    assert is_due(CLASSIC, state, utc(at(2, hour=4)))
    late_start = Rules(day_starts_at=time(1, 0))
    assert not is_due(late_start, state, utc(at(2, hour=23)))
    assert is_due(late_start, state, utc(at(3, hour=1)))


def test_study_days_are_counted_in_the_local_zone_of_now() -> None:
    tokyo = timezone(timedelta(hours=9))
    # 20:00 UTC on the 2nd is 05:00 on the 3rd in Tokyo: study day 3 there, so due on the 4th.
    state = LeitnerState(1, at(1, hour=20), at(1, hour=20))
    now = datetime(2026, 3, 4, 3, 59, tzinfo=tokyo)
    assert not is_due(CLASSIC, state, now)
    assert is_due(CLASSIC, state, now + timedelta(minutes=1))


def reviewed_before(now: datetime, boxes: range, step_hours: int) -> list[LeitnerState]:
    """States in each of `boxes`, last reviewed every `step_hours` over the 20 days before now."""
    states = []
    for box in boxes:
        for hours in range(0, 24 * 20, step_hours):
            last = (now - timedelta(hours=hours)).isoformat(timespec="milliseconds")
            states.append(LeitnerState(box, last, last))
    return states


def test_due_thresholds_agree_with_is_due_for_every_box_and_hour() -> None:
    now = utc(at(20, hour=9))
    thresholds = due_thresholds(CLASSIC, now)
    for state in reviewed_before(now, range(1, 6), 5):
        last = state.last_at
        assert (last < thresholds[state.box - 1]) == is_due(CLASSIC, state, now), state


def test_the_threshold_test_agrees_with_is_due_even_past_the_last_box() -> None:
    # Settings with fewer boxes leave items in higher boxes behind; they wait like the last.
    now = utc(at(20, hour=9))
    thresholds = due_thresholds(CLASSIC, now)
    for state in reviewed_before(now, range(1, 9), 7):
        assert is_due_by(thresholds, state) == is_due(CLASSIC, state, now), state


def test_rules_follow_the_settings() -> None:
    settings = Settings(
        boxes=3, intervals=(1, 3, 9), on_wrong="previous-box", day_starts_at="06:30"
    )
    rules = Rules.from_settings(settings)
    assert rules.boxes == 3
    assert rules.interval(3) == 9
    assert rules.on_wrong == "previous-box"
    assert rules.day_starts_at == time(6, 30)


def test_a_day_start_with_minutes_splits_the_day_at_that_minute() -> None:
    half_past_six = Rules(day_starts_at=time(6, 30))
    before = LeitnerState(1, at(2, hour=6, minute=29), at(2, hour=6, minute=29))
    on_the_dot = LeitnerState(1, at(2, hour=6, minute=30), at(2, hour=6, minute=30))
    # 06:29 still belongs to the previous study day: due when the 3rd's day begins, at 06:30.
    assert due_at(half_past_six, before, utc(at(2))) == datetime(2026, 3, 3, 6, 30, tzinfo=UTC)
    # An answer exactly at the boundary opens the new day: due a day later.
    assert due_at(half_past_six, on_the_dot, utc(at(2))) == datetime(
        2026, 3, 4, 6, 30, tzinfo=UTC
    )
    assert not is_due(half_past_six, on_the_dot, utc(at(3, hour=6, minute=29)))
    assert is_due(half_past_six, on_the_dot, utc(at(3, hour=6, minute=30)))


def test_due_thresholds_follow_a_day_start_with_minutes() -> None:
    rules = Rules(day_starts_at=time(6, 30))
    now = utc(at(20, hour=9))
    thresholds = due_thresholds(rules, now)
    for box in range(1, 6):
        for minutes in range(0, 60 * 24 * 6, 17):
            last = (now - timedelta(minutes=minutes)).isoformat(timespec="milliseconds")
            state = LeitnerState(box, last, last)
            assert (last < thresholds[box - 1]) == is_due(rules, state, now), (box, minutes)


def test_a_wrong_first_answer_counts_as_a_lapse() -> None:
    state, before, after = apply_answer(CLASSIC, None, Answer(T0, False))
    assert state == LeitnerState(1, T0, T0, 1, 1) and (before, after) == (None, 1)


def test_a_time_without_offset_is_utc() -> None:
    from studyapp.scheduling import parse_time

    assert parse_time("2026-03-01T10:00:00") == datetime(2026, 3, 1, 10, tzinfo=UTC)
    tokyo = timezone(timedelta(hours=9))
    assert parse_time("2026-03-01T10:00:00+09:00").utcoffset() == tokyo.utcoffset(None)


def test_days_until_counts_study_days_not_hours() -> None:
    from studyapp.scheduling import days_until

    now = utc(at(2, hour=23))
    assert days_until(CLASSIC, utc(at(3, hour=3)), now) == 0  # before 04:00: still today
    assert days_until(CLASSIC, utc(at(3, hour=4)), now) == 1
    assert days_until(CLASSIC, utc(at(9, hour=5)), now) == 7
    assert days_until(CLASSIC, utc(at(1)), now) == 0  # the past is today
    naive = datetime(2026, 3, 3, 23)  # a clock without zone counts in UTC
    assert days_until(CLASSIC, utc(at(3, hour=4)), naive) == 1


def test_due_thresholds_are_utc_and_follow_the_zone_of_now(monkeypatch: pytest.MonkeyPatch) -> None:
    import time as time_module

    # The machine's own zone must not leak in: thresholds are compared with stored UTC text.
    monkeypatch.setenv("TZ", "America/New_York")
    time_module.tzset()
    try:
        tokyo = timezone(timedelta(hours=9))
        now = datetime(2026, 3, 20, 9, tzinfo=tokyo)
        thresholds = due_thresholds(CLASSIC, now)
        assert all(value.endswith("+00:00") for value in thresholds)
        for box in range(1, 6):
            for hours in range(0, 24 * 20, 5):
                moment = now - timedelta(hours=hours)
                last = moment.astimezone(UTC).isoformat(timespec="milliseconds")
                state = LeitnerState(box, last, last)
                assert (last < thresholds[box - 1]) == is_due(CLASSIC, state, now), (box, hours)
    finally:
        monkeypatch.delenv("TZ")
        time_module.tzset()
