"""Snapshots of the concept drill and a lab scenario with its symptom (SVGs in __snapshots__)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from studyapp.context import Context
from studyapp.drill.settings import DrillSettings
from studyapp.paths import resolve_locations
from studyapp.tui.app import StudyApp
from studyapp.tui.screens.lab import LabScreen
from tests.tui_support import NOW, settle

SIZE = (110, 34)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    monkeypatch.setattr(LabScreen, "clock", staticmethod(lambda: 1000.0))


def app_with_lab(tmp_path: Path, drill: DrillSettings | None = None) -> StudyApp:
    content = tmp_path / "lab-content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "failure-modes.yaml", content)
    return StudyApp(Context(replace(resolve_locations(), bundled_content=content)), drill=drill)


def test_drill(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        await pilot.press("down")  # the iterations control and its note
        await pilot.pause()

    app = app_with_lab(tmp_path, DrillSettings("overlapping", iters=300, split="holdout"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_lab_scenario_symptom(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app: StudyApp = pilot.app  # type: ignore[assignment]
        await settle(app, pilot)
        app.open_lab("failure-modes", "lr-too-large")
        await pilot.pause()
        await pilot.press("s")
        await settle(app, pilot)

    assert snap_compare(app_with_lab(tmp_path), terminal_size=(110, 44), run_before=run_before)
