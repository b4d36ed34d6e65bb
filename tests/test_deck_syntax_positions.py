"""Broken deck files: the exact `path:line:col: message` a learner sees for each mistake."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck


def _problems(data: bytes) -> list[str]:
    deck, problems = parse_deck(data, "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            b"deck:\n  id: x\n  title: caf\xe9\n",
            "d.yaml:3:13: the file is not UTF-8: byte 0xe9 cannot be decoded "
            "(save the file as UTF-8)",
            id="not-utf8-third-line",
        ),
        pytest.param(
            b"caf\xe9: 1\n",
            "d.yaml:1:4: the file is not UTF-8: byte 0xe9 cannot be decoded "
            "(save the file as UTF-8)",
            id="not-utf8-first-line",
        ),
        pytest.param(
            b"deck:\n  id: x\n\t title: y\n",
            "d.yaml:3:1: YAML syntax error: while scanning a plain scalar: found a tab character"
            " that violates indentation (use spaces, not tabs, for indentation)",
            id="tab",
        ),
        pytest.param(
            b"deck: {id: x, title: T}\nflashcards: [{id: a, front: f, back: \"\\q\"}]\n",
            "d.yaml:2:39: YAML syntax error: while parsing a quoted scalar: "
            "found unknown escape character",
            id="column-inside-a-line",
        ),
        pytest.param(
            b"deck: {id: x}\n---\nb: 1\n",
            "d.yaml:2:1: YAML syntax error: expected a single document in the stream: "
            "but found another document",
            id="two-documents",
        ),
        pytest.param(
            b"",
            "d.yaml:1:1: the file is empty: a deck needs a 'deck:' section and items",
            id="empty",
        ),
        pytest.param(
            b"- a\n- b\n",
            "d.yaml:1:1: a deck file must be a mapping with a 'deck:' section, not a list",
            id="list",
        ),
        pytest.param(
            b"hello\n",
            "d.yaml:1:1: a deck file must be a mapping with a 'deck:' section, not text",
            id="text",
        ),
        pytest.param(
            b"~\n",
            "d.yaml:1:1: a deck file must be a mapping with a 'deck:' section, not nothing",
            id="nothing",
        ),
        pytest.param(
            b"deck: 3.5\n",
            "d.yaml:1:7: 'deck' must be a mapping with id and title, not a number with a fraction",
            id="float",
        ),
        pytest.param(
            b"deck: true\n",
            "d.yaml:1:7: 'deck' must be a mapping with id and title, not a true/false value",
            id="bool",
        ),
        pytest.param(
            b"\xef\xbb\xbfdeck: [1]\n",
            "d.yaml:1:7: 'deck' must be a mapping with id and title, not a list",
            id="byte-order-mark-dropped",
        ),
    ],
)
def test_one_problem_at_its_place(data: bytes, expected: str) -> None:
    assert _problems(data) == [expected]


def test_anchors_and_aliases_are_each_reported() -> None:
    assert _problems(b"deck: &a {id: x}\nflashcards: *a\n") == [
        "d.yaml:1:7: anchors (&a) are not allowed: decks are plain YAML",
        "d.yaml:2:13: aliases (*a) are not allowed: write the value out in full",
    ]


def test_an_anchor_alone_stops_the_file() -> None:
    assert _problems(b"deck: &a {id: x, title: T}\nflashcards: []\n") == [
        "d.yaml:1:7: anchors (&a) are not allowed: decks are plain YAML",
    ]


def test_an_ampersand_in_text_is_no_anchor() -> None:
    deck, problems = parse_deck(
        b"deck: {id: x, title: Q&A}\nflashcards: [{id: a, front: R&D, back: b}]\n", "d.yaml"
    )
    assert problems == [] and deck is not None and deck.title == "Q&A"


def test_a_control_character_is_one_line_at_its_place() -> None:
    (problem,) = _problems(b"deck: \x07\n")
    assert problem == (
        "d.yaml:1:7: YAML does not allow the control character U+0007: delete it,"
        " or write it as the escape \\u0007 inside double quotes"
    )
