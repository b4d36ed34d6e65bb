"""Small text helpers for screens: times in words, plain (never markup) text."""

from __future__ import annotations

from datetime import datetime


def when_text(moment: datetime, now: datetime) -> str:
    """A due time in words relative to `now`: "now", "today at 16:00", "tomorrow at 04:00"."""
    local = moment.astimezone(now.tzinfo)
    if local <= now:
        return "now"
    days = (local.date() - now.date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if days < 7:
        return f"{local.strftime('%A')} at {clock}"
    return f"on {local.strftime('%d %b')} at {clock}"


def duration_text(seconds: float) -> str:
    """A duration like "4 min 05 s" or "12 s"."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def reflow(text: str) -> str:
    """Text hard-wrapped in a file or a docstring, rewrapped by the screen instead.

    Lines of one paragraph are joined with spaces; blank lines stay paragraph breaks, and
    lines that start a list ("- ", "1. ") keep their own line.
    """
    paragraphs = []
    for block in text.strip().split("\n\n"):
        lines: list[str] = []
        for line in block.splitlines():
            stripped = line.strip()
            starts_item = stripped[:2] in ("- ", "* ") or stripped.split(".")[0].isdigit()
            if lines and stripped and not starts_item:
                lines[-1] += " " + stripped
            elif stripped:
                lines.append(stripped)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)
