"""Reading config.yaml's YAML into Settings, every problem reported with its position.

Kept apart from `studyapp.config` so that a run without a config file never imports YAML.
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType

from studyapp.config import (
    _KEYS,
    MAX_BOXES,
    MAX_INTERVAL_DAYS,
    MAX_NEW_PER_DAY,
    ON_WRONG_CHOICES,
    SANDBOX_TIMEOUT_RANGE,
    OnWrong,
    Settings,
    default_intervals,
)
from studyapp.model import Problem
from studyapp.plainyaml import (
    BOOL_TAG,
    INT_TAG,
    NULL_TAG,
    MappingNode,
    Node,
    Reporter,
    ScalarNode,
    SequenceNode,
    bool_value,
    check_tag,
    compose,
    decode,
    kind_name,
    mapping_fields,
    number,
)

_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)\Z")


def parse_settings(data: bytes, path: str) -> Settings:
    """Settings from the bytes of a config file shown as `path` in messages.

    Every problem is kept in `Settings.problems` (sorted by position) and the default of
    each bad key is used; a file that cannot be parsed at all means every default.
    """
    report = Reporter(path)

    def defaults() -> Settings:
        return Settings(path=path, problems=_sorted(report.problems))

    text = decode(data, report)
    if text is None:
        return defaults()
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return Settings(path=path)
    node = compose(text, report)
    if node is None:
        return defaults()
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return Settings(path=path)
    if not isinstance(node, MappingNode) or not check_tag(node, report):
        if not report.problems:
            report.at(node, f"the settings must be a mapping of keys, not {kind_name(node)}")
        return defaults()
    settings = _read(node, report, path)
    return replace(settings, problems=_sorted(report.problems))


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    """Problems in file order."""
    return tuple(sorted(problems, key=lambda p: (p.line, p.column)))


def _read(node: MappingNode, report: Reporter, path: str) -> Settings:
    """Read every known key; problems go to `report`."""
    fields = mapping_fields(node, _KEYS, report, "config.yaml")
    values: dict[str, object] = {}

    def value(key: str) -> Node | None:
        pair = fields.get(key)
        return pair[1] if pair else None

    boxes = _integer(value("boxes"), report, "boxes", minimum=2, maximum=MAX_BOXES)
    intervals = _intervals(value("intervals"), report)
    if boxes is not None and intervals is not None and len(intervals) != boxes:
        report.at(
            fields["intervals"][1],
            f"'intervals' has {len(intervals)} entries but 'boxes' is {boxes}: "
            "give one interval (in days) per box",
        )
    elif intervals is not None:
        if not 2 <= len(intervals) <= MAX_BOXES:
            report.at(fields["intervals"][1], f"'intervals' needs 2 to {MAX_BOXES} entries")
        else:
            values["boxes"], values["intervals"] = len(intervals), intervals
    elif boxes is not None:
        values["boxes"], values["intervals"] = boxes, default_intervals(boxes)
    on_wrong = _choice(value("on_wrong"), report, "on_wrong", ON_WRONG_CHOICES)
    if on_wrong is not None:
        values["on_wrong"] = on_wrong
    new_per_day = _integer(
        value("new_per_day"), report, "new_per_day", minimum=0, maximum=MAX_NEW_PER_DAY
    )
    if new_per_day is not None:
        values["new_per_day"] = new_per_day
    day_start = _clock(value("day_starts_at"), report)
    if day_start is not None:
        values["day_starts_at"] = day_start
    tier_gating = _boolean(value("tier_gating"), report, "tier_gating")
    if tier_gating is not None:
        values["tier_gating"] = tier_gating
    relearn = _boolean(value("relearn_in_session"), report, "relearn_in_session")
    if relearn is not None:
        values["relearn_in_session"] = relearn
    theme = _string(value("theme"), report, "'theme'")
    if theme is not None:
        values["theme"] = theme
    keymap = _keymap(value("keymap"), report)
    if keymap is not None:
        values["keymap"] = MappingProxyType(keymap)
    timeout = number(value("sandbox_timeout"), report, "sandbox_timeout")
    low, high = SANDBOX_TIMEOUT_RANGE
    if timeout is not None and not low <= timeout <= high:
        report.at(
            fields["sandbox_timeout"][1],
            f"'sandbox_timeout' must be from {low:g} to {high:g} seconds, not {timeout:g}",
        )
    elif timeout is not None:
        values["sandbox_timeout"] = timeout
    return Settings(path=path, **values)  # type: ignore[arg-type]


def _scalar(node: Node, report: Reporter) -> bool:
    """True for a non-null scalar with a core tag."""
    return isinstance(node, ScalarNode) and node.tag != NULL_TAG and check_tag(node, report)


def _integer(
    node: Node | None, report: Reporter, name: str, *, minimum: int, maximum: int | None = None
) -> int | None:
    """A whole number within bounds, or None (reported unless missing)."""
    if node is None:
        return None
    if not _scalar(node, report) or node.tag != INT_TAG:
        report.at(node, f"'{name}' must be a whole number, not {kind_name(node)}")
        return None
    try:
        result = int(str(node.value).replace("_", ""), 10)
    except ValueError:
        report.at(node, f"'{name}' must be a whole number written in decimal")
        return None
    if result < minimum or (maximum is not None and result > maximum):
        bound = f"at least {minimum}" + (f" and at most {maximum}" if maximum is not None else "")
        report.at(node, f"'{name}' must be {bound}, not {result}")
        return None
    return result


def _intervals(node: Node | None, report: Reporter) -> tuple[int, ...] | None:
    """A list of positive whole numbers of days."""
    if node is None:
        return None
    if not isinstance(node, SequenceNode) or not check_tag(node, report):
        report.at(
            node, f"'intervals' must be a list of days like [1, 2, 4, 8, 16], not {kind_name(node)}"
        )
        return None
    days = [
        _integer(entry, report, "intervals entry", minimum=1, maximum=MAX_INTERVAL_DAYS)
        for entry in node.value
    ]
    if any(day is None for day in days):
        return None
    return tuple(day for day in days if day is not None)


def _choice(
    node: Node | None, report: Reporter, name: str, choices: tuple[OnWrong, ...]
) -> OnWrong | None:
    """One of `choices`."""
    if node is None:
        return None
    if _scalar(node, report):
        for choice in choices:
            if node.value == choice:
                return choice
    shown = " or ".join(choices)
    got = f"'{node.value}'" if isinstance(node, ScalarNode) else kind_name(node)
    report.at(node, f"'{name}' must be {shown}, not {got}")
    return None


def _clock(node: Node | None, report: Reporter) -> str | None:
    """An "HH:MM" time of day, normalised to two-digit hours."""
    if node is None:
        return None
    # YAML 1.1 reads an unquoted 04:00 as a sexagesimal int; its source text is still "04:00".
    raw = str(node.value) if _scalar(node, report) else ""
    match = _CLOCK.match(raw)
    if match is None:
        report.at(node, "'day_starts_at' must be a time of day like \"04:00\" (24-hour HH:MM)")
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _boolean(node: Node | None, report: Reporter, name: str) -> bool | None:
    """true or false."""
    if node is None:
        return None
    if _scalar(node, report) and node.tag == BOOL_TAG:
        return bool_value(node)
    report.at(node, f"'{name}' must be true or false, not {kind_name(node)}")
    return None


def _string(node: Node | None, report: Reporter, subject: str) -> str | None:
    """A non-empty piece of text; `subject` names it in a message ("'theme'")."""
    if node is None:
        return None
    if not _scalar(node, report):
        report.at(node, f"{subject} must be non-empty text, not {kind_name(node)}")
        return None
    if not str(node.value).strip():
        report.at(node, f"{subject} must not be empty")
        return None
    return str(node.value)


def _keymap(node: Node | None, report: Reporter) -> dict[str, str] | None:
    """A mapping of binding id -> key text (the keys are checked by the TUI)."""
    if node is None:
        return None
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return {}
    if not isinstance(node, MappingNode) or not check_tag(node, report):
        report.at(node, f"'keymap' must map binding ids to keys, not {kind_name(node)}")
        return None
    keymap: dict[str, str] = {}
    for key_node, value_node in node.value:
        key = _string(key_node, report, "a binding id in 'keymap'")
        subject = f"the key for '{key}' in 'keymap'" if key is not None else "a key in 'keymap'"
        key_text = _string(value_node, report, subject)
        if key is None or key_text is None:
            continue
        if key in keymap:
            report.at(key_node, f"binding '{key}' is given twice in 'keymap'")
            continue
        keymap[key] = key_text
    return keymap
