"""Plain-YAML reading with libyaml that keeps line and column of every value (decks, config).

Only plain YAML is accepted: no tags beyond the core ones, no anchors or aliases. Anchors
are found by a cheap event scan *before* composing, so an alias bomb never expands. The
typed field readers at the end report every problem with its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

try:  # libyaml is what makes loading fast; PyYAML wheels ship it on every platform we know.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from studyapp.model import Problem
from studyapp.suggest import did_you_mean


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
TRUE_WORDS = frozenset({"true", "yes", "on", "y"})
"""How YAML 1.1 writes true (in any case); any other scalar resolved as a boolean is false."""
_NUMBERS = yaml.constructor.SafeConstructor()
"""Reads YAML 1.1 number spellings (.inf, 0x1f, 1_000, 1:30) as PyYAML's safe loader does."""


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


def _syntax_problem(error: yaml.YAMLError, text: str, report: Reporter) -> None:
    """Turn a PyYAML error into a one-line problem at its place in `text`."""
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int):
        # The reader's own text spans two lines and gives an offset (in bytes, with
        # libyaml); the character it refuses is the first of its kind in the text.
        code = error.character
        line, column = line_col_of_offset(text, max(text.find(chr(code)), 0))
        report.at_line(
            line,
            column,
            f"YAML does not allow the control character U+{code:04X}: delete it, or write it"
            f" as the escape \\u{code:04X} inside double quotes",
        )
    elif isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        message = error.problem or "invalid YAML"
        if error.context:
            message = f"{error.context}: {message}"
        if "tab" in message:
            message += " (use spaces, not tabs, for indentation)"
        report.at_line(mark.line + 1, mark.column + 1, f"YAML syntax error: {message}")
    else:
        report.at_line(1, 1, f"YAML syntax error: {' '.join(str(error).split())}")


def compose(text: str, report: Reporter) -> Node | None:
    """The node tree of one YAML document, or None after reporting why there is none."""
    if "&" in text and _scan_anchors(text, report):
        return None
    try:
        node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.YAMLError as error:
        _syntax_problem(error, text, report)
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
    if node.tag == STR_TAG:
        return "text"
    name = node.tag.rsplit(":", 1)[-1]
    return _KIND_WORDS.get(name, f"a {name}")


_KIND_WORDS = {
    "int": "a whole number",
    "float": "a number with a fraction",
    "bool": "a true/false value",
    "timestamp": "a date",
}
"""How YAML's own type names read in a message (e.g. "not a whole number", never "not a int")."""


def bool_value(node: Node) -> bool:
    """The value of a scalar that resolved as a boolean (BOOL_TAG)."""
    return str(node.value).lower() in TRUE_WORDS


def int_value(node: ScalarNode) -> int:
    """The value of a scalar that resolved as an integer (INT_TAG), in any YAML 1.1 spelling."""
    return int(_NUMBERS.construct_yaml_int(node))


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
            if node.tag == FLOAT_TAG:  # YAML's own spellings: .inf, 1:30.5, 1_000.5
                value = float(_NUMBERS.construct_yaml_float(node))
            elif node.tag == INT_TAG:  # 0x1f, 1_000; through text, so a huge one is inf
                value = float(str(int_value(node)))
            else:
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
