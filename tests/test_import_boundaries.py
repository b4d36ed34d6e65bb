"""The layers at run time: headless modules import neither Textual nor numpy (only the sandbox
child, studyapp.sandbox.harness, and the drill import numpy), and starting the TUI imports
neither numpy nor the sandbox. The import-linter contracts in pyproject.toml check the same
statically (tests/test_import_contracts.py)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import studyapp

NUMPY_ALLOWED = (
    "studyapp.sandbox.harness",
    # The drill's training modules; its package and settings stay NumPy-free.
    "studyapp.drill.data",
    "studyapp.drill.metrics",
    "studyapp.drill.train",
    "studyapp.drill.lab",
)
"""Modules (and packages) that may import numpy: the sandbox child's harness and the drill's
training code."""


def _headless_modules() -> list[str]:
    """Every module of studyapp outside the TUI (the entry point only starts the command line)."""
    names = [
        info.name
        for info in pkgutil.walk_packages(studyapp.__path__, prefix="studyapp.")
        if not info.name.startswith(("studyapp.tui", "studyapp.__main__"))
    ]
    return sorted(names)


def _imported_after(statements: str) -> set[str]:
    """Which of textual and numpy a fresh interpreter holds after running `statements`."""
    code = (
        "import sys\n"
        f"{statements}\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'numpy'})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(filter(None, result.stdout.strip().split(",")))


def test_the_module_list_names_real_modules() -> None:
    modules = _headless_modules()
    assert "studyapp.session._service" in modules
    assert "studyapp.sandbox._child" in modules
    assert any(module.startswith(NUMPY_ALLOWED[0] + ".") for module in modules)


def test_the_check_sees_numpy_where_the_sandbox_child_imports_it() -> None:
    assert _imported_after("import studyapp.sandbox.harness._cases") == {"numpy"}


@pytest.mark.parametrize("module", _headless_modules())
def test_headless_module_imports_neither_textual_nor_numpy(module: str) -> None:
    found = _imported_after(f"import {module}")
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


NOT_FOR_DUE = (
    "studyapp.model._items",
    "studyapp.session._queue",
    "studyapp.session._study_session",
    "studyapp.session._stats",
    "studyapp.session._stats_report",
    "studyapp.session._checks",
    "studyapp.session._exchange",
    "studyapp.session._words",
    "studyapp.fileio",
    "studyapp.sandbox",
    "studyapp.tui",
)
"""What `studyapp due` never needs: the item classes (it counts from cached catalogs), the
study queue and session, statistics, the log's export and import, the learner-facing
wording, file writing (a second run only reads its cache), the sandbox and the TUI."""


def _studyapp_modules_after(argv: list[str]) -> set[str]:
    """The studyapp modules a fresh interpreter holds after running the command line `argv`."""
    code = (
        "import contextlib, io, sys\n"
        "from studyapp.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({argv!r}) == 0\n"
        "print(' '.join(m for m in sys.modules if m.startswith('studyapp')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_due_imports_no_item_class_queue_statistics_or_ui() -> None:
    # Every module `due` imports is start-up time of every run: these load on first use.
    # The bundled decks only: files long unchanged, whose cache entries are trusted by stat.
    _studyapp_modules_after(["due"])  # parses the decks and fills the cache, as a first run does
    loaded = _studyapp_modules_after(["due"])
    assert "studyapp.session._service" in loaded and "studyapp.decks._cache" in loaded
    assert not {m for m in loaded if m.startswith(NOT_FOR_DUE)}, sorted(loaded)
