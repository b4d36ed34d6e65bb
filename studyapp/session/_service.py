"""The progress service: answering, undo, queues and summaries over one store and settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from studyapp import clock
from studyapp.clock import iso_utc
from studyapp.config import Settings
from studyapp.errors import SelectionError
from studyapp.model import DeckCatalog, ItemKind, ItemRef, Review, ReviewMode, Tier
from studyapp.scheduling import (
    LeitnerState,
    Rules,
    day_start,
    days_until,
    due_at,
    due_thresholds,
    study_day,
)
from studyapp.session._outcomes import AnswerOutcome, ItemStatus, StateCounts
from studyapp.session._overview import (
    DeckOverview,
    counted_overview,
    deck_overview,
)
from studyapp.store import ParsedLog, ProgressStore

if TYPE_CHECKING:
    from studyapp.context import Context
    from studyapp.model import Deck, SandboxExercise
    from studyapp.sandbox import CheckResult
    from studyapp.session._checks import CheckRecord
    from studyapp.session._queue import QueueEntry
    from studyapp.session._stats_report import StatsReport
    from studyapp.session._study_session import StudySession


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
    def open(cls, ctx: Context, *, read_only: bool = False) -> StudyService:
        """The service for a run: config.yaml from the config folder, the data-folder store.

        `read_only` never writes to the database file (see ProgressStore). Problems of
        config.yaml and answers the store ignores (dated out of range) are noted on
        `ctx.notices`; neither stops the service from opening.
        """
        settings = ctx.settings()
        service = cls.at(ctx.locations.database, settings, read_only=read_only)
        notice = service.ignored_notice()
        if notice is not None:
            ctx.note(notice)
        return service

    @classmethod
    def at(
        cls, database: str | Path, settings: Settings | None = None, *, read_only: bool = False
    ) -> StudyService:
        """The service over the database file `database`."""
        settings = settings or Settings()
        service: StudyService | None = None

        def horizon() -> str:
            """The latest time an answer may have to count: a day after the service's now
            (the clock while the store opens, before the service exists)."""
            return clock.horizon(service.now() if service is not None else clock.now())

        store = ProgressStore(
            database, Rules.from_settings(settings), read_only=read_only, horizon=horizon
        )
        service = cls(store, settings)
        return service

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
        from studyapp.session._checks import record_check

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

    # -- the log as a whole (export, import, rebuild, drop: see _exchange) ----------------
    # Each method imports _exchange itself: counting and studying never need it.

    def export_log(self, out: IO[str]) -> int:
        """Write the review log to `out` as JSON Lines, oldest first; returns the count."""
        from studyapp.session import _exchange

        return _exchange.export_log(self.store, out)

    def export_file(self, target: Path) -> int:
        """Write the review log to the file `target` atomically (no partial file is left)."""
        from studyapp.session import _exchange

        return _exchange.export_file(self.store, target)

    def read_log(self, stream: IO[bytes], name: str) -> ParsedLog:
        """The events and bad lines of a JSON Lines log; events must be dated from 2000 up
        to a day after now."""
        from studyapp.session import _exchange

        return _exchange.read_log(stream, name, self.now())

    def merge_log(self, reviews: Sequence[Review]) -> tuple[int, int]:
        """Merge imported answers; returns (added, already present)."""
        from studyapp.session import _exchange

        return _exchange.merge(self.store, reviews)

    def rebuild(self) -> int:
        """Recompute every item's state from the log; returns how many items have one."""
        return self.store.rebuild()

    def drop_events(self, event_ids: Sequence[str]) -> tuple[list[Review], list[str]]:
        """Remove answers by event id; returns (removed answers, unknown ids)."""
        from studyapp.session import _exchange

        return _exchange.drop(self.store, event_ids)

    def ignored_notice(self) -> str | None:
        """A warning about logged answers dated out of range (ignored), or None."""
        events = self.store.ignored_events()
        if not events:  # the usual case, on every open: no need to import _exchange
            return None
        from studyapp.session import _exchange

        return _exchange.ignored_notice(events)

    # -- planning -------------------------------------------------------------------------

    def today_start(self, now: datetime | None = None) -> datetime:
        """When the current study day began."""
        moment = now or self.now()
        zone = moment.tzinfo
        assert zone is not None
        return day_start(self.rules, study_day(self.rules, moment, zone), zone)

    def new_allowance(self, now: datetime | None = None) -> int:
        """How many new items may still be introduced today (all decks together)."""
        return self.allowance_after(self.store.introduced_since(iso_utc(self.today_start(now))))

    def allowance_after(self, introduced: int) -> int:
        """New items still allowed today, when `introduced` were introduced so far."""
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
        # Imported here: `due`, `stats` and the home screen never build a queue.
        from studyapp.session._queue import Filters, plan_cram, plan_queue

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

    def state_counts(
        self, now: datetime | None = None, deck_ids: Iterable[str] | None = None
    ) -> StateCounts:
        """What the store says for an overview at `now`, of the decks `deck_ids` (default:
        every deck with history), read at once.

        Mostly SQLite work, which lets other threads run (the app reads it in a worker).
        """
        now = now or self.now()
        thresholds = due_thresholds(self.rules, now)
        store = self.store
        # Per deck (a range of the state table's key) rather than one pass grouped by
        # deck: SQLite then sorts a deck's rows, not all of them, to group them.
        today = iso_utc(self.today_start(now))
        found = store.deck_counts(
            store.state_deck_ids() if deck_ids is None else list(deck_ids), thresholds, today
        )
        counts = {deck_id: read.summary for deck_id, read in found.items()}
        seen = {deck_id: read.ids for deck_id, read in found.items()}
        # Every deck with states was read: their counts of today's new items add up to what
        # introduced_since would count in another pass over every state.
        introduced = (
            sum(read.introduced for read in found.values()) if deck_ids is None
            else store.introduced_since(today)
        )
        return StateCounts(now, self.allowance_after(introduced), thresholds, counts, seen)

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
            deck = item if isinstance(item, DeckCatalog) else item.catalog()
            # Counted in SQL; item by item only for a deck with orphaned items.
            overview = counted_overview(
                deck, counts.seen.get(deck.id, ""), counts.counts.get(deck.id),
                self.rules, now, counts.allowance, tier_gating=gating,
                boxes_of=partial(self.store.deck_boxes, deck.id),
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
        from studyapp.session._study_session import StudySession

        queue = self.build_queue(decks, cram=cram, **filters)
        return StudySession(self, queue, mode=ReviewMode.CRAM if cram else ReviewMode.REVIEW)


AnyDeck = TypeVar("AnyDeck", "Deck", DeckCatalog)


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
