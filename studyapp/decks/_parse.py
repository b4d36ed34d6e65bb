"""Turning one deck file's node tree into a validated Deck (format version 1)."""

from __future__ import annotations

from studyapp.decks import _lab, _sandbox
from studyapp.decks._fields import DECK_ID, item_head, item_id, item_nodes
from studyapp.decks._reorder import read_steps
from studyapp.model import (
    TIERS_BY_NAME,
    Deck,
    Flashcard,
    Item,
    Problem,
    Question,
    ReorderExercise,
)
from studyapp.plainyaml import (
    MappingNode,
    Node,
    Reporter,
    check_tag,
    compose,
    decode,
    kind_name,
    mapping_fields,
    require,
    text,
    text_list,
)

TOP_KEYS = frozenset({"deck", "flashcards", "questions", "reorder", "sandbox", "lab"})
DECK_KEYS = frozenset({"id", "title", "description", "tags"})
FLASHCARD_KEYS = frozenset({"id", "front", "back", "tags"})
QUESTION_KEYS = frozenset({"id", "tier", "prompt", "answer", "key_points", "senior_angle", "tags"})
REORDER_KEYS = frozenset({"id", "prompt", "steps", "explanation", "tags"})
_ITEM_EXAMPLE = "update-rule"
"""A good item id, shown with the rule when an id is not valid."""


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _flashcard(node: MappingNode, report: Reporter) -> Flashcard | None:
    fields, ident, what = item_head(node, FLASHCARD_KEYS, report, "flashcard", _ITEM_EXAMPLE)
    front = text(require(fields, "front", node, report, what), report, "front", required=True)
    back = text(require(fields, "back", node, report, what), report, "back", required=True)
    tags = text_list(fields.get("tags", (None, None))[1], report, "tags", required=False)
    if ident is None or front is None or back is None:
        return None
    return Flashcard(ident, front, back, tags or (), _line(node))


def _question(node: MappingNode, report: Reporter) -> Question | None:
    fields, ident, what = item_head(node, QUESTION_KEYS, report, "question", _ITEM_EXAMPLE)
    tier_node = require(fields, "tier", node, report, what)
    tier_text = text(tier_node, report, "tier", required=True)
    tier = None
    if tier_text is not None and tier_node is not None:
        tier = TIERS_BY_NAME.get(tier_text.strip())
        if tier is None:
            report.at(
                tier_node,
                f"tier '{tier_text}' is not one of beginner, intermediate, expert"
                + _suggest(tier_text),
            )
    prompt = text(require(fields, "prompt", node, report, what), report, "prompt", required=True)
    answer = text(require(fields, "answer", node, report, what), report, "answer", required=True)
    points = text_list(
        require(fields, "key_points", node, report, what), report, "key_points", required=True
    )
    senior = text(
        fields.get("senior_angle", (None, None))[1], report, "senior_angle", required=False
    )
    tags = text_list(fields.get("tags", (None, None))[1], report, "tags", required=False)
    if ident is None or tier is None or prompt is None or answer is None or points is None:
        return None
    return Question(ident, tier, prompt, answer, points, senior, tags or (), _line(node))


def _suggest(tier_text: str) -> str:
    from studyapp.suggest import did_you_mean

    return did_you_mean(tier_text.strip().lower(), TIERS_BY_NAME)


def _reorder(node: MappingNode, report: Reporter) -> ReorderExercise | None:
    fields, ident, what = item_head(node, REORDER_KEYS, report, "reorder exercise", _ITEM_EXAMPLE)
    prompt = text(require(fields, "prompt", node, report, what), report, "prompt", required=True)
    steps_node = require(fields, "steps", node, report, what)
    read = read_steps(steps_node, report) if steps_node is not None else None
    explanation = text(
        fields.get("explanation", (None, None))[1], report, "explanation", required=False
    )
    tags = text_list(fields.get("tags", (None, None))[1], report, "tags", required=False)
    if ident is None or prompt is None or read is None:
        return None
    steps, groups = read
    return ReorderExercise(ident, prompt, steps, explanation, tags or (), _line(node), groups)


_SECTIONS = {
    "flashcards": _flashcard,
    "questions": _question,
    "reorder": _reorder,
    "sandbox": _sandbox.read_exercise,
    "lab": _lab.read_scenario,
}


def parse_deck(data: bytes, path: str) -> tuple[Deck | None, list[Problem]]:
    """Parse and validate one deck file's bytes; every problem is reported, none raised."""
    report = Reporter(path)
    text_value = decode(data, report)
    if text_value is None:
        return None, report.problems
    root = compose(text_value, report)
    if root is None:
        return None, report.problems
    if not isinstance(root, MappingNode) or not check_tag(root, report):
        if not report.problems:
            report.at(
                root,
                f"a deck file must be a mapping with a 'deck:' section, not {kind_name(root)}",
            )
        return None, report.problems
    fields = mapping_fields(root, TOP_KEYS, report, "the deck file")
    deck_pair = fields.get("deck")
    header = None
    if deck_pair is None:
        report.at(root, "missing the 'deck:' section (with id and title)")
    else:
        header = _header(deck_pair[1], report)
    sections: dict[str, list[Item]] = {name: [] for name in _SECTIONS}
    first_line: dict[str, int] = {}
    for name, reader in _SECTIONS.items():
        pair = fields.get(name)
        if pair is None:
            continue
        for entry in item_nodes(pair[1], report, name):
            item = reader(entry, report)
            if item is None:
                continue
            line = _line(entry)
            if item.id in first_line:
                report.at(
                    entry,
                    f"duplicate item id '{item.id}' (first used on line {first_line[item.id]}): "
                    "ids must be unique within a deck across all kinds",
                )
                continue
            first_line[item.id] = line
            sections[name].append(item)
    if header is None:
        return None, report.problems
    if not first_line and not report.problems:
        report.at(
            deck_pair[1] if deck_pair else root,
            "the deck has no items: add flashcards, questions, reorder, sandbox or lab entries",
        )
    if report.problems:
        return None, report.problems
    ident, title, description, tags, line = header
    deck = Deck(
        id=ident,
        title=title,
        path=path,
        description=description,
        tags=tags,
        flashcards=tuple(sections["flashcards"]),  # type: ignore[arg-type]
        questions=tuple(sections["questions"]),  # type: ignore[arg-type]
        reorder=tuple(sections["reorder"]),  # type: ignore[arg-type]
        sandbox=tuple(sections["sandbox"]),  # type: ignore[arg-type]
        lab=tuple(sections["lab"]),  # type: ignore[arg-type]
        line=line,
    )
    return deck, report.problems


def _header(
    node: Node, report: Reporter
) -> tuple[str, str, str | None, tuple[str, ...], int] | None:
    if not check_tag(node, report):
        return None
    if not isinstance(node, MappingNode):
        report.at(node, f"'deck' must be a mapping with id and title, not {kind_name(node)}")
        return None
    fields = mapping_fields(node, DECK_KEYS, report, "the deck section")
    ident = item_id(
        require(fields, "id", node, report, "the deck section"),
        report,
        DECK_ID,
        "gd-logistic-regression",
    )
    title = text(
        require(fields, "title", node, report, "the deck section"), report, "title", required=True
    )
    description = text(
        fields.get("description", (None, None))[1], report, "description", required=False
    )
    tags = text_list(fields.get("tags", (None, None))[1], report, "tags", required=False)
    if ident is None or title is None:
        return None
    return ident, title, description, tags or (), _line(node)
