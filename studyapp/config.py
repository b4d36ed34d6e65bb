"""The optional config.yaml: app-wide settings with defaults, validated with positions.

A missing file means every default. A problem never stops the app: each bad key is kept
in `Settings.problems` as `path:line:col: message` (unknown keys with a "did you mean"
hint) and its default is used instead; a file that cannot be read or parsed at all means
every default, with its problem.

    boxes: 5                      # number of Leitner boxes (2..20)
    intervals: [1, 2, 4, 8, 16]   # days per box (1..36500 each); as many as there are boxes
    on_wrong: first-box           # or previous-box
    new_per_day: 20               # new items introduced per study day (0..10000)
    day_starts_at: "04:00"        # local time a new study day starts (00:00..23:59)
    tier_gating: true             # expert questions after most intermediate ones
    relearn_in_session: true      # an item answered "again" comes back in the session
    theme: textual-dark           # a Textual theme name
    keymap: {grade-again: "1"}    # binding id -> key
    sandbox_timeout: 10           # seconds for one sandbox check (1..600)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from studyapp.model import Problem

OnWrong = Literal["first-box", "previous-box"]
"""What a wrong answer does: back to box 1 (classic Leitner) or down one box."""

ON_WRONG_CHOICES: tuple[OnWrong, ...] = ("first-box", "previous-box")
"""Accepted values of `on_wrong`."""

MAX_BOXES = 20
"""More boxes than this is surely a typo."""
MAX_INTERVAL_DAYS = 36_500
"""The longest interval of a box: a hundred years."""
MAX_NEW_PER_DAY = 10_000
"""More new items a day than anyone studies."""
SANDBOX_TIMEOUT_RANGE = (1.0, 600.0)
"""Seconds a sandbox check may be given (finite: a check must end)."""
MAX_CONFIG_BYTES = 1 << 20
"""A settings file bigger than this (1 MiB) is not read."""

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
    problems: tuple[Problem, ...] = ()
    """What was wrong in the file, each with its position; every bad key's default was used
    instead (the CLI prints these to stderr, the TUI shows them as a notification)."""

    @property
    def day_start(self) -> tuple[int, int]:
        """`day_starts_at` as (hour, minute)."""
        hour, minute = self.day_starts_at.split(":")
        return int(hour), int(minute)
