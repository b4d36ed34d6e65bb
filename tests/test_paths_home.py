"""STUDYAPP_HOME keeps data, config and cache in one folder; specific overrides still win."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.paths import resolve_locations


@pytest.fixture
def only_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("STUDYAPP_DATA_DIR", "STUDYAPP_CONFIG_DIR", "STUDYAPP_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "all-of-studyapp"
    monkeypatch.setenv("STUDYAPP_HOME", str(home))
    return home


def test_one_switch_puts_every_folder_in_one_place(
    only_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = resolve_locations()
    assert (where.data, where.config, where.cache) == (
        only_home / "data", only_home / "config", only_home / "cache"
    )
    assert where.database.is_relative_to(only_home)
    assert where.config_file == only_home / "config" / "config.yaml"
    assert run(["locate"]) == 0
    out = capsys.readouterr().out
    assert str(only_home / "config") in out and str(only_home / "cache") in out


def test_a_specific_override_wins_over_the_home_folder(
    only_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYAPP_CACHE_DIR", str(tmp_path / "fast-disk"))
    where = resolve_locations(tmp_path / "given")
    assert where.cache == tmp_path / "fast-disk"
    assert where.data == tmp_path / "given"
    assert where.config == only_home / "config"
