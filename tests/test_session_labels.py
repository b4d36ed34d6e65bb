"""How items, counts and times are named for the learner: labels, plurals, minutes, shares."""

from __future__ import annotations

from studyapp.model import Flashcard, Question, ReorderExercise, SandboxExercise, Tier
from studyapp.session import counted, duration_minutes, item_label, percent, plain_text


def test_plain_text_drops_bold_underline_and_code_marks_and_line_breaks() -> None:
    assert plain_text("**bold** and __under__ and `code`\n  next   line ") == (
        "bold and under and code next line"
    )
    assert plain_text("y_hat stays, a*b stays") == "y_hat stays, a*b stays"


def test_a_coding_exercise_is_known_by_its_title() -> None:
    exercise = SandboxExercise("sig", "The **sigmoid**", "Write `sigmoid`.", "sigmoid", "", "")
    assert item_label(exercise) == "The sigmoid"


def test_an_item_without_text_is_known_by_its_id() -> None:
    assert item_label(Flashcard("blank-card", "   ", "b")) == "blank-card"
    assert item_label(Flashcard("empty-card", "", "b")) == "empty-card"
    assert item_label(ReorderExercise("steps-1", "", ("a", "b"))) == "steps-1"


def test_labels_are_cut_to_sixty_characters_with_an_ellipsis() -> None:
    sixty = "x" * 60
    assert item_label(Question("q", Tier.BEGINNER, sixty, "a", ("p",))) == sixty
    sixty_one = "x" * 58 + " yz"  # the cut falls after the space, which is dropped
    label = item_label(Question("q", Tier.BEGINNER, sixty_one, "a", ("p",)))
    assert label == "x" * 58 + "…"
    long = item_label(Question("q", Tier.BEGINNER, "y" * 80, "a", ("p",)))
    assert long == "y" * 59 + "…" and len(long) == 60


def test_counts_name_their_thing_in_the_singular_or_plural() -> None:
    assert counted(1, "reorder exercise") == "1 reorder exercise"
    assert counted(2, "reorder exercise") == "2 reorder exercises"
    assert counted(0, "card") == "0 cards"
    assert counted(3, "query", "queries") == "3 queries"
    assert counted(1, "query", "queries") == "1 query"


def test_time_studied_reads_in_minutes_or_hours_and_minutes() -> None:
    assert duration_minutes(0) == "0 min"
    assert duration_minutes(29_999) == "0 min"
    assert duration_minutes(30_000) == "0 min"  # rounds half to even, like round()
    assert duration_minutes(90_000) == "2 min"
    assert duration_minutes(12 * 60_000) == "12 min"
    assert duration_minutes(59 * 60_000 + 29_000) == "59 min"
    assert duration_minutes(60 * 60_000) == "1 h 00 min"
    assert duration_minutes(65 * 60_000) == "1 h 05 min"
    assert duration_minutes(600 * 60_000 + 40_000) == "10 h 01 min"


def test_shares_of_nothing_are_zero() -> None:
    assert percent(3, 0) == 0
    assert percent(1, -4) == 0
    assert percent(1, 2) == 50
    assert percent(1, 200) == 1  # half a percent rounds up
    assert percent(5, 5) == 100
    assert (percent(1, 1), percent(0, 1)) == (100, 0)
