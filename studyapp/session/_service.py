"""The progress service: answering, undo, queues and summaries over one store and settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from studyapp import clock
from studyapp.clock import iso_utc
from studyapp.config import Settings, load_settings
from studyapp.errors import SelectionError
from studyapp.model import Deck, DeckCatalog, ItemKind, ItemRef, Review, ReviewMode, Tier
from studyapp.scheduling import (
    LeitnerState,
    Rules,
    day_start,
    days_until,
    due_at,
    due_thresholds,
    study_day,
)
from studyapp.session._checks import CheckRecord, record_check
from studyapp.session._overview import DeckOverview, counted_overview, deck_overview
from studyapp.session._queue import Filters, QueueEntry, plan_cram, plan_queue
from studyapp.store import ProgressStore

if TYPE_CHECKING:
    from studyapp.context import Context
    from studyapp.model import SandboxExercise
    from studyapp.sandbox import CheckResult
    from studyapp.session._stats import StatsReport


def _in_days(days: int) -> str:
    """ "today", "tomorrow" or "in N days"."""
    if days <= 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


@dataclass(frozen=True, slots=True)
class ItemStatus:
    """Where an item stands, for display next to it."""

    box: int | None
    """Current box (None: new)."""
    boxes: int
    """Number of boxes."""
    due_at: datetime | None
    """When it falls (or fell) due; None for a new item."""
    days: int
    """Study days until it is due (0: due today or overdue)."""

    @property
    def text(self) -> str:
        """E.g. "Box 2 of 5, next review in 4 days" or "New: not studied yet"."""
        if self.box is None:
            return "New: not studied yet"
        if self.days <= 0:
            return f"Box {self.box} of {self.boxes}, due now"
        return f"Box {self.box} of {self.boxes}, next review {_in_days(self.days)}"

    @property
    def short(self) -> str:
        """The same in a narrow column: "box 2, in 4 days", "box 1, due now", "new"."""
        if self.box is None:
            return "new"
        if self.days <= 0:
            return f"box {self.box}, due now"
        return f"box {self.box}, {_in_days(self.days)}"


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What an answer did, for the feedback line after it."""

    review: Review
    """The recorded answer (already committed)."""
    boxes: int
    """Number of boxes."""
    next_due: datetime | None
    """When the item is next due (None: a practice answer on a new item)."""
    days: int
    """Study days until then."""
    comes_back: int | None = None
    """Items shown before this one comes back in the session (None: it does not)."""

    @property
    def text(self) -> str:
        """E.g. "Box 2 → 3 of 5, next review in 4 days" or "Stays in box 1 of 5, ..."."""
        review = self.review
        if review.mode != ReviewMode.REVIEW:
            if review.box_after is None:
                return "Practice only: still new"
            return f"Practice only: stays in box {review.box_after} of {self.boxes}"
        after = f"next review {_in_days(self.days)}"
        if review.box_before is None:
            return f"New → box {review.box_after} of {self.boxes}, {after}"
        if review.box_before == review.box_after:
            return f"Stays in box {review.box_after} of {self.boxes}, {after}"
        return f"Box {review.box_before} → {review.box_after} of {self.boxes}, {after}"

    @property
    def receipt(self) -> str:
        """The whole line after an answer, e.g. "Again: stays in box 1 of 5, next review
        tomorrow; back after 3 items" or "Good, practice: stays in box 2 of 5"."""
        review = self.review
        verdict = "Good" if review.correct else "Again"
        if review.mode != ReviewMode.REVIEW:
            where = (
                "still new" if review.box_after is None
                else f"stays in box {review.box_after} of {self.boxes}"
            )
            line = f"{verdict}, practice: {where}"
        else:
            line = f"{verdict}: {self.text[0].lower()}{self.text[1:]}"
        if self.comes_back is not None:
            line += "; once more now" if self.comes_back == 0 else (
                f"; back after {self.comes_back} item{'s' if self.comes_back != 1 else ''}"
            )
        return line


@dataclass(frozen=True, slots=True)
class StateCounts:
    """The store's side of an overview, read at one moment (see StudyService.state_counts)."""

    now: datetime
    """The moment counted for."""
    allowance: int
    """New items still allowed today."""
    thresholds: tuple[str, ...]
    """Due thresholds per box at `now`."""
    boxes: dict[str, dict[str, int]]
    """deck id -> item id -> box, for items with a state."""
    counts: dict[str, list[tuple[str, int, int, int, str]]]
    """deck id -> ProgressStore.deck_counts rows."""


class StudyService:
    """The service front ends call: one store, the settings and a clock."""

    def __init__(
        self,
        store: ProgressStore,
        settings: Settings | None = None,
        clock_fn: Callable[[], datetime] = clock.now,
    ) -> None:
        """Wrap an open store; `clock_fn` gives "now" (STUDYAPP_NOW honoured by default)."""
        self.store = store
        """The progress database."""
        self.settings = settings or Settings()
        """App settings (box rules, daily limit, gating)."""
        self.clock = clock_fn
        """Where "now" comes from."""

    @classmethod
    def open(cls, ctx: Context) -> StudyService:
        """The service for a run: config.yaml from the config folder, the data-folder store."""
        settings = load_settings(ctx.locations.config_file)
        return cls.at(ctx.locations.database, settings)

    @classmethod
    def at(cls, database: str | Path, settings: Settings | None = None) -> StudyService:
        """The service over the database file `database`."""
        settings = settings or Settings()
        return cls(ProgressStore(database, Rules.from_settings(settings)), settings)

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    @property
    def rules(self) -> Rules:
        """The scheduling rules in force."""
        return self.store.rules

    def now(self) -> datetime:
        """The current moment."""
        return self.clock()

    # -- answering ------------------------------------------------------------------------

    def record_answer(
        self,
        ref: ItemRef,
        kind: ItemKind,
        correct: bool,
        *,
        mode: ReviewMode = ReviewMode.REVIEW,
        answer_ms: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> Review:
        """Record one answer now; it is committed to disk before this returns."""
        at = clock.utc_stamp() if self.clock is clock.now else iso_utc(self.clock())
        return self.store.record(
            ref, kind, correct, at, mode=mode, answer_ms=answer_ms, detail=detail
        )

    def record_check(
        self,
        ref: ItemRef,
        exercise: SandboxExercise,
        code: str,
        result: CheckResult,
        *,
        hints: int = 0,
        practice_only: bool = False,
    ) -> CheckRecord:
        """Log a sandbox check: counted, practice or not at all (see session/_checks.py)."""
        return record_check(
            self, ref, exercise, code, result, hints=hints, practice_only=practice_only
        )

    def undo_last(self, event_id: str | None = None, ref: ItemRef | None = None) -> Review | None:
        """Undo an answer (default: the latest recorded) exactly; returns it, or None.

        `ref`, the item of `event_id` when known, makes the lookup cheap on a long log.
        """
        return self.store.undo(event_id, ref)

    def outcome(self, review: Review) -> AnswerOutcome:
        """What `review` did to its item's box and when the item is next due."""
        now = self.now()
        state = self.store.state(review.ref)
        if state is None:
            return AnswerOutcome(review, self.rules.boxes, None, 0)
        when = due_at(self.rules, state, now)
        return AnswerOutcome(review, self.rules.boxes, when, days_until(self.rules, when, now))

    def status(self, ref: ItemRef) -> ItemStatus:
        """Where one item stands now."""
        return self.status_of(self.store.state(ref))

    def deck_statuses(self, deck_id: str) -> dict[str, ItemStatus]:
        """Where each item of a deck with history stands now, by item id (one read)."""
        states = self.store.deck_states(deck_id)
        return {item: self.status_of(state) for item, state in states.items()}

    def status_of(self, state: LeitnerState | None) -> ItemStatus:
        """Where an item with this state stands now (e.g. a QueueEntry's state)."""
        if state is None:
            return ItemStatus(None, self.rules.boxes, None, 0)
        now = self.now()
        when = due_at(self.rules, state, now)
        box = min(state.box, self.rules.boxes)
        return ItemStatus(box, self.rules.boxes, when, days_until(self.rules, when, now))

    # -- planning -------------------------------------------------------------------------

    def today_start(self, now: datetime | None = None) -> datetime:
        """When the current study day began."""
        moment = now or self.now()
        zone = moment.tzinfo
        assert zone is not None
        return day_start(self.rules, study_day(self.rules, moment, zone), zone)

    def new_allowance(self, now: datetime | None = None) -> int:
        """How many new items may still be introduced today (all decks together)."""
        introduced = self.store.introduced_since(iso_utc(self.today_start(now)))
        return max(self.settings.new_per_day - introduced, 0)

    def build_queue(
        self,
        decks: Sequence[Deck],
        *,
        deck_ids: Iterable[str] | None = None,
        kinds: Iterable[ItemKind | str] | None = None,
        tiers: Iterable[Tier | str] | None = None,
        cram: bool = False,
        limit: int | None = None,
        item_ids: Iterable[str] | None = None,
    ) -> list[QueueEntry]:
        """Today's queue over `decks` (or the ones named in `deck_ids`).

        `item_ids` keeps only those items (with `cram=True`: practise them now).

        Review: due items most overdue first, then new ones up to the daily allowance, kinds
        interleaved. Cram (`cram=True`): seen items weakest first, then unseen ones; answers
        in a cram session are recorded with mode "cram" and move no box.
        """
        chosen = select_decks(decks, deck_ids)
        filters = Filters.of(kinds, tiers, item_ids)
        states = self.store.states(chosen[0].id if len(chosen) == 1 else None)
        if cram:
            return plan_cram(chosen, states, filters, limit=limit)
        now = self.now()
        return plan_queue(
            chosen, states, self.rules, now, self.new_allowance(now), filters,
            tier_gating=self.settings.tier_gating, limit=limit,
        )

    def state_counts(self, now: datetime | None = None) -> StateCounts:
        """What the store says for an overview at `now`, every deck with history at once.

        Mostly SQLite work, which lets other threads run: `due` reads it in a thread while
        the decks load.
        """
        now = now or self.now()
        thresholds = due_thresholds(self.rules, now)
        boxes = {}
        counts = {}
        for deck_id in self.store.state_deck_ids():
            boxes[deck_id] = self.store.deck_boxes(deck_id)
            counts[deck_id] = self.store.deck_counts(deck_id, thresholds)
        return StateCounts(now, self.new_allowance(now), thresholds, boxes, counts)

    def overview(
        self, decks: Sequence[Deck | DeckCatalog], counts: StateCounts | None = None
    ) -> list[DeckOverview]:
        """Due/new counts by kind, next due time and box distribution of each deck.

        Decks or their catalogs: counting needs only ids and tiers.
        """
        counts = counts or self.state_counts()
        now = counts.now
        gating = self.settings.tier_gating
        result = []
        for item in decks:
            deck = item.catalog() if isinstance(item, Deck) else item
            # Counted in SQL; item by item only for a deck with orphaned items.
            overview = counted_overview(
                deck, counts.boxes.get(deck.id, {}), counts.counts.get(deck.id, []),
                self.rules, now, counts.allowance, tier_gating=gating,
            )
            if overview is None:
                rows = self.store.deck_rows(deck.id, counts.thresholds)
                overview = deck_overview(
                    deck, rows, self.rules, now, counts.allowance, tier_gating=gating
                )
            result.append(overview)
        return result

    def stats(
        self, decks: Sequence[Deck | DeckCatalog], deck_id: str | None = None
    ) -> StatsReport:
        """Boxes, accuracy, recall against the schedule, forecast and heatmap of `decks`
        (or of the one deck `deck_id`, which may be one only the progress log knows)."""
        from studyapp.session._stats import collect_stats

        return collect_stats(self, decks, deck_id)

    def start_session(
        self, decks: Sequence[Deck], *, cram: bool = False, **filters: Any
    ) -> StudySession:
        """A study session over a freshly built queue (see build_queue for the filters)."""
        queue = self.build_queue(decks, cram=cram, **filters)
        return StudySession(self, queue, mode=ReviewMode.CRAM if cram else ReviewMode.REVIEW)


AnyDeck = TypeVar("AnyDeck", Deck, DeckCatalog)


def select_decks(decks: Sequence[AnyDeck], deck_ids: Iterable[str] | None) -> list[AnyDeck]:
    """The decks named in `deck_ids` (all when None); an unknown id is a SelectionError."""
    if deck_ids is None:
        return list(decks)
    by_id = {deck.id: deck for deck in decks}
    chosen = []
    for deck_id in deck_ids:
        if deck_id not in by_id:
            from studyapp.suggest import did_you_mean

            raise SelectionError(f"unknown deck '{deck_id}'{did_you_mean(deck_id, by_id)}")
        chosen.append(by_id[deck_id])
    return chosen


RELEARN_GAP = 3
"""Other items shown before an item answered wrong comes back (fewer when fewer remain)."""
RELEARN_KINDS = frozenset([ItemKind.FLASHCARD, ItemKind.QUESTION, ItemKind.REORDER])
"""Kinds that come back after a wrong answer: quick to answer again. A coding exercise or a
lab is worked at in its own screen; it waits for its next review."""


class StudySession:
    """A queue being worked through, with undo back to its first answer.

    With relearning on (the `relearn_in_session` setting, default on), an item answered
    wrong comes back RELEARN_GAP items later (at once when nothing else is left) as a
    practice entry, until it is answered right; its first answer is the one the schedule
    counts, the repeats are recorded as practice and move no box.
    """

    def __init__(
        self,
        progress: StudyService,
        queue: list[QueueEntry],
        *,
        mode: ReviewMode = ReviewMode.REVIEW,
        relearn: bool | None = None,
    ) -> None:
        """Study `queue`; answers are recorded with `mode` (review or cram).

        `relearn` defaults to the `relearn_in_session` setting.
        """
        self.progress = progress
        """The service answers go to."""
        self.queue = queue
        """Every entry of the session, in order (relearning repeats are added as it goes)."""
        self.mode = mode
        """Mode answers are recorded with (relearning repeats: practice)."""
        self.relearn = progress.settings.relearn_in_session if relearn is None else relearn
        """Whether an item answered wrong comes back in the session."""
        self.position = 0
        """Index of the current entry (== len(queue) when done)."""
        self.undone: Review | None = None
        """The answer the latest undo removed (its detail keeps what was typed)."""
        # (answer, its queue position, where a relearning repeat was inserted or None)
        self._done: list[tuple[Review, int, int | None]] = []

    @property
    def current(self) -> QueueEntry | None:
        """The entry to show now, or None when the session is over."""
        return self.queue[self.position] if self.position < len(self.queue) else None

    @property
    def remaining(self) -> int:
        """Entries not answered yet, the current one included."""
        return len(self.queue) - self.position

    @property
    def answered(self) -> list[Review]:
        """Answers given in this session and not undone, oldest first (repeats included)."""
        return [review for review, _, _ in self._done]

    @property
    def first_answers(self) -> list[Review]:
        """The answers that count: one per planned entry answered, relearning repeats left out."""
        return [review for review, position, _ in self._done if not self.queue[position].relearn]

    @property
    def planned(self) -> int:
        """Entries planned when the session started (relearning repeats not counted)."""
        return sum(1 for entry in self.queue if not entry.relearn)

    @property
    def can_undo(self) -> bool:
        """Whether there is an answer to undo."""
        return bool(self._done)

    def answer(
        self, correct: bool, *, answer_ms: int | None = None, detail: dict[str, Any] | None = None
    ) -> AnswerOutcome:
        """Record an answer to the current entry (committed) and move to the next one."""
        entry = self.current
        if entry is None:
            raise SelectionError("the session is over: there is nothing left to answer")
        mode = ReviewMode.PRACTICE if entry.relearn else self.mode
        review = self.progress.record_answer(
            entry.ref, entry.kind, correct, mode=mode, answer_ms=answer_ms, detail=detail
        )
        outcome = self.progress.outcome(review)
        inserted = None
        if not correct and self.relearn and entry.kind in RELEARN_KINDS:
            inserted = min(self.position + 1 + RELEARN_GAP, len(self.queue))
            state = self.progress.store.state(entry.ref)
            self.queue.insert(inserted, replace(entry, state=state, due_at=None, relearn=True))
            outcome = replace(outcome, comes_back=inserted - self.position - 1)
        self._done.append((review, self.position, inserted))
        self.position += 1
        return outcome

    def accept(self, review: Review) -> AnswerOutcome:
        """Take an answer to the current entry recorded elsewhere (a counted sandbox check)."""
        self._done.append((review, self.position, None))
        self.position += 1
        return self.progress.outcome(review)

    def skip(self) -> None:
        """Move past the current entry without answering it."""
        self.position = min(self.position + 1, len(self.queue))

    def undo(self) -> QueueEntry | None:
        """Undo the session's latest answer and return to its entry (None: nothing to undo)."""
        if not self._done:
            return None
        review, position, inserted = self._done.pop()
        self.progress.undo_last(review.id, review.ref)
        if inserted is not None:
            # Later answers were undone first, so the repeat is still where it was put.
            del self.queue[inserted]
        self.position = position
        self.undone = review
        return self.queue[position]
