"""The `sandbox:` section of a deck: coding exercises and their case generators."""

from __future__ import annotations

from typing import Any

from studyapp.decks._fields import (
    ITEM_ID,
    item_id,
    mapping_fields,
    number,
    require,
    text,
    text_list,
)
from studyapp.decks._yaml import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    NULL_TAG,
    MappingNode,
    Node,
    Reporter,
    ScalarNode,
    SequenceNode,
    check_tag,
    kind_name,
)
from studyapp.model import SandboxCase, SandboxExercise

EXERCISE_KEYS = frozenset(
    {
        "id",
        "title",
        "prompt",
        "entry",
        "starter",
        "reference",
        "cases",
        "tolerance",
        "hints",
        "timeout",
        "tags",
    }
)
TOLERANCE_KEYS = frozenset({"rtol", "atol"})
CASE_KEYS = frozenset(
    {
        "name",
        "seed",
        "m",
        "n",
        "feature_scale",
        "weight_scale",
        "bias",
        "logit_scale",
        "positive_rate",
        "alpha",
        "num_iters",
        "class_weight",
        "z",
        "shape",
        "threshold",
    }
)
"""Case generator parameters understood by the sandbox harness."""
_ITEM_ID_RULE = "use letters, digits, '-', '_' or '.' (e.g. gradient)"


def _scalar_value(node: ScalarNode) -> Any:
    if node.tag == INT_TAG:
        return int(node.value.replace("_", ""), 0)
    if node.tag == BOOL_TAG:
        return node.value.lower() in ("true", "yes", "on", "y")
    if node.tag == NULL_TAG:
        return None
    try:
        return (
            float(node.value) if node.tag == FLOAT_TAG or "e" in node.value.lower() else node.value
        )
    except ValueError:
        return node.value


def _param(node: Node, report: Reporter, name: str) -> tuple[bool, Any]:
    if isinstance(node, ScalarNode):
        if not check_tag(node, report):
            return False, None
        try:
            return True, _scalar_value(node)
        except ValueError:
            report.at(node, f"case parameter '{name}' is not a valid number")
            return False, None
    if isinstance(node, SequenceNode) and check_tag(node, report):
        values = []
        for entry in node.value:
            ok, value = _param(entry, report, name)
            if not ok:
                return False, None
            values.append(value)
        return True, values
    report.at(node, f"case parameter '{name}' must be a number or a list, not {kind_name(node)}")
    return False, None


def _case(node: Node, report: Reporter, index: int) -> SandboxCase | None:
    if not isinstance(node, MappingNode) or not check_tag(node, report):
        report.at(node, "each case must be a mapping with a 'name' and generator parameters")
        return None
    fields = mapping_fields(node, CASE_KEYS, report, "a sandbox case")
    name = text(fields.get("name", (None, None))[1], report, "name", required=True)
    params: dict[str, Any] = {}
    ok = True
    for key, (_, value_node) in fields.items():
        if key == "name":
            continue
        good, value = _param(value_node, report, key)
        ok = ok and good
        params[key] = value
    if not ok:
        return None
    return SandboxCase(name or f"case {index + 1}", params)


def read_exercise(node: MappingNode, report: Reporter) -> SandboxExercise | None:
    """One coding exercise from its mapping node (None after reporting problems)."""
    fields = mapping_fields(node, EXERCISE_KEYS, report, "a sandbox exercise")
    ident = item_id(
        require(fields, "id", node, report, "this sandbox exercise"), report, ITEM_ID, _ITEM_ID_RULE
    )
    what = f"sandbox exercise '{ident}'" if ident else "this sandbox exercise"
    values = {
        key: text(require(fields, key, node, report, what), report, key, required=True)
        for key in ("title", "prompt", "entry", "starter", "reference")
    }
    entry_node = fields.get("entry", (None, None))[1]
    entry = values["entry"]
    if entry is not None and entry_node is not None and not entry.strip().isidentifier():
        report.at(entry_node, f"'entry' must be a Python function name, not '{entry}'")
        values["entry"] = None
    cases: list[SandboxCase] = []
    cases_node = fields.get("cases", (None, None))[1]
    if cases_node is not None:
        if isinstance(cases_node, SequenceNode) and check_tag(cases_node, report):
            for index, case_node in enumerate(cases_node.value):
                case = _case(case_node, report, index)
                if case is not None:
                    cases.append(case)
        else:
            report.at(
                cases_node, f"'cases' must be a list of case mappings, not {kind_name(cases_node)}"
            )
    rtol, atol = 1e-6, 1e-9
    tolerance_node = fields.get("tolerance", (None, None))[1]
    if tolerance_node is not None:
        if isinstance(tolerance_node, MappingNode) and check_tag(tolerance_node, report):
            tol = mapping_fields(tolerance_node, TOLERANCE_KEYS, report, "the tolerance")
            rtol = number(tol.get("rtol", (None, None))[1], report, "rtol") or rtol
            atol = number(tol.get("atol", (None, None))[1], report, "atol") or atol
        else:
            report.at(tolerance_node, "'tolerance' must be a mapping with rtol and/or atol")
    hints = text_list(fields.get("hints", (None, None))[1], report, "hints", required=False)
    timeout = number(fields.get("timeout", (None, None))[1], report, "timeout")
    tags = text_list(fields.get("tags", (None, None))[1], report, "tags", required=False)
    if ident is None or any(value is None for value in values.values()):
        return None
    return SandboxExercise(
        id=ident,
        title=values["title"] or "",
        prompt=values["prompt"] or "",
        entry=(values["entry"] or "").strip(),
        starter=values["starter"] or "",
        reference=values["reference"] or "",
        cases=tuple(cases),
        rtol=rtol,
        atol=atol,
        hints=hints or (),
        timeout=timeout,
        tags=tags or (),
        line=int(node.start_mark.line) + 1,
    )
