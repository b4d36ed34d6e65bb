"""The app's clock: real time, or a fixed moment from STUDYAPP_NOW; and the range of valid times.

Every time the app accepts is bounded: the clock to the years 2000 to 9999, an imported or
stored answer to 2000-01-01 .. one day after now. Arithmetic on times goes through `shift`,
which clamps instead of overflowing, so no stored value can break scheduling.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from studyapp.errors import UsageError

NOW_ENV = "STUDYAPP_NOW"

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""No answer can be older than this; nor can the clock be."""
LATEST = datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)
"""The last moment the clock may show (datetime itself stops a moment later)."""
FUTURE_SLACK = timedelta(days=1)
"""How far past "now" an answer's time may be (clocks of two machines disagree a little)."""
EARLIEST_STAMP = "2000-01-01T00:00:00.000+00:00"
"""EARLIEST as stored: stored times are one fixed text format, so text order is time order."""
LATEST_STAMP = "9999-12-31T23:59:59.999+00:00"
"""LATEST as stored."""


def _fixed_now(text: str) -> datetime:
    """The moment STUDYAPP_NOW names, or a UsageError saying why it cannot be used."""
    example = "e.g. 2026-01-31T09:00:00+00:00"
    try:
        moment = datetime.fromisoformat(text)
        moment = moment.astimezone() if moment.tzinfo is None else moment
        in_utc = moment.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"{NOW_ENV}={text!r} is not an ISO 8601 time within the years 2000 to 9999 ({example})"
        ) from None
    if not EARLIEST <= in_utc <= LATEST:
        raise UsageError(
            f"{NOW_ENV}={text!r} is outside the years 2000 to 9999: the clock cannot be set "
            f"there ({example})"
        )
    return moment


def check_environment() -> None:
    """Raise UsageError when STUDYAPP_NOW is set but unusable (every command calls this first)."""
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        _fixed_now(fixed)


def now() -> datetime:
    """The current time as an aware datetime (STUDYAPP_NOW, ISO 8601, overrides it).

    A STUDYAPP_NOW without an offset is read as local time; one outside the years 2000 to
    9999 (in UTC) is a UsageError.
    """
    fixed = os.environ.get(NOW_ENV)
    if not fixed:
        return datetime.now(UTC).astimezone()
    return _fixed_now(fixed)


def shift(moment: datetime, delta: timedelta) -> datetime:
    """`moment + delta`, clamped to the datetime range instead of overflowing."""
    try:
        return moment + delta
    except OverflowError:
        edge = datetime.max if delta > timedelta(0) else datetime.min
        return edge.replace(tzinfo=moment.tzinfo)


def iso_utc(moment: datetime) -> str:
    """`moment` as ISO 8601 in UTC with a `Z`-free `+00:00` offset, to the millisecond.

    A moment whose UTC falls outside datetime's range is clamped to its edge.
    """
    try:
        return moment.astimezone(UTC).isoformat(timespec="milliseconds")
    except OverflowError:
        return LATEST_STAMP if moment.year > 5000 else "0001-01-01T00:00:00.000+00:00"


def horizon(moment: datetime) -> str:
    """The latest stored time an answer may have when it is `moment` now (one day later)."""
    return min(iso_utc(shift(moment, FUTURE_SLACK)), LATEST_STAMP)


def utc_stamp() -> str:
    """The current moment as the store keeps it: iso_utc(now()), without the detour through
    the local zone when STUDYAPP_NOW is not set (this runs with every answer)."""
    if not os.environ.get(NOW_ENV):
        return datetime.now(UTC).isoformat(timespec="milliseconds")
    return iso_utc(now())
