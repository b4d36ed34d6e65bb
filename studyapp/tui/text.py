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
