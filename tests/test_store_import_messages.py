"""`progress import` line by line: the exact message a learner reads for each kind of bad
line (at its line and column), what a good line becomes, and the export format it reads."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest

from studyapp.model import ItemKind, ItemRef, Problem, Review, ReviewMode
from studyapp.store import parse_jsonl, read_lines, write_jsonl
from studyapp.store._exchange import MAX_LINE

HORIZON = "2026-06-11T12:00:00.000+00:00"
"""The latest time an answer may have: "now" (2026-06-10 12:00) plus a day."""


def event(**changes: Any) -> dict[str, Any]:
    base = {"id": "e1", "deck": "d", "item": "i", "kind": "flashcard",
            "at": "2026-06-08T09:00:00Z", "correct": True}
    return {key: value for key, value in {**base, **changes}.items() if value is not ...}


def problems_of(*lines: str) -> list[str]:
    """The problems of a file holding `lines` (read as import reads a file)."""
    raw = "\n".join(lines).encode("utf-8", "surrogatepass")
    problems: list[Problem] = []
    parsed = parse_jsonl(read_lines(io.BytesIO(raw), "f", problems), "f", latest=HORIZON)
    return [str(problem) for problem in problems + parsed.problems]


def only_review(line: str) -> Review:
    parsed = parse_jsonl([line], "f", latest=HORIZON)
    assert parsed.problems == []
    (review,) = parsed.reviews
    return review


def short_id(value: object) -> str:
    """A short ASCII test id: mutmut re-runs tests by id, and long or escaped ids get lost."""
    return re.sub(r"[^A-Za-z0-9]+", "-", str(value)).strip("-")[:40] or "empty"


SURROGATE = "\ud800"
LONG = "x" * 70


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "each line must be a JSON object (one event)"),
        ('"text"', "each line must be a JSON object (one event)"),
        (json.dumps(event(corect=True)), "unknown key 'corect' (did you mean 'correct'?)"),
        (json.dumps(event(colour=1)), "unknown key 'colour'"),
        (json.dumps(event(**{SURROGATE: 1})), "unknown key '\\ud800'"),
        (json.dumps(event(at=..., kind=...)), "missing 'at', 'kind'"),
        (json.dumps(event(id=...)), "missing 'id'"),
        (json.dumps(event(correct=...)), "missing 'correct'"),
        (json.dumps(event(id="")), "'id' must be non-empty text"),
        (json.dumps(event(deck=5)), "'deck' must be non-empty text"),
        (json.dumps(event(item="  ")), "'item' must be non-empty text"),
        (json.dumps(event(kind=None)), "'kind' must be non-empty text"),
        (json.dumps(event(at="")), "'at' must be non-empty text"),
        (json.dumps(event(id=SURROGATE)),
         "'id' holds a lone surrogate (\\ud800-\\udfff), which is not text"),
        (json.dumps(event(deck="a" + SURROGATE)),
         "'deck' holds a lone surrogate (\\ud800-\\udfff), which is not text"),
        (json.dumps(event(item=SURROGATE)),
         "'item' holds a lone surrogate (\\ud800-\\udfff), which is not text"),
        (json.dumps(event(kind=SURROGATE)),
         "'kind' holds a lone surrogate (\\ud800-\\udfff), which is not text"),
        (json.dumps(event(at=SURROGATE)),
         "'at' holds a lone surrogate (\\ud800-\\udfff), which is not text"),
        (json.dumps(event(kind="card")),
         "'kind' must be one of flashcard, question, reorder, sandbox, lab, not 'card'"),
        (json.dumps(event(kind=LONG)),
         f"'kind' must be one of flashcard, question, reorder, sandbox, lab, not '{'x' * 57}...'"),
        (json.dumps(event(at="yesterday")),
         "'at' must be an ISO 8601 time with a UTC offset, not 'yesterday' (Invalid isoformat"
         " string: 'yesterday')"),
        (json.dumps(event(at="2026-06-08T09:00:00")),
         "'at' must be an ISO 8601 time with a UTC offset, not '2026-06-08T09:00:00' (it has no"
         " UTC offset)"),
        (json.dumps(event(at="0001-01-01T00:00:00+05:00")),
         "'at' must be an ISO 8601 time with a UTC offset, not '0001-01-01T00:00:00+05:00' (it"
         " lies outside the calendar)"),
        (json.dumps(event(at="1999-12-31T23:59:59.999Z")),
         "'at' is 1999-12-31T23:59:59.999+00:00: answers must be dated from 2000-01-01 up to a"
         " day after now (2026-06-11T12:00)"),
        (json.dumps(event(at="2026-06-11T12:00:00.001Z")),
         "'at' is 2026-06-11T12:00:00.001+00:00: answers must be dated from 2000-01-01 up to a"
         " day after now (2026-06-11T12:00)"),
        (json.dumps(event(correct="yes")), "'correct' must be true or false"),
        (json.dumps(event(correct=1)), "'correct' must be true or false"),
        (json.dumps(event(mode="exam")), "'mode' must be one of review, practice, cram, not \"exam\""),
        (json.dumps(event(mode=None)), "'mode' must be one of review, practice, cram, not null"),
        (json.dumps(event(mode=["review"])),
         "'mode' must be one of review, practice, cram, not [\"review\"]"),
        (json.dumps(event(mode="x" * 70)),
         "'mode' must be one of review, practice, cram, not \"" + "x" * 59),
        (json.dumps(event(answer_ms=-1)),
         "'answer_ms' must be a whole number of milliseconds (at most 2**63 - 1) or null"),
        (json.dumps(event(answer_ms=1.5)),
         "'answer_ms' must be a whole number of milliseconds (at most 2**63 - 1) or null"),
        (json.dumps(event(answer_ms=True)),
         "'answer_ms' must be a whole number of milliseconds (at most 2**63 - 1) or null"),
        (json.dumps(event(answer_ms=2**63)),
         "'answer_ms' must be a whole number of milliseconds (at most 2**63 - 1) or null"),
        (json.dumps(event(detail=[1])), "'detail' must be a JSON object or null"),
        (json.dumps(event(detail="note")), "'detail' must be a JSON object or null"),
        (json.dumps(event(detail={"a": [SURROGATE]})),
         "'detail' holds a lone surrogate (\\ud800-\\udfff), which is not text"),
        (json.dumps(event(box_before="2")), "'box_before' must be a whole number or null"),
        (json.dumps(event(box_after=1.0)), "'box_after' must be a whole number or null"),
        (json.dumps(event(box_after=False)), "'box_after' must be a whole number or null"),
        (json.dumps(event(box_before=-(2**63) - 1)), "'box_before' must be a whole number or null"),
        (json.dumps(event(box_after=2**63)), "'box_after' must be a whole number or null"),
    ],
    ids=short_id,
)
def test_each_bad_line_gets_its_own_message_at_its_line(line: str, message: str) -> None:
    assert problems_of(json.dumps(event(id="ok")), line) == [f"f:2:1: {message}"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "e1",', "f:1:13: not valid JSON: Expecting property name enclosed in double quotes"),
        ("{'id': 1}", "f:1:2: not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"answer_ms": NaN}', "f:1:1: not valid JSON: NaN is not a JSON number"),
        ('{"detail": {"x": -Infinity}}', "f:1:1: not valid JSON: -Infinity is not a JSON number"),
        ("[" * 100_000 + "]" * 100_000, "f:1:1: not valid JSON here: nested too deeply"),
    ],
    ids=short_id,
)
def test_lines_that_are_not_json_events(line: str, message: str) -> None:
    # The lines after a bad one are read on.
    assert problems_of(line, "[3]") == [message, "f:2:1: each line must be a JSON object (one event)"]


def test_values_at_their_bounds_are_good_lines() -> None:
    lines = [
        json.dumps(event(id="earliest", at="2000-01-01T00:00:00Z", answer_ms=0)),
        json.dumps(event(id="latest", at="2026-06-11T14:00:00+02:00", answer_ms=2**63 - 1)),
        json.dumps(event(id="boxes", box_before=-(2**63), box_after=2**63 - 1, detail=None)),
        json.dumps(event(id="null ms", answer_ms=None, mode="cram", correct=False)),
    ]
    parsed = parse_jsonl(lines, "f", latest=HORIZON)
    assert parsed.problems == []
    assert [(r.id, r.at, r.answer_ms, r.mode, r.correct) for r in parsed.reviews] == [
        ("earliest", "2000-01-01T00:00:00.000+00:00", 0, ReviewMode.REVIEW, True),
        ("latest", HORIZON, 2**63 - 1, ReviewMode.REVIEW, True),
        ("boxes", "2026-06-08T09:00:00.000+00:00", None, ReviewMode.REVIEW, True),
        ("null ms", "2026-06-08T09:00:00.000+00:00", None, ReviewMode.CRAM, False),
    ]


def test_a_good_line_becomes_the_answer_it_describes() -> None:
    line = json.dumps(event(
        id="e7", deck="deck-x", item="q3", kind="question", at="2026-06-08T11:30:15.123456+02:00",
        correct=False, mode="practice", answer_ms=1234, box_before=4, box_after=5,
        detail={"words": ["naïve"], "n": 2},
    ))
    review = only_review(line)
    # The box fields are not trusted: the store derives them by replay.
    assert review == Review(
        "e7", ItemRef("deck-x", "q3"), ItemKind.QUESTION, "2026-06-08T09:30:15.123+00:00", False,
        ReviewMode.PRACTICE, 1234, None, None, {"words": ["naïve"], "n": 2},
    )
    assert only_review(json.dumps(event(kind="sandbox"))).kind is ItemKind.SANDBOX


def test_line_numbers_count_blank_and_bad_lines() -> None:
    good = json.dumps(event())
    assert problems_of("", good, "   ", "nope", good, json.dumps(event(kind="x"))) == [
        "f:4:1: not valid JSON: Expecting value",
        "f:6:1: 'kind' must be one of flashcard, question, reorder, sandbox, lab, not 'x'",
    ]


def test_a_byte_order_mark_is_read_only_at_the_start_of_the_file() -> None:
    good = json.dumps(event())
    raw = ("\ufeff" + good + "\n" + "\ufeff" + good + "\n").encode("utf-8")
    problems: list[Problem] = []
    parsed = parse_jsonl(read_lines(io.BytesIO(raw), "f", problems), "f", latest=HORIZON)
    assert len(parsed.reviews) == 1
    assert [str(p) for p in parsed.problems] == [
        "f:2:1: not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig)"
    ]


def test_bytes_that_are_not_utf8_and_lines_over_1_mib_are_bad_lines() -> None:
    good = json.dumps(event()).encode()
    exactly = json.dumps(event(id="e" * (MAX_LINE - len(good) + 2))).encode()
    assert len(exactly) == MAX_LINE  # the longest line read, newline apart
    raw = b"\n".join([good, b"\xff\xfe{}", exactly + b" ", exactly, good, good + b" " * MAX_LINE])
    problems: list[Problem] = []
    parsed = parse_jsonl(read_lines(io.BytesIO(raw), "f", problems), "f", latest=HORIZON)
    assert [str(p) for p in problems] == [
        "f:2:1: the line is not UTF-8 text",
        "f:3:1: the line is longer than 1 MiB",
        "f:6:1: the line is longer than 1 MiB",
    ]
    assert parsed.problems == [] and len(parsed.reviews) == 3


def test_export_writes_one_compact_object_per_line_that_import_reads_back() -> None:
    reviews = [
        Review("e1", ItemRef("d", "i"), ItemKind.FLASHCARD, "2026-06-08T09:00:00.000+00:00", True,
               ReviewMode.REVIEW, None, None, 2, None),
        Review("e2", ItemRef("d", "q"), ItemKind.QUESTION, "2026-06-08T09:01:00.000+00:00", False,
               ReviewMode.CRAM, 900, 2, 2, {"note": "déjà"}),
    ]
    out = io.StringIO()
    assert write_jsonl(reviews, out) == 2
    assert out.getvalue().splitlines() == [
        '{"id":"e1","deck":"d","item":"i","kind":"flashcard","at":"2026-06-08T09:00:00.000+00:00",'
        '"correct":true,"mode":"review","answer_ms":null,"box_before":null,"box_after":2,'
        '"detail":null}',
        '{"id":"e2","deck":"d","item":"q","kind":"question","at":"2026-06-08T09:01:00.000+00:00",'
        '"correct":false,"mode":"cram","answer_ms":900,"box_before":2,"box_after":2,'
        '"detail":{"note":"déjà"}}',
    ]
    assert out.getvalue().endswith("}\n")
    back = parse_jsonl(out.getvalue().splitlines(), "f", latest=HORIZON).reviews
    assert [(r.id, r.mode, r.answer_ms, r.detail) for r in back] == [
        ("e1", ReviewMode.REVIEW, None, None), ("e2", ReviewMode.CRAM, 900, {"note": "déjà"})
    ]


def test_a_shown_value_is_cut_only_past_60_characters() -> None:
    def shown_kind(kind: str) -> str:
        (problem,) = problems_of(json.dumps(event(kind=kind)))
        return problem.rsplit(", not ", 1)[1]

    assert shown_kind("k" * 60) == f"'{'k' * 60}'"
    assert shown_kind("k" * 61) == f"'{'k' * 57}...'"


def test_times_become_utc_whatever_the_machines_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        review = only_review(json.dumps(event(at="2026-06-08T11:30:00+02:00")))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert review.at == "2026-06-08T09:30:00.000+00:00"


def test_a_last_line_of_exactly_1_mib_is_read_and_no_read_is_unbounded() -> None:
    class Bounded(io.BytesIO):
        """Fails if any read asks for more than a bounded amount."""

        def readline(self, size: int | None = -1) -> bytes:
            assert size is not None and 0 < size <= MAX_LINE + 1
            return super().readline(size)

    good = json.dumps(event()).encode()
    exactly = json.dumps(event(id="e" * (MAX_LINE - len(good) + 2))).encode()
    raw = b"\n".join([good + b" " * MAX_LINE, good, exactly])  # no newline at the end
    problems: list[Problem] = []
    parsed = parse_jsonl(read_lines(Bounded(raw), "f", problems), "f", latest=HORIZON)
    assert [str(p) for p in problems] == ["f:1:1: the line is longer than 1 MiB"]
    assert len(parsed.reviews) == 2
