"""Key-point matching at its edges: word forms, clause joins, explanations, the suggestion."""

from __future__ import annotations

import pytest

from studyapp.grading import KeyPointMatch, cover_key_points, suggest_correct
from studyapp.grading.keypoints import key_terms


def _one(answer: str, point: str, *others: str) -> KeyPointMatch:
    return cover_key_points(answer, [point, *others]).matches[0]


@pytest.mark.parametrize(
    ("written", "also"),
    [
        ("gradients", "gradient"),
        ("penalties", "penalty"),
        ("statuses", "status"),
        ("hypothesis", "hypothesize"),
        ("regularise", "regularization"),
        ("colour", "color"),
        ("stopping", "stop"),
        ("losses", "loss"),
        ("learners'", "learner"),
        ("fitted", "fit"),
        ("falling", "fall"),
        ("seeing", "see"),
        ("atomise", "atomize"),
        ("behaviour", "behavior"),
    ],
)
def test_word_forms_that_name_one_term(written: str, also: str) -> None:
    assert key_terms(written) == key_terms(also)


@pytest.mark.parametrize(("one", "other"), [("bias", "basis"), ("station", "st")])
def test_different_words_stay_different_terms(one: str, other: str) -> None:
    assert key_terms(one) != key_terms(other)


def test_key_terms_are_shown_as_first_written() -> None:
    match = _one("", "Gradients flow back; the gradient of the learners' loss")
    assert match.terms == ("gradients", "flow", "back", "learners", "loss")


def test_two_letter_terms_count() -> None:
    # "L1" is the rival of "L2": an answer about an L1 penalty does not cover an L2 one.
    assert not _one("we add an L1 penalty", "L2 penalty").covered
    assert _one("we add an L2 penalty", "L2 penalty").covered


def test_a_contraction_negates() -> None:
    match = _one("min-max isn't sensitive to outliers", "min-max is sensitive to outliers")
    assert not match.covered
    assert match.contradicted == ("sensitive", "outliers")


def test_a_clause_without_the_point_does_not_stop_the_search() -> None:
    match = _one("Hello there. Min-max is sensitive to outliers.", "min-max sensitive outliers")
    assert match.covered and match.found == ("min-max", "sensitive", "outliers")


def test_a_clause_of_symbols_only_is_harmless() -> None:
    assert _one("min-max is sensitive to outliers, :)", "min-max sensitive outliers").covered


def test_a_which_clause_belongs_to_the_one_before() -> None:
    match = _one("use z-score, which copes with outliers", "min-max sensitive to outliers")
    assert match.found == () and match.elsewhere == ("outliers",)


def test_when_clauses_lead_into_the_next_one_and_pile_up() -> None:
    match = _one(
        "if you pick z-score, when outliers appear, it copes", "min-max sensitive to outliers"
    )
    assert match.found == () and match.elsewhere == ("outliers",)
    whole = _one("if there are outliers, min-max is sensitive", "min-max sensitive to outliers")
    assert whole.found == ("min-max", "sensitive", "outliers")


def test_terms_said_about_the_rival_add_up_over_clauses() -> None:
    match = _one(
        "z-score copes with outliers. z-score handles any scale.",
        "min-max sensitive to outliers and scale",
    )
    assert not match.covered
    assert match.elsewhere == ("outliers", "scale")


def test_contradictions_add_up_over_clauses() -> None:
    match = _one(
        "there is no sensitivity. there are never outliers.",
        "min-max sensitivity outliers scale",
    )
    assert not match.covered
    assert match.contradicted == ("sensitivity", "outliers")


def test_a_covered_point_reports_no_contradiction() -> None:
    match = _one("gradient descent is used. it never converges.", "gradient descent converges")
    assert match.covered and match.contradicted == ()
    assert match.needed == 2 and match.found == ("gradient", "descent")


def test_terms_inside_another_points_clause_add_up_as_elsewhere() -> None:
    points = ["learning rate small", "momentum velocity accumulates"]
    match = cover_key_points(
        "momentum velocity rate. momentum velocity learning", points
    ).matches[0]
    assert match.found == () and match.elsewhere == ("learning", "rate")


def test_every_other_point_is_weighed_not_only_the_neighbour() -> None:
    points = ["learning rate small", "momentum velocity", "weights initialised randomly"]
    first = cover_key_points("momentum velocity rate", points).matches[0]
    assert first.found == () and first.elsewhere == ("rate",)
    last = cover_key_points("weights initialised rate", points).matches[0]
    assert last.found == () and last.elsewhere == ("rate",)


def test_explanations_say_what_was_found_and_why_not() -> None:
    assert KeyPointMatch("", (), (), False).explain() == "no key terms to match"
    assert (
        KeyPointMatch("p", ("a", "b"), (), False, 2).explain()
        == "0 of 2 key terms found (none)"
    )
    assert (
        KeyPointMatch("p", ("a", "b", "c"), ("a", "b"), True, 2).explain()
        == "2 of 3 key terms found (a, b)"
    )
    both = KeyPointMatch("p", ("a", "b", "c", "d"), ("a",), False, 2, ("b", "c"), ("d", "e"))
    assert both.explain() == (
        "1 of 4 key terms found (a); your answer says otherwise about d, e; "
        "b, c only where you speak of another point"
    )


@pytest.mark.parametrize(
    ("ticked", "total", "good"),
    [(0, 0, False), (1, 1, True), (0, 1, False), (1, 3, False), (2, 3, True), (1, 2, True)],
)
def test_suggestion_is_good_from_half_the_points(ticked: int, total: int, good: bool) -> None:
    assert suggest_correct(ticked, total) is good
