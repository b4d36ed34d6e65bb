"""YAML's own spellings in a deck: infinity, hex and sexagesimal numbers, control characters."""

from __future__ import annotations

import pytest

from studyapp.decks import parse_deck


def _lab(setup: str, answer: str = "1") -> bytes:
    return (
        "deck: {id: d, title: D}\n"
        "lab:\n"
        "  - id: s1\n"
        "    title: T\n"
        "    prompt: P\n"
        f"    setup: {setup}\n"
        "    probe: diverging-loss\n"
        "    choices: [A, B, C]\n"
        f"    answer: {answer}\n"
        "    explanation: E\n"
    ).encode()


def _problems(data: bytes) -> list[str]:
    deck, problems = parse_deck(data, "d.yaml")
    assert deck is None
    return [str(problem) for problem in problems]


@pytest.mark.parametrize("spelling", [".inf", "-.inf", "+.INF", ".Inf", ".nan", ".NaN"])
@pytest.mark.parametrize("key", ["alpha", "l2", "threshold"])
def test_yaml_infinity_and_nan_are_not_finite_numbers(key: str, spelling: str) -> None:
    setup = f"{{dataset: separable, {key}: {spelling}}}"
    column = len("    setup: {dataset: separable, ") + len(key) + 3
    assert _problems(_lab(setup)) == [f"d.yaml:6:{column}: '{key}' must be a finite number"]


@pytest.mark.parametrize(
    ("written", "setting"),
    [
        ("0x10", "it=16"),
        ("1_000", "it=1000"),
        ("1:30", "it=90"),  # YAML 1.1 sexagesimal: 1*60 + 30
        ("017", "it=15"),  # YAML 1.1 octal
        ("0b11", "it=3"),
    ],
)
def test_whole_numbers_in_any_yaml_spelling_are_read_not_crashed_on(
    written: str, setting: str
) -> None:
    deck, problems = parse_deck(_lab(f"{{dataset: separable, iters: {written}}}"), "d.yaml")
    assert problems == [] and deck is not None
    assert deck.lab[0].setup == f"separable {setting}"


@pytest.mark.parametrize(("written", "index"), [("0x2", 1), ("0b11", 2), ("+1", 0)])
def test_the_answer_number_in_any_yaml_spelling(written: str, index: int) -> None:
    deck, problems = parse_deck(_lab("{dataset: separable}", answer=written), "d.yaml")
    assert problems == [] and deck is not None
    assert deck.lab[0].answer == index


def test_an_answer_spelled_past_the_choices_is_named_at_its_place() -> None:
    assert _problems(_lab("{dataset: separable}", answer="0x10")) == [
        "d.yaml:9:13: 'answer' must be a choice number from 1 to 3"
    ]


@pytest.mark.parametrize(("written", "shown"), [("0x2", "2"), ("1_000", "1000"), ("1:30.5", "90.5")])
def test_numbers_in_yaml_spellings_are_read_as_numbers(written: str, shown: str) -> None:
    deck, problems = parse_deck(_lab(f"{{dataset: separable, alpha: {written}}}"), "d.yaml")
    assert problems == [] and deck is not None
    assert deck.lab[0].setup == f"separable a={shown}"


def test_a_huge_whole_number_is_not_finite_rather_than_a_crash() -> None:
    setup = "{dataset: separable, l2: " + "9" * 400 + "}"
    assert _problems(_lab(setup)) == ["d.yaml:6:37: 'l2' must be a finite number"]


@pytest.mark.parametrize(
    ("text", "where", "code"),
    [
        ("deck: {id: d, title: D}\n\x07\n", "2:1", "0007"),
        ("deck: {id: d, title: D}\nflashcards:\n  - {id: c, front: \u00e9a\x01b, back: b}\n", "3:22", "0001"),
        ("deck: {id: d, title: 'D\x1b'}\n", "1:24", "001B"),
        ("deck: {id: d, title: D\ufffe}\n", "1:23", "FFFE"),
    ],
)
def test_a_control_character_is_one_line_at_its_place(text: str, where: str, code: str) -> None:
    (message,) = _problems(text.encode())
    assert message == (
        f"d.yaml:{where}: YAML does not allow the control character U+{code}: delete it,"
        f" or write it as the escape \\u{code} inside double quotes"
    )
    assert "\n" not in message


def test_an_escaped_control_character_in_double_quotes_is_fine() -> None:
    deck, problems = parse_deck(
        b'deck: {id: d, title: D}\nflashcards:\n  - {id: c, front: "a\\u0007b", back: b}\n',
        "d.yaml",
    )
    assert problems == [] and deck is not None
    assert deck.flashcards[0].front == "a\x07b"
