"""Deck-specific fields of YAML nodes: item and deck ids, item sections (see plainyaml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from studyapp.plainyaml import (
    NULL_TAG,
    MappingNode,
    Node,
    Reporter,
    ScalarNode,
    SequenceNode,
    check_tag,
    kind_name,
    mapping_fields,
    require,
    text,
)


class IdRule(NamedTuple):
    """What an id may look like, and how a message says so."""

    pattern: re.Pattern[str]
    """A whole valid id matches it."""
    wording: str
    """The rule in words, for the message about an invalid id."""


DECK_ID = IdRule(
    re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z"), "use lowercase letters, digits and '-'"
)
"""Deck ids: lowercase letters and digits in dash-separated words."""
ITEM_ID = IdRule(
    re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z"), "use letters, digits, '-', '_' or '.'"
)
"""Item ids: letters, digits, '-', '_' and '.', starting with a letter or digit."""


def item_nodes(node: Node, report: Reporter, section: str) -> Iterator[MappingNode]:
    """The entries of a section list that are mappings (others are reported)."""
    if not check_tag(node, report) or (isinstance(node, ScalarNode) and node.tag == NULL_TAG):
        return
    if not isinstance(node, SequenceNode):
        report.at(node, f"'{section}' must be a list of items, not {kind_name(node)}")
        return
    for entry in node.value:
        if not check_tag(entry, report):
            continue
        if isinstance(entry, MappingNode):
            yield entry
        else:
            report.at(entry, f"each entry of '{section}' must be a mapping with an 'id'")


def item_id(node: Node | None, report: Reporter, rule: IdRule, example: str) -> str | None:
    """An id that follows `rule` (reported with `example` of a good one otherwise)."""
    value = text(node, report, "id", required=True)
    if value is None or node is None:
        return None
    if not rule.pattern.match(value):
        report.at(node, f"id '{value}' is not valid: {rule.wording} (e.g. {example})")
        return None
    return value


class ItemHead(NamedTuple):
    """What every item mapping starts with: its fields, its id and how messages name it."""

    fields: dict[str, tuple[Node, Node]]
    """The item's keys as {key: (key node, value node)} (see plainyaml.mapping_fields)."""
    ident: str | None
    """The item's id (None: missing or not valid, already reported)."""
    what: str
    """The item in messages: "flashcard 'softmax'", or "this flashcard" without an id."""


def item_head(
    node: MappingNode, allowed: frozenset[str], report: Reporter, noun: str, example: str
) -> ItemHead:
    """The fields and id of an item mapping (a `noun` such as "flashcard"), every problem
    reported; `example` is a good id, shown with the rule when the id is not valid."""
    fields = mapping_fields(node, allowed, report, f"a {noun}")
    ident = item_id(require(fields, "id", node, report, f"this {noun}"), report, ITEM_ID, example)
    return ItemHead(fields, ident, f"{noun} '{ident}'" if ident else f"this {noun}")
