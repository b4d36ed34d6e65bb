"""Start-up script of the sandbox child: load this folder as a package and run the harness.

Run as `python -I _boot.py REQUEST_FD RESULT_FD`. Isolated mode puts nothing of ours on
sys.path, so the package is loaded from this file's folder by location.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys


def _load_package() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "sandbox_harness", os.path.join(here, "__init__.py"), submodule_search_locations=[here]
    )
    if spec is None or spec.loader is None:  # pragma: no cover - the file is right here
        raise SystemExit("sandbox harness not found")
    package = importlib.util.module_from_spec(spec)
    sys.modules["sandbox_harness"] = package
    spec.loader.exec_module(package)


if __name__ == "__main__":
    _load_package()
    sys.exit(importlib.import_module("sandbox_harness._main").main(sys.argv[1:]))
