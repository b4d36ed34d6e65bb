"""A plain (non-editable) wheel ships the bundled decks and finds them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_the_content_folder(tmp_path: Path) -> None:
    # hatchling is in the test extra: run it with this interpreter, so it cannot be skipped.
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("studyapp-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {name for name in names if name.startswith("studyapp/_content/")}
    expected = {
        f"studyapp/_content/{p.relative_to(ROOT / 'content').as_posix()}"
        for p in (ROOT / "content").rglob("*.yaml")
    }
    assert expected and expected <= shipped
    assert "studyapp/tui/app.tcss" in names
    assert "studyapp/drill/data/breast_cancer.csv" in names
    assert "studyapp/drill/data/SOURCE.md" in names


def test_installed_layout_prefers_the_shipped_folder(tmp_path: Path) -> None:
    # Lay the package out as a wheel installs it and check discovery from there.
    site = tmp_path / "site"
    shutil.copytree(
        ROOT / "studyapp", site / "studyapp", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "content", site / "studyapp" / "_content")
    code = "from studyapp.paths import bundled_content_dir; print(bundled_content_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == str(site / "studyapp" / "_content")
