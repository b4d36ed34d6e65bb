"""Moving progress in and out through the service: files that cannot be used, bad lines in
order, and the warning about answers dated out of range."""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from studyapp.errors import StudyappError
from studyapp.model import ItemKind, ItemRef
from studyapp.session import open_log, read_log
from tests.test_session import DAY1, Clock, open_progress


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY1)


def test_an_export_into_a_missing_folder_says_so_and_leaves_nothing(
    tmp_path: Path, clock: Clock
) -> None:
    progress = open_progress(tmp_path, clock)
    target = tmp_path / "no-folder" / "export.jsonl"
    with pytest.raises(StudyappError) as caught:
        progress.export_file(target)
    assert str(caught.value) == (
        f"{target}: cannot write the export (No such file or directory)"
    )
    assert not target.parent.exists()


def test_a_failed_export_keeps_the_old_file(tmp_path: Path, clock: Clock) -> None:
    progress = open_progress(tmp_path, clock)
    progress.record_answer(ItemRef("d", "c0"), ItemKind.FLASHCARD, True)
    target = tmp_path / "export.jsonl"
    target.write_text("old\n", encoding="utf-8")
    progress.store.close()  # the database goes away half-way
    with pytest.raises(StudyappError):
        progress.export_file(target)
    assert target.read_text(encoding="utf-8") == "old\n"


def test_a_missing_log_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(StudyappError) as caught:
        open_log(str(missing))
    assert str(caught.value) == f"{missing}: cannot read the file (No such file or directory)"


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs a device file")
def test_a_device_is_not_a_log_file() -> None:
    with pytest.raises(StudyappError) as caught:
        open_log("/dev/null")
    assert str(caught.value) == (
        "/dev/null: this is a device, not a file written by 'progress export'"
    )


def test_a_log_file_opens_for_reading(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"")
    with open_log(str(path)) as stream:
        assert stream.read() == b""


def test_bad_lines_are_reported_in_line_order(tmp_path: Path, clock: Clock) -> None:
    progress = open_progress(tmp_path, clock)
    good = io.StringIO()
    progress.record_answer(ItemRef("d", "c0"), ItemKind.FLASHCARD, True)
    progress.export_log(good)
    lines = [b"not json\n", good.getvalue().encode(), b"\xff\xfe bad bytes\n", b"[1, 2]\n"]
    parsed = progress.read_log(io.BytesIO(b"".join(lines)), "mixed.jsonl")
    assert [problem.line for problem in parsed.problems] == [1, 3, 4]
    assert parsed.problems[1].message == "the line is not UTF-8 text"
    assert {problem.path for problem in parsed.problems} == {"mixed.jsonl"}
    assert len(parsed.reviews) == 1


def test_reading_a_log_without_a_clock_uses_the_current_time(tmp_path: Path) -> None:
    event = {
        "id": "e1", "deck": "d", "item": "c0", "kind": "flashcard",
        "at": "2001-01-01T00:00:00.000+00:00", "correct": True, "mode": "review",
    }
    text = (json.dumps(event) + "\n").encode()
    assert [r.id for r in read_log(io.BytesIO(text), "old.jsonl").reviews] == ["e1"]
    event["at"] = "9999-01-01T00:00:00.000+00:00"
    text = (json.dumps(event) + "\n").encode()
    parsed = read_log(io.BytesIO(text), "future.jsonl")
    assert parsed.reviews == [] and [p.line for p in parsed.problems] == [1]


def test_the_out_of_range_warning_names_five_answers_and_counts_the_rest(
    tmp_path: Path, clock: Clock
) -> None:
    progress = open_progress(tmp_path, clock)
    ahead = DAY1 + timedelta(days=60)
    stamps = [(ahead + timedelta(minutes=i)).isoformat(timespec="milliseconds") for i in range(7)]
    ids = [
        progress.store.record(ItemRef("d", f"c{i}"), ItemKind.FLASHCARD, True, at).id
        for i, at in enumerate(stamps)
    ]
    progress.rebuild()
    notice = progress.ignored_notice()
    named = ", ".join(f"{ids[i]} (d/c{i}, {stamps[i]})" for i in range(5))
    assert notice == (
        "warning: 7 answer(s) in the progress log are dated before 2000 or in the future and "
        f"are ignored: {named} and 2 more. Remove them with "
        f"'studyapp progress drop {' '.join(ids[:5])}'"
    )


def test_the_warning_for_a_few_answers_names_them_all(tmp_path: Path, clock: Clock) -> None:
    progress = open_progress(tmp_path, clock)
    at = (DAY1 + timedelta(days=60)).isoformat(timespec="milliseconds")
    ident = progress.store.record(ItemRef("d", "c0"), ItemKind.FLASHCARD, True, at).id
    progress.rebuild()
    assert progress.ignored_notice() == (
        "warning: 1 answer(s) in the progress log are dated before 2000 or in the future and "
        f"are ignored: {ident} (d/c0, {at}). Remove them with "
        f"'studyapp progress drop {ident}'"
    )


def test_five_answers_out_of_range_are_all_named(tmp_path: Path, clock: Clock) -> None:
    progress = open_progress(tmp_path, clock)
    ahead = DAY1 + timedelta(days=60)
    for i in range(5):
        at = (ahead + timedelta(minutes=i)).isoformat(timespec="milliseconds")
        progress.store.record(ItemRef("d", f"c{i}"), ItemKind.FLASHCARD, True, at)
    progress.rebuild()
    notice = progress.ignored_notice()
    assert notice is not None and "warning: 5 answer(s)" in notice
    assert "more" not in notice and notice.count("d/c") == 5
