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
    progress.record_answer(ref, kind, True, mode=ReviewMode.PRACTICE)  # one answer, no session
    progress.undo_last()                                # the latest answer, exactly undone
    progress.export_file(path) / merge_log(read_log(stream, name).reviews) / rebuild()
    progress.drop_events(ids)                           # the log as a whole (`progress ...`)

An unknown deck id or an answer after the last item raises SelectionError.

Everything here is synchronous and quick (one small SQLite transaction per answer); the
store is safe to call from a worker thread.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studyapp.session._check_report import (
        CaseLine,
        case_lines,
        failure_heading,
        report_text,
        summary_text,
    )
    from studyapp.session._checks import CheckRecord, check_mode
    from studyapp.session._exchange import open_log, read_log
    from studyapp.session._outcomes import AnswerOutcome, ItemStatus, StateCounts
    from studyapp.session._overview import DeckOverview, accuracy, streak_days
    from studyapp.session._queue import Filters, QueueEntry
    from studyapp.session._service import StudyService, select_decks
    from studyapp.session._stats_report import (
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
    from studyapp.session._study_session import RELEARN_GAP, StudySession
    from studyapp.session._words import (
        counted,
        duration_minutes,
        item_label,
        percent,
        plain_text,
        undo_message,
    )

_LAZY_NAMES = {
    **dict.fromkeys(("AnswerOutcome", "ItemStatus", "StateCounts"), "_outcomes"),
    **dict.fromkeys(("DeckOverview", "accuracy", "streak_days"), "_overview"),
    **dict.fromkeys(("StudyService", "select_decks"), "_service"),
    **dict.fromkeys(
        ("ASSUMED_RECALL", "FORECAST_DAYS", "HEATMAP_DAYS", "BoxRecall", "DayActivity",
         "DayDue", "DeckStats", "StatsReport", "Tally"),
        "_stats_report",
    ),
    **dict.fromkeys(("Filters", "QueueEntry"), "_queue"),
    **dict.fromkeys(("RELEARN_GAP", "StudySession"), "_study_session"),
    **dict.fromkeys(("open_log", "read_log"), "_exchange"),
    **dict.fromkeys(
        ("counted", "duration_minutes", "item_label", "percent", "plain_text", "undo_message"),
        "_words",
    ),
    **dict.fromkeys(("CheckRecord", "check_mode"), "_checks"),
    **dict.fromkeys(
        ("CaseLine", "case_lines", "failure_heading", "report_text", "summary_text"),
        "_check_report",
    ),
}
"""Every name, imported from its module on first use: `due` never needs the statistics, the
study queue and session, the log's export and import, the learner-facing wording or the
sandbox-check report, and the app's first frame needs only the wording (the service opens
in a worker once the decks are on screen)."""


def __getattr__(name: str) -> Any:
    """A name of _LAZY_NAMES, imported from its module on first use."""
    module = _LAZY_NAMES.get(name)
    if module is not None:
        return getattr(importlib.import_module(f"studyapp.session.{module}"), name)
    raise AttributeError(f"module 'studyapp.session' has no attribute {name!r}")


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
    "case_lines",
    "check_mode",
    "counted",
    "duration_minutes",
    "failure_heading",
    "item_label",
    "open_log",
    "percent",
    "plain_text",
    "read_log",
    "report_text",
    "select_decks",
    "streak_days",
    "summary_text",
    "undo_message",
]
