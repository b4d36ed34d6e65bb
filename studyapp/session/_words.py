"""How the session names items and answers for the learner: labels, undo lines, percentages."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.model import Item
    from studyapp.session._queue import QueueEntry

LABEL_WIDTH = 60
"""Longest item label, in characters, before it is cut with an ellipsis."""
_MARKUP = re.compile(r"\*\*|__|`")


def plain_text(text: str) -> str:
    """Content text on one line without Markdown's bold and code marks (y_hat stays)."""
    return " ".join(_MARKUP.sub("", text).split())


def item_label(item: Item) -> str:
    """What the learner knows an item by: its title, or its front or prompt.

    Markdown marks and line breaks are dropped and a long text is cut to LABEL_WIDTH with "…".
    """
    named = getattr(item, "title", None) or getattr(item, "front", None)
    text = str(named or getattr(item, "prompt", None) or "").strip() or item.id
    line = plain_text(text)
    return line if len(line) <= LABEL_WIDTH else line[: LABEL_WIDTH - 1].rstrip() + "…"


def undo_message(entry: QueueEntry | None) -> str:
    """The line after an undo: which item is back, or that there was nothing to undo."""
    if entry is None:
        return "Nothing to undo."
    return f"Undone: “{item_label(entry.item)}” is back as it was."


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 reorder exercise", "2 reorder exercises" (`plural` defaults to singular + "s")."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def percent(part: int, whole: int) -> int:
    """`part` of `whole` as a whole percentage, rounded half up (4 of 6 -> 67)."""
    if whole <= 0:
        return 0
    return (part * 200 + whole) // (2 * whole)


def duration_minutes(ms: int) -> str:
    """Time studied in words: "1 h 05 min" or "12 min"."""
    minutes = round(ms / 60_000)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
