"""Reading the `steps` of a reorder exercise, with `{any_order: [...]}` groups."""

from __future__ import annotations

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
    text,
)

GROUP_KEY = "any_order"
_GROUP_KEYS = frozenset({GROUP_KEY})
MIN_STEPS = 3
MIN_GROUP = 2

Steps = tuple[tuple[str, ...], tuple[tuple[int, int], ...]]
"""The flattened steps in a correct order, and the spans of `any_order` groups."""


def read_steps(node: Node, report: Reporter) -> Steps | None:
    """The steps of a reorder exercise (None after reporting a problem).

    An entry is a step (text) or `{any_order: [step, step, ...]}`: two or more steps that
    fill consecutive positions in any order among themselves.
    """
    if not check_tag(node, report):
        return None
    if not isinstance(node, SequenceNode):
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            report.at(node, "'steps' must not be empty")
        else:
            report.at(
                node,
                f"'steps' must be a list of text, not {kind_name(node)} "
                "(write it as a list: steps: [...] or one '- ' line per step)",
            )
        return None
    steps: list[str] = []
    nodes: list[Node] = []
    groups: list[tuple[int, int]] = []
    ok = True
    for entry in node.value:
        if isinstance(entry, MappingNode):
            members = _group(entry, report) if check_tag(entry, report) else None
            if members is None:
                ok = False
                continue
            groups.append((len(steps), len(steps) + len(members)))
            for member_node, member in members:
                steps.append(member)
                nodes.append(member_node)
            continue
        value = text(entry, report, "steps entry", required=True)
        if value is None:
            ok = False
        else:
            steps.append(value)
            nodes.append(entry)
    if not ok:
        return None
    if len(steps) < MIN_STEPS:
        report.at(node, f"'steps' needs at least {MIN_STEPS} steps, got {len(steps)}")
        return None
    if len(groups) == 1 and groups[0] == (0, len(steps)):
        report.at(
            node,
            f"every step is in one '{GROUP_KEY}' group, so any order is right: "
            "keep at least one step or group outside it",
        )
        return None
    seen: dict[str, int] = {}
    for index, step in enumerate(steps):
        key = step.strip()
        if key in seen:
            report.at(
                nodes[index],
                f"step {index + 1} repeats step {seen[key] + 1}: steps must be distinct",
            )
            ok = False
        else:
            seen[key] = index
    return (tuple(steps), tuple(groups)) if ok else None


def _group(node: MappingNode, report: Reporter) -> list[tuple[Node, str]] | None:
    """The members of one `{any_order: [...]}` entry, with their nodes."""
    fields = mapping_fields(node, _GROUP_KEYS, report, "a steps entry")
    if GROUP_KEY not in fields:
        if not node.value:
            report.at(node, f"a steps entry must be text or {{{GROUP_KEY}: [step, step, ...]}}")
        return None
    value = fields[GROUP_KEY][1]
    if len(node.value) != 1:
        return None  # the other keys were reported as unknown
    if not check_tag(value, report):
        return None
    if not isinstance(value, SequenceNode):
        report.at(value, f"'{GROUP_KEY}' must be a list of steps, not {kind_name(value)}")
        return None
    if len(value.value) < MIN_GROUP:
        got = "an empty list" if not value.value else "one step"
        report.at(
            value,
            f"'{GROUP_KEY}' needs at least {MIN_GROUP} steps, got {got}: "
            "a single step is written as a plain step",
        )
        return None
    members: list[tuple[Node, str]] = []
    ok = True
    for entry in value.value:
        if isinstance(entry, MappingNode):
            report.at(entry, f"'{GROUP_KEY}' groups cannot be nested: list the steps directly")
            ok = False
            continue
        member = text(entry, report, f"{GROUP_KEY} entry", required=True)
        if member is None:
            ok = False
        else:
            members.append((entry, member))
    return members if ok else None
