"""The review log as JSON Lines: one event per line, for export, backup and import."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from studyapp.model import ItemKind, ItemRef, Problem, Review, ReviewMode
from studyapp.suggest import did_you_mean

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
    """An ISO 8601 time (with offset or Z) in the store's one UTC format; ValueError if not."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("it has no UTC offset")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass
class ParsedLog:
    """The events of an import file and the problems of its bad lines."""

    reviews: list[Review] = field(default_factory=list)
    """Good events, in file order."""
    problems: list[Problem] = field(default_factory=list)
    """One problem per bad line."""


def _line_event(data: Any, path: str, number: int) -> Review | Problem:
    """The event of one parsed line, or the problem with it."""

    def bad(message: str) -> Problem:
        return Problem(path, number, 1, message)

    if not isinstance(data, dict):
        return bad("each line must be a JSON object (one event)")
    keys = data.keys()
    if not keys <= _FIELD_SET:
        key = next(key for key in data if key not in _FIELD_SET)
        return bad(f"unknown key '{key}'{did_you_mean(str(key), FIELDS)}")
    if not keys >= REQUIRED:
        missing = sorted(REQUIRED - keys)
        return bad(f"missing {', '.join(repr(k) for k in missing)}")
    for key in ("id", "deck", "item", "kind", "at"):
        if not isinstance(data[key], str) or not data[key].strip():
            return bad(f"'{key}' must be non-empty text")
    kind = _KINDS.get(data["kind"])
    if kind is None:
        return bad(f"'kind' must be one of {', '.join(_KINDS)}, not '{data['kind']}'")
    try:
        at = normalise_time(data["at"])
    except ValueError as error:
        return bad(f"'at' must be an ISO 8601 time with a UTC offset, not '{data['at']}' ({error})")
    if not isinstance(data["correct"], bool):
        return bad("'correct' must be true or false")
    mode = data.get("mode", ReviewMode.REVIEW.value)
    if mode not in _MODES:
        return bad(f"'mode' must be one of {', '.join(_MODES)}, not {json.dumps(mode)}")
    answer_ms = data.get("answer_ms")
    if answer_ms is not None and (
        isinstance(answer_ms, bool) or not isinstance(answer_ms, int) or answer_ms < 0
    ):
        return bad("'answer_ms' must be a whole number of milliseconds or null")
    detail = data.get("detail")
    if detail is not None and not isinstance(detail, dict):
        return bad("'detail' must be a JSON object or null")
    for key in ("box_before", "box_after"):  # not trusted, only checked for shape
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return bad(f"'{key}' must be a whole number or null")
    return Review(
        id=data["id"], ref=ItemRef(data["deck"], data["item"]), kind=kind, at=at,
        correct=data["correct"], mode=mode, answer_ms=answer_ms, detail=detail,
    )


def parse_jsonl(lines: Iterable[str], path: str) -> ParsedLog:
    """Every event of a JSON Lines log; blank lines are skipped, bad ones reported by number."""
    parsed = ParsedLog()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            message = f"not valid JSON: {error.msg}"
            parsed.problems.append(Problem(path, number, error.colno, message))
            continue
        result = _line_event(data, path, number)
        if isinstance(result, Problem):
            parsed.problems.append(result)
        else:
            parsed.reviews.append(result)
    return parsed


def read_lines(stream: IO[bytes], path: str, problems: list[Problem]) -> Iterator[str]:
    """Decoded lines of a binary stream; a line that is not UTF-8 becomes a problem."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(path, number, 1, "the line is not UTF-8 text"))
            yield ""
