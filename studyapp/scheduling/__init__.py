"""Leitner scheduling as pure functions: boxes, study days and due times (no clock, no disk).

Every function takes the moment it reasons about (`now`, an aware datetime) as an
argument; nothing here reads the time, the settings file or the database.

    Rules                      the box count, intervals, wrong-answer rule, day start
    LeitnerState               an item's derived state (box, first/last review, counts)
    next_box(rules, box, ok)   the box after an answer
    apply_answer(...)          the state after one answer (cram leaves it unchanged)
    replay(rules, answers)     the state after a whole history, oldest first
    study_day / day_start      the study day of a moment, and when a day begins
    add_days(day, n)           date arithmetic clamped to the calendar (never overflows)
    due_at / is_due            when an item falls due, and whether it is due at `now`
    due_thresholds(rules, now) per box, the ISO time a last review must precede to be due
    is_due_by(thresholds, s)   is_due decided from those thresholds (queues, the store's SQL)
"""

from studyapp.scheduling._leitner import (
    Answer,
    LeitnerState,
    Rules,
    add_days,
    apply_answer,
    day_start,
    days_until,
    due_at,
    due_thresholds,
    is_due,
    is_due_by,
    next_box,
    parse_time,
    replay,
    study_day,
)

__all__ = [
    "Answer",
    "LeitnerState",
    "Rules",
    "add_days",
    "apply_answer",
    "day_start",
    "days_until",
    "due_at",
    "due_thresholds",
    "is_due",
    "is_due_by",
    "next_box",
    "parse_time",
    "replay",
    "study_day",
]
