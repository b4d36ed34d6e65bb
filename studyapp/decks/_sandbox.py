"""The `sandbox:` section of a deck: coding exercises and their case generators."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from typing import Any

from studyapp.decks._fields import item_head
from studyapp.model import SandboxCase, SandboxExercise, SandboxMistake
from studyapp.plainyaml import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    NULL_TAG,
    MappingNode,
    Node,
    Reporter,
    ScalarNode,
    SequenceNode,
    bool_value,
    check_tag,
    kind_name,
    mapping_fields,
    number,
    require,
    text,
    text_list,
)
from studyapp.suggest import did_you_mean

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
        "returns",
        "mistakes",
        "speed_case",
    }
)
MISTAKE_KEYS = frozenset({"id", "message", "code"})
TOLERANCE_KEYS = frozenset({"rtol", "atol"})


def _harness_names() -> Any:
    """studyapp/sandbox/harness/arguments.py, the harness's own lists of names.

    Read by location: importing it by name would import the sandbox package, which
    loading decks (and so starting the TUI) does not need.
    """
    path = Path(__file__).resolve().parent.parent / "sandbox" / "harness" / "arguments.py"
    spec = importlib.util.spec_from_file_location("studyapp_harness_arguments", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_HARNESS = _harness_names()
CASE_KEYS: frozenset[str] = frozenset(
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
        "lambda_",
        "constant_column",
        "constant_value",
        "zero_rows",
        "dtype",
    }
) | _HARNESS.MORE_ARGUMENTS | _HARNESS.MORE_CASE_PARAMETERS
"""Case generator parameters understood by the sandbox harness (`_more_cases` adds its
arguments, which a case may give, and the keys that shape them)."""
ARGUMENT_NAMES: frozenset[str] = _HARNESS.ARGUMENT_NAMES
"""Parameter names a reference function may take: the harness generates exactly these."""
_ITEM_EXAMPLE = "gradient"
"""A good exercise id, shown with the rule when an id is not valid."""


def _scalar_value(node: ScalarNode) -> Any:
    if node.tag == INT_TAG:
        return int(node.value.replace("_", ""), 0)
    if node.tag == BOOL_TAG:
        return bool_value(node)
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


def _code_start_line(node: Node) -> int:
    """1-based file line of the first line of a code block (block scalars start below `|`)."""
    line = int(node.start_mark.line) + 1
    return line + 1 if isinstance(node, ScalarNode) and node.style in ("|", ">") else line


def _check_code(
    node: Node | None,
    source: str | None,
    entry: str | None,
    report: Reporter,
    name: str,
    *,
    check_arguments: bool = False,
) -> bool:
    """Parse code without running it: syntax, the entry function, its argument names."""
    if node is None or source is None:
        return False
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        line = _code_start_line(node) + (error.lineno or 1) - 1
        report.at_line(line, 1, f"'{name}' is not valid Python: {error.msg}")
        return False
    if entry is None:
        return False
    functions = {item.name: item for item in tree.body if isinstance(item, ast.FunctionDef)}
    function = functions.get(entry)
    if function is None:
        report.at(
            node,
            f"'{name}' must define the entry function '{entry}'" + did_you_mean(entry, functions),
        )
        return False
    if check_arguments:
        arguments = function.args
        names = [arg.arg for arg in arguments.posonlyargs + arguments.args]
        unknown = [arg for arg in names if arg not in ARGUMENT_NAMES]
        if unknown or arguments.vararg or arguments.kwonlyargs:
            choices = ", ".join(sorted(ARGUMENT_NAMES))
            report.at_line(
                _code_start_line(node) + function.lineno - 1,
                function.col_offset + 1,
                f"the reference's parameters must be names the sandbox can generate "
                f"({choices}); cannot generate {', '.join(unknown) or 'varargs'}"
                + (did_you_mean(unknown[0], ARGUMENT_NAMES) if unknown else ""),
            )
            return False
    return True


def _mistakes(
    node: Node | None, entry: str | None, report: Reporter
) -> tuple[SandboxMistake, ...] | None:
    if node is None:
        return ()
    if not isinstance(node, SequenceNode) or not check_tag(node, report):
        report.at(
            node,
            f"'mistakes' must be a list of mappings with id, message and code, "
            f"not {kind_name(node)}",
        )
        return None
    found: list[SandboxMistake] = []
    ok = True
    for entry_node in node.value:
        if not isinstance(entry_node, MappingNode) or not check_tag(entry_node, report):
            report.at(entry_node, "each mistake must be a mapping with id, message and code")
            ok = False
            continue
        fields, ident, what = item_head(entry_node, MISTAKE_KEYS, report, "mistake", _ITEM_EXAMPLE)
        message = text(
            require(fields, "message", entry_node, report, what), report, "message", required=True
        )
        code_node = require(fields, "code", entry_node, report, what)
        code = text(code_node, report, "code", required=True)
        good = _check_code(code_node, code, entry, report, "code")
        if ident is None or message is None or code is None or not good:
            ok = False
            continue
        found.append(SandboxMistake(ident, message.strip(), code))
    return tuple(found) if ok else None


def read_exercise(node: MappingNode, report: Reporter) -> SandboxExercise | None:
    """One coding exercise from its mapping node (None after reporting problems).

    Code is parsed (never run) to report syntax errors at their line in the deck file, a
    missing entry function, and reference parameters the harness cannot generate.
    """
    fields, ident, what = item_head(node, EXERCISE_KEYS, report, "sandbox exercise", _ITEM_EXAMPLE)
    values = {
        key: text(require(fields, key, node, report, what), report, key, required=True)
        for key in ("title", "prompt", "entry", "starter", "reference")
    }
    entry_node = fields.get("entry", (None, None))[1]
    entry = values["entry"]
    if entry is not None and entry_node is not None and not entry.strip().isidentifier():
        report.at(entry_node, f"'entry' must be a Python function name, not '{entry}'")
        values["entry"] = None
    entry = values["entry"].strip() if values["entry"] else None
    code_ok = _check_code(
        fields.get("reference", (None, None))[1],
        values["reference"],
        entry,
        report,
        "reference",
        check_arguments=True,
    )
    code_ok = (
        _check_code(
            fields.get("starter", (None, None))[1], values["starter"], entry, report, "starter"
        )
        and code_ok
    )
    cases: list[SandboxCase] = []
    cases_node = fields.get("cases", (None, None))[1]
    if cases_node is None:
        report.at(node, f"{what} is missing required field 'cases' (at least one case)")
    elif isinstance(cases_node, SequenceNode) and check_tag(cases_node, report):
        for index, case_node in enumerate(cases_node.value):
            case = _case(case_node, report, index)
            if case is not None:
                cases.append(case)
        if not cases_node.value:
            report.at(cases_node, "'cases' needs at least one case")
    else:
        report.at(
            cases_node, f"'cases' must be a list of case mappings, not {kind_name(cases_node)}"
        )
    speed_case = None
    speed_node = fields.get("speed_case", (None, None))[1]
    if speed_node is not None:
        speed_case = _case(speed_node, report, 0)
        code_ok = code_ok and speed_case is not None
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
    timeout_node = fields.get("timeout", (None, None))[1]
    timeout = number(timeout_node, report, "timeout")
    if timeout is not None and timeout_node is not None and not 1 <= timeout <= 600:
        # The sandbox refuses any other limit (studyapp/sandbox/_child.py check_timeout).
        report.at(timeout_node, "'timeout' must be between 1 and 600 seconds")
        timeout = None
    tags = text_list(fields.get("tags", (None, None))[1], report, "tags", required=False)
    returns = text_list(fields.get("returns", (None, None))[1], report, "returns", required=False)
    mistakes = _mistakes(fields.get("mistakes", (None, None))[1], entry, report)
    if ident is None or any(value is None for value in values.values()):
        return None
    if not code_ok or mistakes is None or not cases:
        return None
    return SandboxExercise(
        id=ident,
        title=values["title"] or "",
        prompt=values["prompt"] or "",
        entry=entry or "",
        starter=values["starter"] or "",
        reference=values["reference"] or "",
        cases=tuple(cases),
        rtol=rtol,
        atol=atol,
        hints=hints or (),
        timeout=timeout,
        tags=tags or (),
        line=int(node.start_mark.line) + 1,
        returns=tuple(name.strip() for name in returns or ()),
        mistakes=tuple((m.id, m.message, m.code) for m in mistakes),
        speed_case=None if speed_case is None else (speed_case.name, speed_case.params),
    )
