"""Studying, as a service for every front end: queues, answers, undo and summaries (no UI).

Open the service once per run and keep it:

    progress = StudyService.open(ctx)                       # config.yaml + the data-folder store
    queue = progress.build_queue(decks, deck_ids=["gd-logistic-regression"],
                                 kinds=["flashcard", "question"], tiers=["beginner"])
    session = progress.start_session(decks)             # or StudySession(progress, queue)
    entry = session.current                             # QueueEntry: deck, item, state, due_at
    progress.status_of(entry.state).text                # "Box 2 of 5, next review in 4 days"
    outcome = session.answer(True, answer_ms=5200)      # committed before it returns
    outcome.text                                        # "Box 2 → 3 of 5, next review in 4 days"
    outcome.receipt                                     # "Again: stays in box 1 of 5, next
                                                        #  review tomorrow; back after 3 items"
    session.undo()                                      # back one answer, in the database too
    progress.overview(decks)                            # DeckOverview per deck: due/new by kind,
                                                        # next_due, boxes, unseen, orphaned
    progress.start_session(decks, cram=True)            # extra practice, boxes unchanged
    progress.stats(decks, deck_id=None)                 # StatsReport: boxes, accuracy, recall
                                                        # vs the schedule, forecast, heatmap
    record = progress.record_check(ref, exercise, code, result)   # a sandbox check: counted
    record.text                                         # once a day when due, else practice

The same operations as functions that take a StudyService or a Context (a Context's service is
opened on first use and cached):

    record_answer(target, ref, kind, correct, *, mode="review", answer_ms=None, detail=None)
        -> Review
    undo_last(target, event_id=None, ref=None) -> Review | None
    build_queue(target, decks=None, *, deck_ids=None, kinds=None, tiers=None, cram=False,
                limit=None) -> list[QueueEntry]

Everything here is synchronous and quick (one small SQLite transaction per answer); the
store is safe to call from a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from studyapp.model import Deck, ItemKind, ItemRef, Review, ReviewMode, Tier
from studyapp.session._check_report import (
    CaseLine,
    case_lines,
    failure_heading,
    report_text,
    summary_text,
)
from studyapp.session._checks import CheckRecord, check_mode
from studyapp.session._overview import DeckOverview, accuracy, streak_days
from studyapp.session._queue import Filters, QueueEntry, interleave, plan_cram, plan_queue
from studyapp.session._service import (
    RELEARN_GAP,
    AnswerOutcome,
    ItemStatus,
    StateCounts,
    StudyService,
    StudySession,
    close_all,
    progress_for,
    select_decks,
)
from studyapp.session._stats import (
    ASSUMED_RECALL,
    FORECAST_DAYS,
    HEATMAP_DAYS,
    BoxRecall,
    DayActivity,
    DayDue,
    DeckStats,
    StatsReport,
    Tally,
)
from studyapp.session._words import counted, item_label, percent, plain_text, undo_message

if TYPE_CHECKING:
    from studyapp.context import Context

__all__ = [
    "ASSUMED_RECALL",
    "FORECAST_DAYS",
    "HEATMAP_DAYS",
    "RELEARN_GAP",
    "AnswerOutcome",
    "BoxRecall",
    "CaseLine",
    "CheckRecord",
    "DayActivity",
    "DayDue",
    "DeckOverview",
    "DeckStats",
    "Filters",
    "ItemStatus",
    "QueueEntry",
    "StateCounts",
    "StatsReport",
    "StudyService",
    "StudySession",
    "Tally",
    "accuracy",
    "build_queue",
    "case_lines",
    "check_mode",
    "close_all",
    "counted",
    "failure_heading",
    "interleave",
    "item_label",
    "percent",
    "plain_text",
    "plan_cram",
    "plan_queue",
    "progress_for",
    "record_answer",
    "report_text",
    "select_decks",
    "streak_days",
    "summary_text",
    "undo_last",
    "undo_message",
]


def record_answer(
    target: StudyService | Context,
    ref: ItemRef,
    kind: ItemKind,
    correct: bool,
    *,
    mode: ReviewMode = ReviewMode.REVIEW,
    answer_ms: int | None = None,
    detail: dict[str, Any] | None = None,
) -> Review:
    """Record one answer now (mode "review" moves boxes, "cram" does not); committed on return."""
    return progress_for(target).record_answer(
        ref, kind, correct, mode=mode, answer_ms=answer_ms, detail=detail
    )


def undo_last(
    target: StudyService | Context, event_id: str | None = None, ref: ItemRef | None = None
) -> Review | None:
    """Undo the latest answer (or the one with `event_id`), restoring the exact state before it.

    Repeatable: each call removes the next most recent answer. Returns the removed answer,
    or None when the log is empty.
    """
    return progress_for(target).undo_last(event_id, ref)


def build_queue(
    target: StudyService | Context,
    decks: Sequence[Deck] | None = None,
    *,
    deck_ids: Iterable[str] | None = None,
    kinds: Iterable[ItemKind | str] | None = None,
    tiers: Iterable[Tier | str] | None = None,
    cram: bool = False,
    limit: int | None = None,
) -> list[QueueEntry]:
    """Today's study queue (StudyService.build_queue); `decks` defaults to the Context's."""
    if decks is None:
        if isinstance(target, StudyService):
            raise TypeError("build_queue needs `decks` when given a StudyService")
        decks = target.decks().decks
    return progress_for(target).build_queue(
        decks, deck_ids=deck_ids, kinds=kinds, tiers=tiers, cram=cram, limit=limit
    )
