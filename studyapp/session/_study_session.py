"""A study session: a queue worked through item by item, with relearning and undo."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from studyapp.errors import SelectionError
from studyapp.model import ItemKind, Review, ReviewMode
from studyapp.session._queue import QueueEntry

if TYPE_CHECKING:
    from studyapp.session._outcomes import AnswerOutcome
    from studyapp.session._service import StudyService

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
