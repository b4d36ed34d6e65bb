"""Loading what the screens show: decks (small content at once, big in a worker) and due counts.

Runs on the app's behalf; the functions that take the app are worker bodies that post back
through `call_from_thread`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from studyapp.errors import StudyappError
from studyapp.tui.sessions import STUDY_KINDS
from studyapp.tui.text import when_text

if TYPE_CHECKING:
    from studyapp.context import Context
    from studyapp.decks import LoadResult
    from studyapp.session import DeckOverview
    from studyapp.tui.app import StudyApp

FIRST_FRAME = 0.05
"""Seconds the due counts wait after the decks are listed, so the list is drawn first."""
SMALL_CONTENT = 2_000_000
"""Content up to this many bytes is loaded without a worker."""
PROGRESS_EVERY = 0.1
"""Seconds between load-progress updates (a few a second are enough to read)."""


@dataclass(frozen=True, slots=True)
class Overviews:
    """The due counts of every deck at one moment, or why there are none."""

    by_deck: dict[str, DeckOverview]
    """Per-deck schedule summary."""
    error: StudyappError | None = None
    """Why progress could not be opened, if it could not."""
    now: datetime | None = None
    """The moment counted for."""
    boxes: int = 5
    """Number of Leitner boxes."""
    allowance: int = 0
    """New items still allowed today (all decks together)."""
    new_per_day: int = 20
    """The daily limit of new items (the `new_per_day` setting)."""
    notices: tuple[str, ...] = ()
    """Warnings to show once: config.yaml problems (their defaults are in use), answers
    ignored for dates out of range."""

    @property
    def hint(self) -> str:
        """What to do next, in words: due work, new work, or when to come back."""
        if self.error is not None or not self.by_deck or self.now is None:
            return ""
        views = self.by_deck.values()
        due = sum(o.due.get(kind, 0) for o in views for kind in STUDY_KINDS)
        # Each deck's count is capped by today's allowance; together they share it.
        new = min(sum(o.new.get(kind, 0) for o in views for kind in STUDY_KINDS), self.allowance)
        unseen = sum(o.unseen_by_kind.get(kind, 0) for o in views for kind in STUDY_KINDS)
        limit = self.new_per_day
        if unseen and not self.allowance:
            today = f"The {limit} new items a day are used up: more tomorrow. "
        elif new < unseen:
            today = f"Today's limit lets {new} of the {unseen} new items in ({limit} a day). "
        else:
            today = ""
        if due or new:
            return (
                f"{due} due and {new} new today. {today}"
                "Enter studies the highlighted deck, a all decks."
            )
        pending = [o.next_due for o in views if o.next_due is not None]
        if pending:
            return (
                f"Nothing due. {today}Next review {when_text(min(pending), self.now)}. "
                "Press c to practise anyway."
            )
        return f"Nothing due. {today}Press c to practise anyway."


def is_small(ctx: Context) -> bool:
    """Whether the content folders hold few enough bytes to load on the UI thread."""
    from studyapp.decks import discover

    files, _ = discover(ctx.content_sources())
    size = 0
    for file in files:
        try:
            size += os.path.getsize(file)
        except OSError:
            continue
    return size <= SMALL_CONTENT


def overviews(app: StudyApp, content: LoadResult) -> Overviews:
    """Open the service (first time) and count what is due in every deck (worker thread)."""
    try:
        service = app.open_service()
        now = service.now()
        counts = service.state_counts(now)
        found = service.overview(content.decks, counts)
    except StudyappError as problem:
        return Overviews({}, problem)
    notices = [str(problem) for problem in service.settings.problems]
    ignored = service.ignored_notice()
    if ignored is not None:
        notices.append(ignored)
    return Overviews(
        {overview.deck_id: overview for overview in found},
        None,
        now,
        service.settings.boxes,
        counts.allowance,
        service.settings.new_per_day,
        tuple(notices),
    )


def load_big(app: StudyApp) -> None:
    """Worker body: load a big content folder with progress, then count what is due."""
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last > PROGRESS_EVERY or done == total:
            last = now
            app.call_from_thread(setattr, app, "loading_files", (done, total))

    content = app.ctx.decks(progress=progress)
    app.call_from_thread(setattr, app, "content", content)
    counted = overviews(app, content)
    app.call_from_thread(app.show_overviews, counted)
