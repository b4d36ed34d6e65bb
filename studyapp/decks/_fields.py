"""Reading typed fields out of YAML nodes, reporting every problem with its position."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyapp.decks._yaml import (
    NULL_TAG,
    MappingNode,
    Node,
    Reporter,
    ScalarNode,
    SequenceNode,
    check_tag,
    kind_name,
)
from studyapp.suggest import did_you_mean

DECK_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""Deck ids: lowercase letters and digits in dash-separated words."""
ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
"""Item ids: letters, digits, '-', '_' and '.', starting with a letter or digit."""


def mapping_fields(
    node: MappingNode, allowed: frozenset[str], report: Reporter, what: str
) -> dict[str, tuple[Node, Node]]:
    """The keys of a mapping as {key: (key node, value node)}.

    Unknown keys (with a suggestion), duplicate keys, non-text keys and disallowed tags are
    reported and left out.
    """
    fields: dict[str, tuple[Node, Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == NULL_TAG:
            report.at(key_node, f"keys of {what} must be plain words")
            continue
        key = key_node.value
        if key not in allowed:
            report.at(
                key_node,
                f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}",
            )
            continue
        if key in fields:
            first = fields[key][0].start_mark.line + 1
            report.at(key_node, f"duplicate key '{key}' in {what} (first given on line {first})")
            continue
        fields[key] = (key_node, value_node)
    return fields


def require(
    fields: dict[str, tuple[Node, Node]], key: str, owner: Node, report: Reporter, what: str
) -> Node | None:
    """The value node of a required key, or None after reporting it missing at `owner`."""
    pair = fields.get(key)
    if pair is None:
        report.at(owner, f"{what} is missing required field '{key}'")
        return None
    return pair[1]


def text(node: Node | None, report: Reporter, name: str, *, required: bool) -> str | None:
    """A text value; any scalar counts (its source text). Empty required text is reported."""
    if node is None or not check_tag(node, report):
        return None
    if isinstance(node, ScalarNode):
        value: str = node.value
        if node.tag == NULL_TAG or not value.strip():
            if required:
                report.at(node, f"'{name}' must not be empty")
            return None
        return value
    report.at(node, f"'{name}' must be text, not {kind_name(node)}")
    return None


def text_list(
    node: Node | None, report: Reporter, name: str, *, required: bool, min_items: int = 0
) -> tuple[str, ...] | None:
    """A list of non-empty texts (None when missing or after reporting a problem)."""
    if node is None or not check_tag(node, report):
        return None
    if not isinstance(node, SequenceNode):
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            if required:
                report.at(node, f"'{name}' must not be empty")
            return None
        hint = f" (write it as a list: {name}: [...] or one '- ' line per entry)"
        report.at(node, f"'{name}' must be a list of text, not {kind_name(node)}{hint}")
        return None
    values: list[str] = []
    ok = True
    for entry in node.value:
        value = text(entry, report, f"{name} entry", required=True)
        if value is None:
            ok = False
        else:
            values.append(value)
    if not ok:
        return None
    if len(values) < max(min_items, 1 if required else 0):
        need = max(min_items, 1)
        report.at(node, f"'{name}' needs at least {need} entr{'y' if need == 1 else 'ies'}")
        return None
    return tuple(values)


def number(
    node: Node | None, report: Reporter, name: str, *, positive: bool = True
) -> float | None:
    """A number; `1e-6` is accepted too (YAML 1.1 would read it as text)."""
    if node is None or not check_tag(node, report):
        return None
    if isinstance(node, ScalarNode) and node.tag != NULL_TAG:
        try:
            value = float(node.value)
        except ValueError:
            pass
        else:
            if value != value or value in (float("inf"), float("-inf")):
                report.at(node, f"'{name}' must be a finite number")
                return None
            if positive and value <= 0:
                report.at(node, f"'{name}' must be greater than 0")
                return None
            return value
    report.at(node, f"'{name}' must be a number, not {kind_name(node)}")
    return None


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


def item_id(node: Node | None, report: Reporter, pattern: re.Pattern[str], rule: str) -> str | None:
    """An id that matches `pattern` (reports `rule` otherwise)."""
    value = text(node, report, "id", required=True)
    if value is None or node is None:
        return None
    if not pattern.match(value):
        report.at(node, f"id '{value}' is not valid: {rule}")
        return None
    return value

