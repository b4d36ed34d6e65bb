"""What every item view shares: the messages it posts and how content text is drawn.

A view owns the keys of its item (reveal, grade, move a step ...) and posts `Answered` when
the learner gave the answer that counts, or `NextRequested` when they want to move on; the
study screen records answers and sequences items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.markdown import Markdown as RichMarkdown
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static


def markdown(text: str, classes: str = "") -> Static:
    """Content text rendered as Markdown (never as Textual markup).

    Rich's renderer in a Static: it draws in the same frame it is mounted, where Textual's
    Markdown widget parses in a thread and fills in a frame later.
    """
    return Static(RichMarkdown(text), classes=f"markdown {classes}".strip())


@dataclass(frozen=True, slots=True)
class QuestionDetail:
    """What an interview answer held, kept with it in the review log."""

    tier: str
    """The question's tier."""
    ticked: tuple[int, ...]
    """Indices of the key points ticked."""
    key_points: int
    """How many key points the question has."""
    suggested: bool
    """The grade the ticked share suggested."""
    typed: str
    """What the learner typed (may be empty)."""

    def as_json(self) -> dict[str, Any]:
        """The review's `detail` object."""
        detail: dict[str, Any] = {
            "tier": self.tier,
            "ticked": list(self.ticked),
            "key_points": self.key_points,
            "suggested": "good" if self.suggested else "again",
        }
        if self.typed.strip():
            detail["typed"] = self.typed[:4000]
        return detail


@dataclass(frozen=True, slots=True)
class ReorderDetail:
    """What a reorder attempt held, kept with it in the review log."""

    order: tuple[int, ...]
    """The order submitted, as indices into the correct order."""
    moves: int
    """Fewest steps that must move to make it right."""
    score: float
    """(n - moves) / n."""

    def as_json(self) -> dict[str, Any]:
        """The review's `detail` object."""
        return {"order": list(self.order), "moves": self.moves, "score": round(self.score, 4)}


@dataclass(frozen=True, slots=True)
class LabDetail:
    """What a lab answer held, kept with it in the review log."""

    choice: int
    """0-based index of the remedy chosen."""
    answer: int
    """0-based index of the right remedy."""

    def as_json(self) -> dict[str, Any]:
        """The review's `detail` object."""
        return {"choice": self.choice, "answer": self.answer}


AnswerDetail = QuestionDetail | ReorderDetail | LabDetail
"""Detail of an answer, by kind (flashcards have none)."""


class ItemView(Vertical, can_focus=True):
    """Base of the views of one study item; it holds the focus so its keys apply."""

    DEFAULT_CSS = """
    ItemView {
        height: auto;
    }
    ItemView .kind-line {
        color: $accent;
        text-style: bold;
    }
    ItemView .answer {
        display: none;
        height: auto;
    }
    ItemView .section-title {
        text-style: bold;
        margin-top: 1;
    }
    ItemView .notes {
        color: $text-muted;
    }
    ItemView .markdown {
        padding: 0 2;
        margin: 1 0 0 0;
    }
    """

    class Answered(Message):
        """The learner gave the answer that counts for this item."""

        def __init__(self, correct: bool, detail: AnswerDetail | None, *, advance: bool) -> None:
            super().__init__()
            self.correct = correct
            """Whether it was right."""
            self.detail = detail
            """What the answer held, by kind."""
            self.advance = advance
            """Whether the session moves to the next item once it is recorded."""

    class NextRequested(Message):
        """The learner is done with this item (already answered) and wants the next one."""

    revealed = False
    """Whether the answer side is showing."""

    def focus_item(self) -> None:
        """Take the focus, so the item's keys apply (the study screen calls it on showing)."""
        self.focus()

    def answer_recorded(self) -> None:
        """Called by the screen once an `Answered` from this view is in the log."""
