"""Moving progress in and out: export, import (merge), rebuild and drop, over the service's store.

The use cases behind `studyapp progress`; the command only parses arguments and prints.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO

from studyapp import clock
from studyapp.clock import horizon
from studyapp.errors import StudyappError
from studyapp.fileio import open_atomic
from studyapp.model import Problem, Review
from studyapp.store import (
    IgnoredEvent,
    ParsedLog,
    ProgressStore,
    parse_jsonl,
    read_lines,
    write_jsonl,
)

_SHOWN = 5
"""Ignored answers named one by one in a notice; the rest are counted."""


def export_log(store: ProgressStore, out: IO[str]) -> int:
    """Write the whole review log to `out` as JSON Lines; returns how many answers."""
    return write_jsonl(store.iter_reviews(), out)


def export_file(store: ProgressStore, target: Path) -> int:
    """Write the review log to `target` atomically: a failed export (a full disk, a damaged
    database met half-way) leaves no partial file and an existing `target` unchanged.
    Returns how many answers were written."""
    try:
        with open_atomic(target) as out:
            return export_log(store, out)
    except OSError as error:
        reason = error.strerror or str(error)
        raise StudyappError(f"{target}: cannot write the export ({reason})") from None


def open_log(path: str) -> IO[bytes]:
    """A JSON Lines file opened for read_log; a device (e.g. /dev/zero, which has no end)
    or a folder is refused with a StudyappError, as is any file that cannot be opened."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as error:
        reason = error.strerror or str(error)
        raise StudyappError(f"{path}: cannot read the file ({reason})") from None
    mode = os.fstat(stream.fileno()).st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        stream.close()
        raise StudyappError(f"{path}: this is a device, not a file written by 'progress export'")
    return stream


def read_log(stream: IO[bytes], name: str, now: datetime | None = None) -> ParsedLog:
    """Every event of a JSON Lines log and the problems of its bad lines (sorted by line).

    Events must be dated from 2000-01-01 up to a day after `now` (default: the clock).
    Nothing here touches the database, so a file with bad lines changes nothing.
    """
    latest = horizon(now if now is not None else clock.now())
    problems: list[Problem] = []
    parsed = parse_jsonl(read_lines(stream, name, problems), name, latest=latest)
    parsed.problems = sorted(problems + parsed.problems, key=lambda p: (p.line, p.column))
    return parsed


def merge(store: ProgressStore, reviews: Sequence[Review]) -> tuple[int, int]:
    """Add imported answers (known ids skipped) and replay what they touched; returns
    (added, already present)."""
    return store.merge(reviews)


def drop(store: ProgressStore, event_ids: Sequence[str]) -> tuple[list[Review], list[str]]:
    """Remove answers by event id and replay their items; returns (removed, unknown ids)."""
    return store.drop(event_ids)


def ignored_notice(events: Sequence[IgnoredEvent]) -> str | None:
    """One warning naming the answers the replay leaves out and how to remove them."""
    if not events:
        return None
    named = ", ".join(f"{e.id} ({e.deck}/{e.item}, {e.at})" for e in events[:_SHOWN])
    more = f" and {len(events) - _SHOWN} more" if len(events) > _SHOWN else ""
    ids = " ".join(e.id for e in events[:_SHOWN])
    return (
        f"warning: {len(events)} answer(s) in the progress log are dated before 2000 or in "
        f"the future and are ignored: {named}{more}. Remove them with "
        f"'studyapp progress drop {ids}'"
    )


__all__ = [
    "drop",
    "export_file",
    "export_log",
    "ignored_notice",
    "merge",
    "open_log",
    "read_log",
]
