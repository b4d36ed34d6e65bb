"""The layers of DESIGN.md: headless modules never import Textual; only the sandbox child imports numpy."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import studyapp

HEADLESS_PREFIXES = (
    "studyapp.model",
    "studyapp.decks",
    "studyapp.scheduling",
    "studyapp.grading",
    "studyapp.store",
    "studyapp.session",
    "studyapp.sandbox",
    "studyapp.config",
    "studyapp.context",
    "studyapp.cli",
    "studyapp.commands",
    "studyapp.drill",
)
NUMPY_ALLOWED = (
    "studyapp.sandbox.harness",
    "studyapp.sandbox._harness",
    "studyapp.sandbox.child",
    # The drill's training modules; its package and settings stay NumPy-free (tested below).
    "studyapp.drill.data",
    "studyapp.drill.metrics",
    "studyapp.drill.train",
    "studyapp.drill.lab",
)


def _modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(studyapp.__path__, prefix="studyapp.")
        if not info.name.startswith("studyapp.tui")
    ]
    return sorted(names)


@pytest.mark.parametrize("module", [m for m in _modules() if m.startswith(HEADLESS_PREFIXES)])
def test_headless_module_imports_neither_textual_nor_numpy(module: str) -> None:
    code = (
        "import sys, importlib\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'numpy'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    found = set(filter(None, result.stdout.strip().split(",")))
    if module.startswith(NUMPY_ALLOWED):
        found.discard("numpy")
    assert not found, f"{module} imports {found}"


def test_tui_start_does_not_import_numpy_or_sandbox() -> None:
    code = (
        "import sys\n"
        "from studyapp.tui.app import StudyApp\n"
        "from studyapp.tui.screens.home import HomeScreen\n"
        "print(sorted(m for m in sys.modules if m == 'numpy' or m.startswith(\n"
        "    ('studyapp.sandbox', 'studyapp.drill'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
