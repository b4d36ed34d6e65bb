"""The optional config.yaml: app-wide settings with defaults, validated with positions.

A missing file means every default. Every problem of the file is reported at once as
`path:line:col: message` through `ConfigError`; unknown keys get a "did you mean" hint.

    boxes: 5                      # number of Leitner boxes (2..20)
    intervals: [1, 2, 4, 8, 16]   # days per box; as many as there are boxes
    on_wrong: first-box           # or previous-box
    new_per_day: 20               # new items introduced per study day
    day_starts_at: "04:00"        # local time a new study day starts
    tier_gating: true             # expert questions after most intermediate ones
    relearn_in_session: true      # an item answered "again" comes back in the session
    theme: textual-dark           # a Textual theme name
    keymap: {grade-again: "1"}    # binding id -> key
    sandbox_timeout: 10           # seconds for one sandbox check
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from studyapp.errors import ConfigError
from studyapp.model import Problem

OnWrong = Literal["first-box", "previous-box"]
"""What a wrong answer does: back to box 1 (classic Leitner) or down one box."""

ON_WRONG_CHOICES: tuple[OnWrong, ...] = ("first-box", "previous-box")
"""Accepted values of `on_wrong`."""

MAX_BOXES = 20
"""More boxes than this is surely a typo."""

_KEYS = frozenset(
    {
        "boxes",
        "intervals",
        "on_wrong",
        "new_per_day",
        "day_starts_at",
        "tier_gating",
        "relearn_in_session",
        "theme",
        "keymap",
        "sandbox_timeout",
    }
)


def default_intervals(boxes: int) -> tuple[int, ...]:
    """Doubling intervals in days for `boxes` boxes: 1, 2, 4, 8, ..."""
    return tuple(2**index for index in range(boxes))


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of the app; the defaults are what a missing config.yaml means."""

    boxes: int = 5
    """Number of Leitner boxes."""
    intervals: tuple[int, ...] = (1, 2, 4, 8, 16)
    """Days between reviews for each box, box 1 first (as many as `boxes`)."""
    on_wrong: OnWrong = "first-box"
    """Where a wrong answer sends an item: box 1, or the previous box."""
    new_per_day: int = 20
    """How many unseen items may be introduced per study day (all decks together)."""
    day_starts_at: str = "04:00"
    """Local time ("HH:MM") at which a new study day begins."""
    tier_gating: bool = True
    """Offer expert questions only after most intermediate ones of the deck left box 1."""
    relearn_in_session: bool = True
    """An item answered wrong comes back a few items later, as practice, until answered right."""
    theme: str = "textual-dark"
    """Name of the Textual theme."""
    keymap: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Key overrides: binding id (e.g. `grade-again`) -> key (e.g. `j`)."""
    sandbox_timeout: float = 10.0
    """Default wall-clock limit of one sandbox check, in seconds."""
    path: str | None = None
    """The file the settings came from (None: defaults, no file)."""

    @property
    def day_start(self) -> tuple[int, int]:
        """`day_starts_at` as (hour, minute)."""
        hour, minute = self.day_starts_at.split(":")
        return int(hour), int(minute)


def load_settings(path: str | Path) -> Settings:
    """Settings from the config file at `path`; defaults when the file does not exist.

    Raises ConfigError (with every problem, positioned) when the file is invalid.
    """
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        problem = Problem(str(file), 0, 0, f"cannot read the settings: {error}")
        raise ConfigError([problem]) from None
    # The YAML reader is only needed when there is a file to read.
    from studyapp._config_file import parse_settings

    return parse_settings(data, str(file))
