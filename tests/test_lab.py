"""Lab items in the deck format, the bundled failure-mode scenarios and `studyapp lab`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.cli import run as cli_run
from studyapp.decks import _lab, load_file
from studyapp.drill import lab, settings
from studyapp.drill.settings import DrillSettings
from studyapp.model import ItemKind, LabScenario
from tests.helpers import deck_of, problems_of

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "content" / "failure-modes.yaml"

LAB_DECK = """\
deck:
  id: lab-demo
  title: Lab demo
lab:
  - id: too-fast
    title: Too fast
    prompt: Watch the loss.
    setup: {dataset: overlapping, alpha: 30, iters: 50, scale: true, class_weight: none,
            threshold: 0.5, split: holdout}
    probe: diverging-loss
    choices: [Lower alpha, Train longer, Add features]
    answer: 1
    explanation: Steps overshoot.
"""


def bundled() -> list[LabScenario]:
    deck, problems = load_file(str(BUNDLED))
    assert problems == [] and deck is not None
    return list(deck.lab)


def test_lab_item_parses_into_a_scenario(tmp_path: Path) -> None:
    deck = deck_of(tmp_path, LAB_DECK)
    (scenario,) = deck.lab
    assert scenario.kind is ItemKind.LAB
    assert scenario.setup == "overlapping a=30 it=50 scale=on cw=none t=0.5 split=holdout"
    assert scenario.answer == 0 and scenario.choices[0] == "Lower alpha"
    assert deck.catalog().ids_by_kind()[ItemKind.LAB] == ("too-fast",)
    assert deck.counts()["lab"] == 1 and deck.size == 1


def test_lab_items_survive_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "lab.yaml"
    path.write_text(LAB_DECK, encoding="utf-8")
    first, _ = load_file(str(path), tmp_path / "cache")
    again, problems = load_file(str(path), tmp_path / "cache")
    assert problems == [] and again == first
    from studyapp.decks import load_catalog

    catalog, _ = load_catalog(str(path), tmp_path / "cache")
    assert catalog is not None and catalog.lab == ("too-fast",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("probe: diverging-loss", "probe: diverging"), "'probe' must be one of"),
        (("answer: 1", "answer: 4"), "'answer' must be a choice number from 1 to 3"),
        (("[Lower alpha, Train longer, Add features]", "[Lower alpha, Train longer]"), "3 or 4 remedies"),
        (("dataset: overlapping", "dataset: iris"), "'dataset' must be one of"),
        (("alpha: 30", "alpha: -3"), "'alpha' must be greater than 0"),
        (("iters: 50", "iters: many"), "'iters' must be a whole number"),
        (("threshold: 0.5", "threshold: 1.5"), "'threshold' must be between 0 and 1"),
        (("    explanation: Steps overshoot.\n", ""), "missing required field 'explanation'"),
    ],
)
def test_bad_lab_items_are_reported(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = LAB_DECK.replace(*change)
    assert text != LAB_DECK
    problems = problems_of(tmp_path, text)
    assert any(message in problem.message for problem in problems), problems
    assert all(problem.line > 0 for problem in problems)


def test_format_names_match_the_drill() -> None:
    assert _lab.DATASETS == settings.DATASETS
    assert set(_lab.PROBES) == set(lab.PROBES)


def test_bundled_deck_has_the_six_failure_modes() -> None:
    scenarios = bundled()
    assert {s.probe for s in scenarios} >= set(lab.PROBES)
    for scenario in scenarios:
        DrillSettings.from_text(scenario.setup)
        assert 3 <= len(scenario.choices) <= 4


@pytest.mark.parametrize("scenario", bundled(), ids=lambda s: s.id)
def test_each_scenario_produces_its_symptom(scenario: LabScenario) -> None:
    outcome = lab.run_scenario(scenario)
    assert outcome.shown, outcome.symptom
    numbers = outcome.numbers
    if scenario.probe == "diverging-loss":
        assert numbers["first_loss"] > lab.LN2 and numbers["rises"] > 10
        assert numbers["fixed_final_loss"] < numbers["final_loss"]
    elif scenario.probe == "unscaled-overflow":
        assert numbers["naive_loss_bad_from"] is not None
        assert numbers["slow_final_loss"] > 0.6 > numbers["scaled_final_loss"]
    elif scenario.probe == "naive-log-nan":
        assert numbers["naive_loss_nan_from"] is not None and numbers["largest_logit"] > 36.7
        assert numbers["stable_final_loss"] < 0.1
    elif scenario.probe == "useless-recall":
        assert numbers["accuracy"] > 0.94 and numbers["recall"] < 0.3
        assert numbers["balanced_recall"] > 0.7 and numbers["threshold_0_1_recall"] > numbers["recall"]
    elif scenario.probe == "growing-weights":
        norms = numbers["weight_norms"]
        assert norms == sorted(norms) and norms[-1] > norms[0] + 1
        assert numbers["l2_weight_norm"] < norms[0]
    elif scenario.probe == "zero-std":
        assert numbers["nan_columns"] and numbers["loss_nan_from"] == 1
        assert numbers["guarded_final_loss"] < 0.5


def test_cli_lab_list_and_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_run(["lab", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"id": "lr-too-large", "title": "Learning rate far too large", "deck": "failure-modes"} in listed
    assert cli_run(["lab", "run", "class-imbalance", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["id"] == "class-imbalance"
    assert "recall" in report["symptom"] and report["numbers"]["recall"] < 0.3
    assert cli_run(["lab", "run", "class-imbalanse"]) == 2
    assert "did you mean 'class-imbalance'" in capsys.readouterr().err
