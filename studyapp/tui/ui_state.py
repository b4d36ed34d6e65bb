"""Small UI choices remembered between runs (the theme picked in the palette), in the data folder.

A JSON object in `state.json`; a missing, unreadable or damaged file means nothing is
remembered, and failing to write it never stops the app: it is a convenience, not data.
"""

from __future__ import annotations

import json
from pathlib import Path

STATE_FILE = "state.json"
"""File name inside the data folder."""


def read_state(folder: Path) -> dict[str, str]:
    """What was remembered (string values only); {} when there is nothing usable."""
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)}


def remember(folder: Path, key: str, value: str) -> None:
    """Store one choice (written to a temporary file, then moved into place)."""
    state = read_state(folder)
    if state.get(key) == value:
        return
    state[key] = value
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / (STATE_FILE + ".tmp")
        temporary.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        temporary.replace(folder / STATE_FILE)
    except OSError:
        return  # a read-only data folder: the choice lasts for this run only
