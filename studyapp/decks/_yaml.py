"""Plain-YAML parsing with libyaml that keeps line and column of every value.

Only plain YAML is accepted: no tags beyond the core ones, no anchors or aliases. Anchors
are found by a cheap event scan *before* composing, so an alias bomb never expands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

try:  # libyaml is what makes loading fast; PyYAML wheels ship it on every platform we know.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from studyapp.model import Problem


class _PlainLoader(_Loader):
    """libyaml's loader without path resolvers (decks use none; libyaml calls them per node)."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


Node = yaml.Node
MappingNode = yaml.MappingNode
SequenceNode = yaml.SequenceNode
ScalarNode = yaml.ScalarNode

_CORE = "tag:yaml.org,2002:"
STR_TAG = _CORE + "str"
NULL_TAG = _CORE + "null"
INT_TAG = _CORE + "int"
FLOAT_TAG = _CORE + "float"
BOOL_TAG = _CORE + "bool"
MAP_TAG = _CORE + "map"
SEQ_TAG = _CORE + "seq"
SCALAR_TAGS = frozenset({STR_TAG, NULL_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, _CORE + "timestamp"})
"""Tags a plain scalar may resolve to; anything else was written explicitly and is refused."""


@dataclass
class Reporter:
    """Collects the problems of one file."""

    path: str
    """The file, as it is shown in messages."""
    problems: list[Problem] = field(default_factory=list)
    """Problems found so far, in the order found."""

    def at(self, node: Node, message: str) -> None:
        """Report a problem at the start of `node`."""
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def at_line(self, line: int, column: int, message: str) -> None:
        """Report a problem at a 1-based line and column."""
        self.problems.append(Problem(self.path, line, column, message))


def line_col_of_offset(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def decode(data: bytes, report: Reporter) -> str | None:
    """UTF-8 text of `data` (a BOM is dropped), or None after reporting where it is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8")
        line, column = line_col_of_offset(good, len(good))
        report.at_line(
            line,
            column,
            f"the file is not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded "
            "(save the file as UTF-8)",
        )
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _scan_anchors(text: str, report: Reporter) -> bool:
    """Report every anchor and alias; True when there were any.

    Parsing events does not expand aliases, so this costs one pass of the C parser however
    many times an alias bomb would repeat its anchor.
    """
    found = False
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                found = True
                report.at(
                    event,  # type: ignore[arg-type]
                    f"aliases (*{event.anchor}) are not allowed: write the value out in full",
                )
            elif (anchor := getattr(event, "anchor", None)) is not None:
                found = True
                report.at(
                    event,  # type: ignore[arg-type]
                    f"anchors (&{anchor}) are not allowed: decks are plain YAML",
                )
    except yaml.YAMLError:
        return found  # compose() reports the syntax error itself
    return found


def _syntax_problem(error: yaml.YAMLError, report: Reporter) -> None:
    """Turn a PyYAML error into a problem at its mark."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        message = error.problem or "invalid YAML"
        if error.context:
            message = f"{error.context}: {message}"
        if "tab" in message:
            message += " (use spaces, not tabs, for indentation)"
        report.at_line(mark.line + 1, mark.column + 1, f"YAML syntax error: {message}")
    else:
        report.at_line(1, 1, f"YAML syntax error: {error}")


def compose(text: str, report: Reporter) -> Node | None:
    """The node tree of one YAML document, or None after reporting why there is none."""
    if "&" in text and _scan_anchors(text, report):
        return None
    try:
        node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.YAMLError as error:
        _syntax_problem(error, report)
        return None
    if node is None:
        report.at_line(1, 1, "the file is empty: a deck needs a 'deck:' section and items")
    return node


def check_tag(node: Node, report: Reporter) -> bool:
    """True for a node with a core tag; reports and returns False for any other tag."""
    tag = node.tag
    if isinstance(node, ScalarNode):
        if tag in SCALAR_TAGS:
            return True
    elif isinstance(node, MappingNode):
        if tag == MAP_TAG:
            return True
    elif tag == SEQ_TAG:
        return True
    report.at(node, f"tag '{tag}' is not allowed: decks are plain YAML without tags")
    return False


def kind_name(node: Node) -> str:
    """How a node's type is named in messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing"
    return "text" if node.tag == STR_TAG else f"a {node.tag.rsplit(':', 1)[-1]}"
