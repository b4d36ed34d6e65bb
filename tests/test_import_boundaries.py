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
        "print(sorted(m for m in sys.modules if m in ('numpy', 'plotext', 'textual_plotext')\n"
        "    or m.startswith(('studyapp.sandbox', 'studyapp.drill'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_home_up_and_counted_has_not_loaded_numpy_or_the_drill() -> None:
    # The app really starts (headless), loads the bundled decks and counts what is due.
    code = (
        "import asyncio, sys\n"
        "from studyapp.context import Context\n"
        "from studyapp.tui.app import StudyApp\n"
        "async def main():\n"
        "    app = StudyApp(Context.create())\n"
        "    async with app.run_test() as pilot:\n"
        "        for _ in range(200):\n"
        "            await app.workers.wait_for_complete()\n"
        "            await pilot.pause()\n"
        "            if app.overviews is not None:\n"
        "                break\n"
        "        assert app.overviews is not None and app.content is not None\n"
        "        assert any(deck.lab for deck in app.content.decks)\n"
        "    print(sorted(m for m in sys.modules if m in ('numpy', 'plotext', 'textual_plotext')\n"
        "        or m.startswith(('studyapp.sandbox', 'studyapp.drill'))))\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
