"""Start-up script of the sandbox processes: load this folder as a package and run a role.

Run as `python -I _boot.py judge REQUEST_FD RESULT_FD APP_PID` (the judge, started by the
app; learners are forked from it, see `_spawn`). Isolated mode puts nothing of ours on
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
    role = sys.argv[1] if len(sys.argv) > 1 else ""
    module = {"judge": "sandbox_harness._main"}.get(role)
    if module is None:
        raise SystemExit(f"unknown role {role!r}")
    status = importlib.import_module(module).main(sys.argv[2:])
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(status)  # no interpreter teardown: numpy's takes longer than a check
