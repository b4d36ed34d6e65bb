"""One view per item kind, shown by the study screen: card, interview question, reorder."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Rule, Static, TextArea
from textual.widgets.option_list import Option

from studyapp.grading import (
    Coverage,
    ReorderResult,
    cover_key_points,
    grade_order,
    help_fix_one,
    shuffled_order,
    suggest_correct,
)
from studyapp.model import Flashcard, Question, ReorderExercise
from studyapp.tui.widgets.checklist import Checklist


def markdown(text: str, classes: str = "") -> Static:
    """Content text rendered as Markdown (never as Textual markup).

    Rich's renderer in a Static: it draws in the same frame it is mounted, where Textual's
    Markdown widget parses in a thread and fills in a frame later.
    """
    return Static(RichMarkdown(text), classes=f"markdown {classes}".strip())


_TIER_NAMES = {"beginner": "Beginner", "intermediate": "Intermediate", "expert": "Expert"}


class FlashcardView(Vertical):
    """Front, and the back once revealed."""

    def __init__(self, card: Flashcard) -> None:
        super().__init__(classes="item-view")
        self.card = card
        """The card shown."""
        self.revealed = False
        """Whether the back is showing."""

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


class QuestionView(Vertical):
    """A tiered interview question: type an answer, reveal, tick the key points covered."""

    def __init__(self, question: Question) -> None:
        super().__init__(classes="item-view")
        self.question = question
        """The question shown."""
        self.revealed = False
        """Whether the model answer is showing."""
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
            yield Static("", id="match-notes", classes="notes")
            if self.question.senior_angle:
                yield Static("Senior angle", classes="section-title")
                yield markdown(self.question.senior_angle)
            yield Static("", id="suggestion", classes="suggestion")

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
        self.query_one("#typed", TextArea).read_only = True
        self.query_one("#back").display = True
        self.update_suggestion()
        points.focus()
        self.call_after_refresh(points.scroll_visible, animate=False)

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

    def on_checklist_changed(self) -> None:
        """Ticking a point changes the suggestion."""
        if self.revealed:
            self.update_suggestion()


class ReorderView(Vertical):
    """Steps shown shuffled; move them into order and submit."""

    def __init__(self, exercise: ReorderExercise, seed: int) -> None:
        super().__init__(classes="item-view")
        self.exercise = exercise
        """The exercise shown."""
        self.order = shuffled_order(len(exercise.steps), seed)
        """Current order as indices into the correct order."""
        self.attempts = 0
        """Submissions so far."""
        self.wrong_attempts = 0
        """Wrong submissions so far."""
        self.locked: frozenset[int] = frozenset()
        """Steps fixed in place by help."""
        self.result: ReorderResult | None = None
        """Grade of the last submission."""
        self.first_order: list[int] | None = None
        """The order first submitted (the one that counts for the schedule)."""

    def compose(self) -> ComposeResult:
        """Prompt, the step list and feedback."""
        yield Static("Reorder: put the steps in order", classes="kind-line")
        yield markdown(self.exercise.prompt, classes="front")
        yield OptionList(id="steps")
        yield Static(
            "shift+up/down or K/J moves the highlighted step; Enter submits.",
            id="feedback",
            classes="notes",
        )
        with Vertical(id="back", classes="answer"):
            if self.exercise.explanation:
                yield Static("Why this order", classes="section-title")
                yield markdown(self.exercise.explanation)

    def on_mount(self) -> None:
        """Fill the list and focus it."""
        self._render_steps(0)
        self.query_one("#steps", OptionList).focus()

    @property
    def solved(self) -> bool:
        """Whether the last submission was right."""
        return self.result is not None and self.result.correct

    def _render_steps(self, highlight: int) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.clear_options()
        misplaced = self.result.misplaced if self.result is not None else frozenset()
        for position, step in enumerate(self.order):
            mark = "  "
            if step in self.locked:
                mark = "= "
            elif self.result is not None:
                mark = "x " if position in misplaced else "  "
            label = Text(f"{mark}{position + 1}. ")
            label.append(self.exercise.steps[step])
            if self.result is not None and position in misplaced:
                label.stylize("bold red")
            steps.add_option(Option(label))
        steps.highlighted = highlight

    def move(self, delta: int) -> None:
        """Move the highlighted step up (-1) or down (+1)."""
        steps = self.query_one("#steps", OptionList)
        here = steps.highlighted
        if here is None or self.solved:
            return
        there = here + delta
        if not 0 <= there < len(self.order) or self.order[here] in self.locked:
            return
        if self.order[there] in self.locked:
            return
        self.order[here], self.order[there] = self.order[there], self.order[here]
        self.result = None  # the marks described the old order
        self._render_steps(there)

    def submit(self) -> ReorderResult:
        """Grade the current order and show the feedback."""
        result = grade_order(self.order)
        self.attempts += 1
        if self.first_order is None:
            self.first_order = list(self.order)
        if not result.correct:
            self.wrong_attempts += 1
        self.result = result
        highlight = self.query_one("#steps", OptionList).highlighted or 0
        self._render_steps(highlight)
        self.query_one("#feedback", Static).update(Text(self._feedback(result)))
        self.query_one("#back").display = True
        return result

    def _feedback(self, result: ReorderResult) -> str:
        n = len(self.order)
        score = f"score {n - result.moves}/{n}"
        if result.correct:
            return f"Right order ({score}). Space goes on."
        plural = "s" if result.moves != 1 else ""
        text = (
            f"Not yet: {result.moves} step{plural} marked x must move ({score}). "
            "Keep ordering and press Enter to try again, or space to go on."
        )
        if self.wrong_attempts >= 3:
            text += " Press h to have one step fixed in place."
        return text

    def fix_one(self) -> None:
        """Help: put one misplaced step into its place and lock it."""
        self.order, fixed = help_fix_one(self.order, self.locked)
        if fixed >= 0:
            self.locked = self.locked | {fixed}
            self.result = None
            self._render_steps(fixed)
            self.query_one("#feedback", Static).update(
                Text(f"Step {fixed + 1} is now in place (marked =). Enter submits.")
            )
