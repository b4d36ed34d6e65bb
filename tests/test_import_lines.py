"""`progress import`: every value the store could not hold is a bad line with its number,
never an internal error (a property test over arbitrary lines, and the known cases)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.cli import run
from studyapp.store import parse_jsonl, read_lines
from studyapp.store._exchange import MAX_LINE

NOW = "2026-06-10T12:00:00+00:00"
HORIZON = "2026-06-11T12:00:00.000+00:00"


def event(**changes: Any) -> dict[str, Any]:
    base = {"id": "e1", "deck": "d", "item": "i", "kind": "flashcard",
            "at": "2026-06-08T09:00:00Z", "correct": True, "mode": "review"}
    return {**base, **changes}


def parse(raw: bytes) -> tuple[int, list[str]]:
    """(good events, problems) of a file's bytes."""
    problems: list[Any] = []
    parsed = parse_jsonl(read_lines(io.BytesIO(raw), "f", problems), "f", latest=HORIZON)
    return len(parsed.reviews), [str(p) for p in problems + parsed.problems]


BAD_LINES = {
    "year 1 at an offset": json.dumps(event(at="0001-01-01T00:00:00+05:00")),
    "year 9999 at a negative offset": json.dumps(event(at="9999-12-31T23:59:59-05:00")),
    "answer_ms 1e30": json.dumps(event(answer_ms=1e30)),
    "answer_ms 10**30": json.dumps(event(answer_ms=10**30)),
    "answer_ms 2**70": json.dumps(event(answer_ms=2**70)),
    "box_after 2**64": json.dumps(event(box_after=2**64)),
    "a lone surrogate in the id": '{"id": "\\ud800", "deck": "d", "item": "i", "kind": "flashcard", "at": "2026-06-08T09:00:00Z", "correct": true}',
    "a lone surrogate in the detail": json.dumps(event(detail={"x": "\ud800"})),
    "NaN": '{"id": "e", "deck": "d", "item": "i", "kind": "flashcard", "at": "2026-06-08T09:00:00Z", "correct": true, "answer_ms": NaN}',
    "Infinity in the detail": '{"id": "e", "deck": "d", "item": "i", "kind": "flashcard", "at": "2026-06-08T09:00:00Z", "correct": true, "detail": {"x": -Infinity}}',
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "deep nesting in the detail": json.dumps(event())[:-1] + ', "detail": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}",
    "a number of 5,000 digits": json.dumps(event())[:-1] + ', "answer_ms": ' + "9" * 5000 + "}",
    "a list as mode": json.dumps(event(mode=["review"])),
}


@pytest.mark.parametrize("name", BAD_LINES)
def test_each_value_the_store_cannot_hold_is_a_bad_line(name: str) -> None:
    good = json.dumps(event(id="ok"))
    raw = "\n".join([good, BAD_LINES[name], good.replace('"ok"', '"ok2"')]).encode(
        "utf-8", "surrogatepass"
    )
    count, problems = parse(raw)
    assert count == 2
    assert len(problems) == 1 and problems[0].startswith("f:2:"), problems


def test_a_line_over_1_mib_is_bad_and_never_read_whole() -> None:
    class Bounded(io.BytesIO):
        """Fails if any read asks for more than a bounded amount."""

        def readline(self, size: int | None = -1) -> bytes:
            assert size is not None and 0 < size <= MAX_LINE + 1
            return super().readline(size)

    good = json.dumps(event()).encode()
    huge = b'{"id": "' + b"x" * (3 * MAX_LINE) + b'"}'
    problems: list[Any] = []
    parsed = parse_jsonl(read_lines(Bounded(b"\n".join([huge, good])), "f", problems), "f",
                         latest=HORIZON)
    assert len(parsed.reviews) == 1
    assert [str(p) for p in problems] == ["f:1:1: the line is longer than 1 MiB"]


def test_the_cli_skips_every_bad_line_and_never_ends_in_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    isolated_folders: Path,
) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    path = tmp_path / "log.jsonl"
    lines = [json.dumps(event(id="good-1")), *BAD_LINES.values(), json.dumps(event(id="good-2"))]
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
    assert run(["progress", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"nothing imported: {len(BAD_LINES)} bad line(s)" in err
    assert not (isolated_folders / "data").exists()  # a refused import touches nothing
    assert run(["progress", "import", str(path), "--skip-bad"]) == 0
    out, err = capsys.readouterr()
    assert f"imported 2 new answer(s) (0 already present), skipped {len(BAD_LINES)}" in out
    assert "internal error" not in err


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)
field_values = st.one_of(
    json_values,
    st.sampled_from(["2026-06-08T09:00:00Z", "0001-01-01T00:00:00+05:00", "flashcard", "review"]),
    st.integers(min_value=-(2**80), max_value=2**80),
)
event_like = st.dictionaries(
    st.sampled_from(["id", "deck", "item", "kind", "at", "correct", "mode", "answer_ms",
                     "box_before", "box_after", "detail", "other"]),
    field_values,
)
valid_events = st.builds(
    lambda ident, deck, correct, ms, minute: event(
        id=ident, deck=deck, correct=correct, answer_ms=ms,
        at=f"2026-06-0{1 + minute % 9}T09:{minute:02d}:00+02:00",
    ),
    st.text(min_size=1).filter(lambda s: s.strip() != ""),
    st.text(min_size=1).filter(lambda s: s.strip() != ""),
    st.booleans(),
    st.none() | st.integers(min_value=0, max_value=2**63 - 1),
    st.integers(min_value=0, max_value=59),
)


def _line(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    noise=st.lists(
        st.binary(max_size=80) | st.text().map(lambda t: t.encode("utf-8", "surrogatepass"))
        | json_values.map(_line) | event_like.map(_line),
        max_size=8,
    ),
    good=st.lists(valid_events, max_size=4),
)
def test_arbitrary_lines_never_break_import_and_valid_events_always_import(
    noise: list[bytes], good: list[dict[str, Any]]
) -> None:
    from studyapp.store import ProgressStore

    lines = [raw.replace(b"\n", b" ").replace(b"\r", b" ") for raw in noise]
    lines += [_line(value) for value in good]
    problems: list[Any] = []
    parsed = parse_jsonl(read_lines(io.BytesIO(b"\n".join(lines)), "f", problems), "f",
                         latest=HORIZON)
    assert {review.id for review in parsed.reviews} >= {value["id"] for value in good}
    with ProgressStore(":memory:") as store:  # every good line can be stored
        added, present = store.merge(parsed.reviews)
        assert added + present == len(parsed.reviews)


def test_a_device_is_refused_not_read_forever(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["progress", "import", "/dev/zero"]) == 1
    err = capsys.readouterr().err
    assert "/dev/zero: this is a device" in err and "internal error" not in err
