"""Every kind of content problem is reported with its line, column and a clear message."""

from __future__ import annotations

from pathlib import Path

from studyapp.model import Problem, Tier
from tests.helpers import VALID_DECK, deck_of, problems_of


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_valid_deck_loads_every_kind(tmp_path: Path) -> None:
    deck = deck_of(tmp_path, VALID_DECK)
    assert deck.id == "demo"
    assert deck.counts() == {"flashcards": 1, "questions": 1, "reorder": 1, "sandbox": 0, "lab": 0}
    assert deck.questions[0].tier is Tier.BEGINNER
    assert deck.questions[0].key_points == ("step size", "too large diverges")
    assert deck.reorder[0].steps[0] == "compute logits"
    assert deck.flashcards[0].line == 5


def test_missing_required_field_points_at_the_item(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID_DECK.replace("    back: The step size.\n", "")))
    assert (problem.line, problem.column) == (5, 5)
    assert "flashcard 'card-one' is missing required field 'back'" in str(problem)


def test_empty_required_field(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID_DECK.replace("back: The step size.", "back: ''")))
    assert problem.line == 7
    assert "'back' must not be empty" in str(problem)


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = VALID_DECK.replace("    answer: The step", "    anwser: The step")
    problems = problems_of(tmp_path, text)
    messages = [str(p) for p in problems]
    assert any(
        ":12:5: unknown key 'anwser' in a question (did you mean 'answer'?)" in m for m in messages
    )
    assert any("missing required field 'answer'" in m for m in messages)


def test_key_points_as_a_string_is_a_wrong_type(tmp_path: Path) -> None:
    text = VALID_DECK.replace(
        "key_points: [step size, too large diverges]", "key_points: step size"
    )
    problem = only(problems_of(tmp_path, text))
    assert problem.line == 13
    assert "'key_points' must be a list of text, not text" in str(problem)


def test_tier_outside_the_three(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID_DECK.replace("tier: beginner", "tier: guru")))
    assert (problem.line, problem.column) == (10, 11)
    assert "tier 'guru' is not one of beginner, intermediate, expert" in str(problem)


def test_reorder_needs_three_distinct_steps(tmp_path: Path) -> None:
    short = VALID_DECK.replace("[compute logits, apply sigmoid, update weights]", "[a, b]")
    assert "'steps' needs at least 3 steps, got 2" in str(only(problems_of(tmp_path, short)))
    dup = VALID_DECK.replace("[compute logits, apply sigmoid, update weights]", "[a, b, a]")
    problem = only(problems_of(tmp_path, dup))
    assert "step 3 repeats step 1" in str(problem)
    assert problem.line == 17


def test_duplicate_item_id_names_the_first_line(tmp_path: Path) -> None:
    text = VALID_DECK.replace("  - id: steps", "  - id: card-one")
    problem = only(problems_of(tmp_path, text))
    assert problem.line == 15
    assert "duplicate item id 'card-one' (first used on line 5)" in str(problem)


def test_yaml_syntax_error_with_tabs(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID_DECK.replace("    back: The", "\tback: The")))
    assert problem.line == 7
    assert "YAML syntax error" in str(problem) and "tabs" in str(problem)


def test_yaml_bad_indentation(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID_DECK.replace("    back: The", "      back: The")))
    assert "YAML syntax error" in str(problem)
    assert problem.line == 7


def test_python_tags_are_rejected_not_constructed(tmp_path: Path) -> None:
    text = VALID_DECK.replace(
        "back: The step size.", "back: !!python/object/apply:os.system ['touch pwned']"
    )
    problem = only(problems_of(tmp_path, text))
    assert "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in str(problem)
    assert problem.line == 7
    assert not Path("pwned").exists()


def test_anchors_and_aliases_are_rejected(tmp_path: Path) -> None:
    text = VALID_DECK.replace("back: The step size.", "back: &b The step size.") + (
        "  - id: again\n    prompt: *b\n    steps: [x, y, z]\n"
    )
    messages = [str(p) for p in problems_of(tmp_path, text)]
    assert any(":7:11: anchors (&b) are not allowed" in m for m in messages)
    assert any(":19:13: aliases (*b) are not allowed" in m for m in messages)


def test_alias_bomb_costs_nothing(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 30):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    problems = problems_of(tmp_path, "\n".join(lines) + "\n")
    # 9**30 strings would never finish; being here at all shows nothing was expanded.
    assert problems and all("not allowed" in str(p) for p in problems)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(VALID_DECK.replace("step size.", "step s\xefze.").encode("latin-1"))
    from studyapp.decks import load_file

    deck, problems = load_file(str(path))
    assert deck is None
    problem = only(problems)
    assert problem.line == 7
    assert "not UTF-8" in str(problem)


def test_empty_file(tmp_path: Path) -> None:
    assert "the file is empty" in str(only(problems_of(tmp_path, "")))
    assert "the file is empty" in str(only(problems_of(tmp_path, "# only a comment\n")))


def test_top_level_list(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, "- id: a\n- id: b\n"))
    assert "must be a mapping with a 'deck:' section, not a list" in str(problem)
    assert (problem.line, problem.column) == (1, 1)


def test_deck_without_items(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, "deck:\n  id: lonely\n  title: Lonely\n"))
    assert "the deck has no items" in str(problem)


def test_invalid_deck_id(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID_DECK.replace("id: demo", "id: Demo Deck")))
    assert "id 'Demo Deck' is not valid" in str(problem)
    assert problem.line == 2


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    text = (
        VALID_DECK.replace("back: The step size.", "bakc: x")
        .replace("tier: beginner", "tier: expret")
        .replace("[compute logits, apply sigmoid, update weights]", "[a, a, b]")
    )
    problems = problems_of(tmp_path, text)
    assert len(problems) == 4
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert [(p.line, p.column) for p in problems] == [(5, 5), (7, 5), (10, 11), (17, 16)]
    assert "unknown key 'bakc' in a flashcard (did you mean 'back'?)" in str(problems[1])
    assert "tier 'expret'" in str(problems[2]) and "(did you mean 'expert'?)" in str(problems[2])
