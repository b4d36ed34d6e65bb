"""The review log as JSON Lines: one event per line, for export, backup and import."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from studyapp.clock import EARLIEST_STAMP, LATEST_STAMP
from studyapp.model import ItemKind, ItemRef, Problem, Review, ReviewMode

FIELDS = (
    "id", "deck", "item", "kind", "at", "correct", "mode", "answer_ms",
    "box_before", "box_after", "detail",
)
"""Keys of one exported event, in the order they are written."""
REQUIRED = frozenset({"id", "deck", "item", "kind", "at", "correct"})
"""Keys an imported event must have (`mode` defaults to review)."""
_KINDS = {kind.value: kind for kind in ItemKind}
_MODES = tuple(mode.value for mode in ReviewMode)
_FIELD_SET = frozenset(FIELDS)
MAX_LINE = 1 << 20
"""Longest line an import reads (1 MiB); a longer one is a bad line, never held whole."""
SQLITE_MIN, SQLITE_MAX = -(2**63), 2**63 - 1
"""The range of SQLite's INTEGER."""


def event_json(review: Review) -> dict[str, Any]:
    """The export shape of one event."""
    return {
        "id": review.id,
        "deck": review.ref.deck_id,
        "item": review.ref.item_id,
        "kind": review.kind.value,
        "at": review.at,
        "correct": review.correct,
        "mode": review.mode,
        "answer_ms": review.answer_ms,
        "box_before": review.box_before,
        "box_after": review.box_after,
        "detail": review.detail,
    }


def write_jsonl(reviews: Iterable[Review], out: IO[str]) -> int:
    """Write one JSON object per line; returns how many were written."""
    count = 0
    for review in reviews:
        out.write(json.dumps(event_json(review), ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        count += 1
    return count


def normalise_time(value: str) -> str:
    """An ISO 8601 time (with offset or Z) in the store's one UTC format; ValueError if not
    (also for a time whose UTC falls outside the calendar, like year 1 at +05:00)."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("it has no UTC offset")
    try:
        return moment.astimezone(UTC).isoformat(timespec="milliseconds")
    except OverflowError:
        raise ValueError("it lies outside the calendar") from None


@dataclass
class ParsedLog:
    """The events of an import file and the problems of its bad lines."""

    reviews: list[Review] = field(default_factory=list)
    """Good events, in file order."""
    problems: list[Problem] = field(default_factory=list)
    """One problem per bad line."""


def _shown(value: Any) -> str:
    """A value from the file as it may be printed: quoted, cut short, lone surrogates
    escaped."""
    text = value if isinstance(value, str) else json.dumps(value, default=repr)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}...'"


def _is_text(value: str) -> bool:
    """Whether a string can be stored: UTF-8 encodable (no lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _whole(value: Any) -> bool:
    """A JSON whole number SQLite can hold (bools are not numbers here)."""
    return type(value) is int and SQLITE_MIN <= value <= SQLITE_MAX


def _line_event(data: Any, path: str, number: int, latest: str) -> Review | Problem:
    """The event of one parsed line, or the problem with it."""

    def bad(message: str) -> Problem:
        return Problem(path, number, 1, message)

    if not isinstance(data, dict):
        return bad("each line must be a JSON object (one event)")
    keys = data.keys()
    if not keys <= _FIELD_SET:
        key = next(key for key in data if key not in _FIELD_SET)
        from studyapp.suggest import did_you_mean

        return bad(f"unknown key {_shown(key)}{did_you_mean(str(key), FIELDS)}")
    if not keys >= REQUIRED:
        missing = sorted(REQUIRED - keys)
        return bad(f"missing {', '.join(repr(k) for k in missing)}")
    for key in ("id", "deck", "item", "kind", "at"):
        if not isinstance(data[key], str) or not data[key].strip():
            return bad(f"'{key}' must be non-empty text")
        if not _is_text(data[key]):
            return bad(f"'{key}' holds a lone surrogate (\\ud800-\\udfff), which is not text")
    kind = _KINDS.get(data["kind"])
    if kind is None:
        return bad(f"'kind' must be one of {', '.join(_KINDS)}, not {_shown(data['kind'])}")
    try:
        at = normalise_time(data["at"])
    except ValueError as error:
        return bad(
            f"'at' must be an ISO 8601 time with a UTC offset, not {_shown(data['at'])} ({error})"
        )
    if not EARLIEST_STAMP <= at <= latest:
        return bad(
            f"'at' is {at}: answers must be dated from 2000-01-01 up to a day after now "
            f"({latest[:16]})"
        )
    if not isinstance(data["correct"], bool):
        return bad("'correct' must be true or false")
    mode = data.get("mode", ReviewMode.REVIEW.value)
    if not isinstance(mode, str) or mode not in _MODES:
        return bad(f"'mode' must be one of {', '.join(_MODES)}, not {json.dumps(mode)[:60]}")
    answer_ms = data.get("answer_ms")
    if answer_ms is not None and (not _whole(answer_ms) or answer_ms < 0):
        return bad("'answer_ms' must be a whole number of milliseconds (at most 2**63 - 1) or null")
    detail = data.get("detail")
    if detail is not None and not isinstance(detail, dict):
        return bad("'detail' must be a JSON object or null")
    if detail is not None and not _is_text(json.dumps(detail, ensure_ascii=False)):
        return bad("'detail' holds a lone surrogate (\\ud800-\\udfff), which is not text")
    for key in ("box_before", "box_after"):  # not trusted, only checked for shape
        value = data.get(key)
        if value is not None and not _whole(value):
            return bad(f"'{key}' must be a whole number or null")
    return Review(
        id=data["id"], ref=ItemRef(data["deck"], data["item"]), kind=kind, at=at,
        correct=data["correct"], mode=ReviewMode(mode), answer_ms=answer_ms, detail=detail,
    )


def _no_constant(name: str) -> Any:
    """json.loads hook: NaN and Infinity are not JSON, though Python reads them by default."""
    raise ValueError(f"{name} is not a JSON number")


def parse_jsonl(lines: Iterable[str], path: str, latest: str = LATEST_STAMP) -> ParsedLog:
    """Every event of a JSON Lines log; blank lines are skipped, bad ones reported by number.

    `latest` is the latest time an event may have (ISO UTC; clock.horizon gives now plus a
    day); any value the store could not hold makes its line bad, never an error.
    """
    parsed = ParsedLog()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            # Without its line end: an error at the end of the line is placed there, not
            # at column 1 of a line after it.
            data = json.loads(line.rstrip("\r\n"), parse_constant=_no_constant)
        except json.JSONDecodeError as error:
            message = f"not valid JSON: {error.msg}"
            parsed.problems.append(Problem(path, number, error.colno, message))
            continue
        except ValueError as error:  # NaN, Infinity, a number of over 4,300 digits
            parsed.problems.append(Problem(path, number, 1, f"not valid JSON: {error}"))
            continue
        except RecursionError:
            message = "not valid JSON here: nested too deeply"
            parsed.problems.append(Problem(path, number, 1, message))
            continue
        try:
            result = _line_event(data, path, number, latest)
        except RecursionError:  # a detail object nested too deeply to write back out
            result = Problem(path, number, 1, "'detail' is nested too deeply")
        if isinstance(result, Problem):
            parsed.problems.append(result)
        else:
            parsed.reviews.append(result)
    return parsed


def read_lines(stream: IO[bytes], path: str, problems: list[Problem]) -> Iterator[str]:
    """Decoded lines of a binary stream, each read with a bound (MAX_LINE): a longer line,
    or one that is not UTF-8, becomes a problem (and an empty line here)."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest, a bounded piece at a time
                raw = stream.readline(1 << 16)
            problems.append(Problem(path, number, 1, "the line is longer than 1 MiB"))
            yield ""
            continue
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(path, number, 1, "the line is not UTF-8 text"))
            yield ""
