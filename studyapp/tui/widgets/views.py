"""The views of a flashcard and of an interview question; each owns its keys."""

from __future__ import annotations

from typing import ClassVar

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Rule, Static, TextArea

from studyapp.grading import Coverage, cover_key_points, suggest_correct
from studyapp.model import Flashcard, Question
from studyapp.tui.widgets.checklist import Checklist
from studyapp.tui.widgets.item_view import ItemView, QuestionDetail, markdown

_TIER_NAMES = {"beginner": "Beginner", "intermediate": "Intermediate", "expert": "Expert"}
_GRADE_BINDINGS: list[BindingType] = [
    Binding("space", "reveal", "Reveal", id="reveal"),
    Binding("space", "grade(True)", "Good", id="grade-good-space", show=False),
    Binding("ctrl+r", "reveal", "Reveal", id="reveal-answer", show=False, priority=True),
    Binding("1", "grade(False)", "Again", id="grade-again"),
    Binding("2", "grade(True)", "Good", id="grade-good"),
]
"""Reveal, then grade: the keys flashcards and questions share."""


class RevealView(ItemView):
    """An item with a hidden answer side: reveal it, then grade yourself."""

    BINDINGS: ClassVar[list[BindingType]] = _GRADE_BINDINGS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reveal before the answer shows, grade after."""
        if action == "reveal":
            return not self.revealed
        if action == "grade":
            return self.revealed
        return True

    def action_reveal(self) -> None:
        """Show the answer side."""
        if not self.revealed:
            self.reveal()
            self.refresh_bindings()

    def reveal(self) -> None:
        """Show the answer side (views draw it)."""
        self.revealed = True

    def action_grade(self, correct: bool) -> None:
        """Grade the revealed item: the answer that counts."""
        if self.revealed:
            self.post_message(self.Answered(correct, self.detail(), advance=True))

    def detail(self) -> QuestionDetail | None:
        """What the answer held (none for a flashcard)."""
        return None


class FlashcardView(RevealView):
    """Front, and the back once revealed."""

    def __init__(self, card: Flashcard) -> None:
        super().__init__(classes="item-view")
        self.card = card
        """The card shown."""

    def compose(self) -> ComposeResult:
        """Kind line, front, and the hidden back."""
        yield Static("Flashcard", classes="kind-line")
        yield markdown(self.card.front, classes="front")
        with Vertical(id="back", classes="answer"):
            yield Rule()
            back = markdown(self.card.back)
            back.id = "back-text"
            yield back

    def reveal(self) -> None:
        """Show the back."""
        self.revealed = True
        self.query_one("#back").display = True

    def show(self, card: Flashcard) -> None:
        """Show another card's front in this view (cheaper than mounting a new view)."""
        self.card = card
        self.revealed = False
        self.query_one(".front", Static).update(RichMarkdown(card.front))
        self.query_one("#back-text", Static).update(RichMarkdown(card.back))
        self.query_one("#back").display = False


class QuestionView(RevealView):
    """A tiered interview question: type an answer, reveal, tick the key points covered."""

    DEFAULT_CSS = """
    QuestionView #typed {
        height: 5;
    }
    QuestionView #key-points {
        height: auto;
        max-height: 8;
    }
    QuestionView .suggestion {
        margin-top: 1;
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "type_answer", "Type answer", id="type-answer"),
        Binding("escape", "stop_typing", "Stop typing", id="stop-typing"),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__(classes="item-view")
        self.question = question
        """The question shown."""
        self.coverage: Coverage | None = None
        """Key-point matching of the typed answer, once revealed."""

    def compose(self) -> ComposeResult:
        """Tier line, prompt, answer box, and the hidden model answer."""
        tier = _TIER_NAMES[self.question.tier.value]
        yield Static(f"Interview question · {tier} tier", classes="kind-line")
        yield markdown(self.question.prompt, classes="front")
        typed = TextArea(id="typed", soft_wrap=True, tab_behavior="focus")
        typed.border_title = "Your answer (optional): t to type, Esc to stop, then space reveals"
        yield typed
        with Vertical(id="back", classes="answer"):
            yield Static("Model answer", classes="section-title")
            yield markdown(self.question.answer)
            yield Static(
                Text("Key points ([x]: your answer mentions it; space toggles)"),
                classes="section-title",
            )
            yield Checklist(id="key-points")
            # Right under the list: reveal brings both into view together.
            yield Static("", id="suggestion", classes="suggestion")
            yield Static("", id="match-notes", classes="notes")
            if self.question.senior_angle:
                yield Static("Senior angle", classes="section-title")
                yield markdown(self.question.senior_angle)

    @property
    def typing(self) -> bool:
        """Whether the answer box has the keyboard."""
        return self.query_one("#typed", TextArea).has_focus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Typing keys while the question is open; reveal and grade as for a card."""
        if action == "type_answer":
            return not self.revealed and not self.typing
        if action == "stop_typing":
            return self.typing
        if action == "reveal" and self.typing:
            # Space types a space; only ctrl+r reveals while typing.
            return not self.revealed
        return super().check_action(action, parameters)

    def action_type_answer(self) -> None:
        """Put the cursor in the answer box."""
        self.query_one("#typed", TextArea).focus()

    def restore_typed(self, text: str) -> None:
        """Put back what was typed before an undo."""
        typed = self.query_one("#typed", TextArea)
        typed.load_text(text)
        typed.display = True

    def action_stop_typing(self) -> None:
        """Leave the answer box (its text stays)."""
        self.focus()

    @on(Checklist.Changed)
    def _ticks_changed(self) -> None:
        if self.revealed:
            self.update_suggestion()

    def on_descendant_focus(self) -> None:
        """The footer shows typing keys while typing."""
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        """...and the question's keys again afterwards."""
        self.refresh_bindings()

    @property
    def typed(self) -> str:
        """What the learner typed."""
        return self.query_one("#typed", TextArea).text

    def reveal(self) -> None:
        """Show the model answer and pre-tick the key points the typed answer covers."""
        self.revealed = True
        self.coverage = cover_key_points(self.typed, self.question.key_points)
        points = self.query_one("#key-points", Checklist)
        matches = self.coverage.matches
        points.set_items(
            [match.point for match in matches],
            {index for index, match in enumerate(matches) if match.covered},
        )
        notes = [
            f"{index + 1}. {match.explain()}" for index, match in enumerate(self.coverage.matches)
        ]
        if not self.typed.strip():
            notes = ["Nothing typed: tick the points you would have said."]
        self.query_one("#match-notes", Static).update(Text("\n".join(notes)))
        typed = self.query_one("#typed", TextArea)
        typed.read_only = True
        if not self.typed.strip():
            typed.display = False  # nothing to compare: room for the answer instead
        self.query_one("#back").display = True
        self.update_suggestion()
        points.focus()
        # The checklist and the suggestion in view (the question stays pinned on top).
        suggestion = self.query_one("#suggestion", Static)
        # Two refreshes: the answer side is laid out, then the filled checklist grows.
        self.call_after_refresh(
            self.call_after_refresh, suggestion.scroll_visible, animate=False
        )

    def ticked(self) -> list[int]:
        """Indices of the ticked key points."""
        return sorted(self.query_one("#key-points", Checklist).ticked)

    def suggested(self) -> bool:
        """The grade the ticked share suggests."""
        return suggest_correct(len(self.ticked()), len(self.question.key_points))

    def update_suggestion(self) -> None:
        """Refresh the suggested-grade line."""
        ticked, total = len(self.ticked()), len(self.question.key_points)
        grade = "2 good" if self.suggested() else "1 again"
        self.query_one("#suggestion", Static).update(
            Text(f"{ticked} of {total} key points ticked. Suggested: {grade}.")
        )

    def detail(self) -> QuestionDetail:
        """The tier, ticks, suggestion and typed text, kept with the answer."""
        return QuestionDetail(
            self.question.tier.value,
            tuple(self.ticked()),
            len(self.question.key_points),
            self.suggested(),
            self.typed,
        )
