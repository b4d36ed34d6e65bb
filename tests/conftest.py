"""Test-wide fixtures: every test gets its own data, config and cache folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point studyapp's data, config and cache folders into tmp_path.

    No test may read or write the developer's own folders, and the clock is never fixed
    unless a test fixes it.
    """
    home = tmp_path / "studyapp-home"
    monkeypatch.setenv("STUDYAPP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("STUDYAPP_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("STUDYAPP_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("STUDYAPP_NOW", raising=False)
    # The home screen waits a moment before computing due counts so the decks paint
    # first; in tests the counts follow at once, so waiting on workers covers them.
    monkeypatch.setattr("studyapp.tui.loading.FIRST_FRAME", 0.001)
    yield home
