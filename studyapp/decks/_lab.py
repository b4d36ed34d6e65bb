"""The `lab:` section of a deck: failure-mode scenarios run by the drill."""

from __future__ import annotations

import math
from collections.abc import Callable

from studyapp.decks._fields import item_head
from studyapp.model import LAB_DATASETS, LabScenario
from studyapp.plainyaml import (
    BOOL_TAG,
    INT_TAG,
    MappingNode,
    Node,
    Reporter,
    ScalarNode,
    bool_value,
    check_tag,
    int_value,
    kind_name,
    mapping_fields,
    number,
    require,
    text,
    text_list,
)
from studyapp.suggest import did_you_mean

SCENARIO_KEYS = frozenset(
    {"id", "title", "prompt", "setup", "probe", "choices", "answer", "explanation", "tags"}
)
SETUP_KEYS = frozenset(
    {"dataset", "alpha", "iters", "scale", "class_weight", "weights", "threshold", "split", "l2"}
)
DATASETS = LAB_DATASETS
"""Data set names a setup may use (the drill's, studyapp.drill.settings.DATASETS)."""
PROBES = (
    "diverging-loss",
    "unscaled-overflow",
    "naive-log-nan",
    "useless-recall",
    "growing-weights",
    "zero-std",
)
"""Measurements the lab knows how to make (kept equal to studyapp.drill.lab's by a test)."""
_CHOICES = {"class_weight": ("none", "balanced", "custom"), "split": ("none", "holdout")}
_RANGES: dict[str, tuple[Callable[[float], bool], str]] = {
    "threshold": (lambda value: not 0 <= value <= 1, "'threshold' must be between 0 and 1"),
    "l2": (lambda value: value < 0, "'l2' must not be negative (0 means no penalty)"),
}
"""Values a setting may not take (alpha's `> 0` is number()'s), and the message saying so."""
_ITEM_EXAMPLE = "lr-too-large"
"""A good scenario id, shown with the rule when an id is not valid."""


def _word(node: Node, report: Reporter, name: str, allowed: tuple[str, ...]) -> str | None:
    value = text(node, report, name, required=True)
    if value is None:
        return None
    if value not in allowed:
        report.at(
            node,
            f"'{name}' must be one of {', '.join(allowed)}, not '{value}'"
            + did_you_mean(value, allowed),
        )
        return None
    return value


def _weight_pair(weights: tuple[str, ...]) -> tuple[float, float] | None:
    """Two finite numbers > 0 (the drill refuses others when the scenario opens)."""
    try:
        pair = tuple(float(weight) for weight in weights)
    except ValueError:
        return None
    if len(pair) != 2 or not all(math.isfinite(w) and w > 0 for w in pair):
        return None
    return pair[0], pair[1]


def _setup(node: Node, report: Reporter) -> str | None:
    """The setup mapping as the drill's short settings text, or None after reporting."""
    if not check_tag(node, report):
        return None
    if not isinstance(node, MappingNode):
        report.at(node, f"'setup' must be a mapping (dataset, alpha, ...), not {kind_name(node)}")
        return None
    fields = mapping_fields(node, SETUP_KEYS, report, "a lab setup")
    dataset_node = require(fields, "dataset", node, report, "the lab setup")
    dataset = None if dataset_node is None else _word(dataset_node, report, "dataset", DATASETS)
    parts: dict[str, str] = {}
    ok = dataset is not None
    for key in ("alpha", "l2", "threshold"):
        if key in fields:
            value = number(fields[key][1], report, key, positive=key == "alpha")
            out_of_range = _RANGES.get(key)
            if value is None or (out_of_range is not None and out_of_range[0](value)):
                if value is not None and out_of_range is not None:
                    report.at(fields[key][1], out_of_range[1])
                ok = False
            else:
                parts[{"alpha": "a", "l2": "l2", "threshold": "t"}[key]] = f"{value:g}"
    if "iters" in fields:
        iters_node = fields["iters"][1]
        if isinstance(iters_node, ScalarNode) and iters_node.tag == INT_TAG and (
            1 <= int_value(iters_node) <= 100_000
        ):
            parts["it"] = str(int_value(iters_node))
        else:
            report.at(iters_node, "'iters' must be a whole number from 1 to 100000")
            ok = False
    if "scale" in fields:
        scale_node = fields["scale"][1]
        if isinstance(scale_node, ScalarNode) and scale_node.tag == BOOL_TAG:
            on = bool_value(scale_node)
            parts["scale"] = "on" if on else "off"
        else:
            report.at(scale_node, "'scale' must be true or false")
            ok = False
    for key, allowed in _CHOICES.items():
        if key in fields:
            value_text = _word(fields[key][1], report, key, allowed)
            ok = ok and value_text is not None
            parts[{"class_weight": "cw", "split": "split"}[key]] = str(value_text)
    if "weights" in fields:
        weights = text_list(fields["weights"][1], report, "weights", required=True)
        pair = None if weights is None else _weight_pair(weights)
        if pair is None:
            if weights is not None:  # else text_list said what is wrong
                report.at(
                    fields["weights"][1],
                    "'weights' must be two numbers > 0: [negative, positive]",
                )
            ok = False
        else:
            parts["w"] = f"{pair[0]:g},{pair[1]:g}"
    if not ok:
        return None
    # The drill's own order (DrillSettings.to_text), so equal setups read the same.
    order = ("a", "it", "scale", "cw", "w", "t", "split", "l2")
    return " ".join([str(dataset), *(f"{key}={parts[key]}" for key in order if key in parts)])


def read_scenario(node: MappingNode, report: Reporter) -> LabScenario | None:
    """One lab scenario, validated; None after reporting its problems."""
    fields, ident, what = item_head(node, SCENARIO_KEYS, report, "lab scenario", _ITEM_EXAMPLE)
    title = text(require(fields, "title", node, report, what), report, "title", required=True)
    prompt = text(require(fields, "prompt", node, report, what), report, "prompt", required=True)
    setup_node = require(fields, "setup", node, report, what)
    setup = None if setup_node is None else _setup(setup_node, report)
    probe_node = require(fields, "probe", node, report, what)
    probe = None if probe_node is None else _word(probe_node, report, "probe", PROBES)
    choices_node = require(fields, "choices", node, report, what)
    choices = text_list(choices_node, report, "choices", required=True)
    if choices is not None and choices_node is not None and not 3 <= len(choices) <= 4:
        report.at(choices_node, f"'choices' needs 3 or 4 remedies, got {len(choices)}")
        choices = None
    answer_node = require(fields, "answer", node, report, what)
    answer = None
    if answer_node is not None:
        if isinstance(answer_node, ScalarNode) and answer_node.tag == INT_TAG:
            answer = int_value(answer_node)
            if choices is not None and not 1 <= answer <= len(choices):
                report.at(answer_node, f"'answer' must be a choice number from 1 to {len(choices)}")
                answer = None
        else:
            report.at(answer_node, "'answer' must be the number of the right choice (1 = first)")
    explanation = text(
        require(fields, "explanation", node, report, what), report, "explanation", required=True
    )
    tags = text_list(fields.get("tags", (None, None))[1], report, "tags", required=False)
    if (
        ident is None
        or title is None
        or prompt is None
        or setup is None
        or probe is None
        or choices is None
        or answer is None
        or explanation is None
    ):
        return None
    return LabScenario(
        ident,
        title,
        prompt,
        setup,
        probe,
        choices,
        answer - 1,
        explanation,
        tags or (),
        int(node.start_mark.line) + 1,
    )
