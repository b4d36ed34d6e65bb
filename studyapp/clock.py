"""The app's clock: real time, or a fixed moment from STUDYAPP_NOW for tests and demos."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from studyapp.errors import UsageError

NOW_ENV = "STUDYAPP_NOW"


def now() -> datetime:
    """The current time as an aware datetime (STUDYAPP_NOW, ISO 8601, overrides it).

    A STUDYAPP_NOW without an offset is read as local time.
    """
    fixed = os.environ.get(NOW_ENV)
    if not fixed:
        return datetime.now(UTC).astimezone()
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise UsageError(
            f"{NOW_ENV}={fixed!r} is not an ISO 8601 time (e.g. 2026-01-31T09:00:00+00:00)"
        ) from None
    return moment.astimezone() if moment.tzinfo is None else moment


def iso_utc(moment: datetime) -> str:
    """`moment` as ISO 8601 in UTC with a `Z`-free `+00:00` offset, to the millisecond."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def utc_stamp() -> str:
    """The current moment as the store keeps it: iso_utc(now()), without the detour through
    the local zone when STUDYAPP_NOW is not set (this runs with every answer)."""
    if not os.environ.get(NOW_ENV):
        return datetime.now(UTC).isoformat(timespec="milliseconds")
    return iso_utc(now())
