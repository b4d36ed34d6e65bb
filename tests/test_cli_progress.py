"""`studyapp due`, `stats` and `progress export/import`: the JSON contracts and messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from studyapp.cli import run

DECK = """\
deck:
  id: cli-deck
  title: CLI deck
flashcards:
  - {id: c1, front: f, back: b}
  - {id: c2, front: f, back: b}
  - {id: c3, front: f, back: b}
questions:
  - {id: q1, tier: beginner, prompt: p, answer: a, key_points: [k]}
reorder:
  - {id: r1, prompt: p, steps: [a, b, c]}
"""
NOW = "2026-06-10T12:00:00+00:00"


def event(ident: str, item: str, at: str, correct: bool = True, **extra: Any) -> str:
    data = {"id": ident, "deck": "cli-deck", "item": item, "kind": "flashcard",
            "at": at, "correct": correct, "mode": "review", **extra}
    return json.dumps(data)


@pytest.fixture
def deck_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "decks" / "cli.yaml"
    path.parent.mkdir()
    path.write_text(DECK, encoding="utf-8")
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    # Only this deck: the bundled decks are other tests' business.
    empty = tmp_path / "no-bundled-content"
    empty.mkdir()
    monkeypatch.setattr("studyapp.paths.bundled_content_dir", lambda: empty)
    return path


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def import_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str],
                 *flags: str) -> tuple[int, str, str]:
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cli(capsys, "progress", "import", str(path), *flags)


HISTORY = [
    event("e1", "c1", "2026-06-08T09:00:00Z"),                 # box 2, due 06-10 04:00
    event("e2", "c2", "2026-06-09T09:00:00Z"),                 # box 2, due 06-11
    event("e3", "c2", "2026-06-09T09:05:00+00:00", False),     # box 1, due 06-10
    event("e4", "gone", "2026-06-01T09:00:00Z", box_before=4, box_after=5),
]


def test_due_json_reports_due_and_new_per_kind(
    tmp_path: Path, deck_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_lines(tmp_path, capsys, HISTORY)[0] == 0
    code, out, _ = cli(capsys, "--content", str(deck_file), "due", "--deck", "cli-deck", "--json")
    assert code == 0
    assert json.loads(out) == {
        "now": "2026-06-10T12:00:00.000+00:00",
        "decks": [{
            "id": "cli-deck",
            "due": {"flashcard": 2, "question": 0, "reorder": 0, "sandbox": 0, "lab": 0},
            "new": {"flashcard": 1, "question": 1, "reorder": 1, "sandbox": 0, "lab": 0},
            "next_due": None,
        }],
    }


def test_due_text_and_next_due(
    tmp_path: Path,
    deck_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import_lines(tmp_path, capsys, HISTORY[:2])
    monkeypatch.setenv("STUDYAPP_NOW", "2026-06-09T12:00:00+00:00")
    code, out, _ = cli(capsys, "--content", str(deck_file), "due", "--deck", "cli-deck", "--json")
    assert json.loads(out)["decks"][0]["next_due"] == "2026-06-10T04:00:00.000+00:00"
    code, out, _ = cli(capsys, "--content", str(deck_file), "due", "--deck", "cli-deck")
    assert code == 0
    assert "cli-deck" in out and "2026-06-10 04:00" in out and "Total: 0 due, 3 new" in out


def test_an_unknown_deck_is_a_usage_error_with_a_suggestion(
    deck_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "--content", str(deck_file), "due", "--deck", "cli-dek")
    assert code == 2
    assert "unknown deck 'cli-dek' (did you mean 'cli-deck'?)" in err


def test_stats_json_shape_and_values(
    tmp_path: Path, deck_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_lines(tmp_path, capsys, HISTORY)
    code, out, _ = cli(capsys, "--content", str(deck_file), "stats", "--json")
    assert code == 0
    report = json.loads(out)
    deck = next(d for d in report["decks"] if d["id"] == "cli-deck")
    assert deck["boxes"] == {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0}
    assert deck["unseen"] == 3
    assert (deck["reviews_7d"], deck["accuracy_7d"]) == (3, 0.667)
    assert (deck["reviews_30d"], deck["accuracy_30d"]) == (4, 0.75)
    # From box 1 (new items): e1, e2, e4 right; from box 2: e3 wrong. Imported boxes ignored.
    assert deck["recall_by_box"] == {"1": 1.0, "2": 0.0, "3": None, "4": None, "5": None}
    assert deck["orphaned"] == 1 and deck["orphaned_items"] == ["gone"]
    # Nothing answered today (06-10) yet, so the streak runs up to yesterday: 06-08, 06-09.
    assert report["streak_days"] == 2


def test_export_then_import_elsewhere_is_idempotent(
    tmp_path: Path, deck_file: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import_lines(tmp_path, capsys, HISTORY)
    code, exported, _ = cli(capsys, "progress", "export")
    assert code == 0
    rows = [json.loads(line) for line in exported.splitlines()]
    assert [row["id"] for row in rows] == ["e4", "e1", "e2", "e3"]
    assert list(rows[0]) == ["id", "deck", "item", "kind", "at", "correct", "mode",
                             "answer_ms", "box_before", "box_after", "detail"]
    assert (rows[0]["box_before"], rows[0]["box_after"]) == (None, 2)  # recomputed
    backup = tmp_path / "backup.jsonl"
    assert cli(capsys, "progress", "export", str(backup))[0] == 0
    monkeypatch.setenv("STUDYAPP_DATA_DIR", str(tmp_path / "other-machine"))
    code, out, _ = cli(capsys, "progress", "import", str(backup))
    assert (code, out.strip()) == (0, "imported 4 new answer(s) (0 already present)")
    code, out, _ = cli(capsys, "progress", "import", str(backup))
    assert (code, out.strip()) == (0, "imported 0 new answer(s) (4 already present)")
    assert cli(capsys, "progress", "export")[1] == exported


def test_malformed_lines_are_reported_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        event("e1", "c1", "2026-06-08T09:00:00Z"),
        "{not json",
        event("e2", "c2", "yesterday"),
        json.dumps({"id": "e3", "deck": "d", "item": "i", "kind": "card", "at": NOW,
                    "correct": True}),
        json.dumps({"id": "e4", "deck": "d", "item": "i", "kind": "flashcard", "at": NOW,
                    "corect": True}),
        "",
        event("e5", "c3", "2026-06-08T10:00:00Z"),
    ]
    code, out, err = import_lines(tmp_path, capsys, lines)
    log = tmp_path / "log.jsonl"
    assert code == 1 and out == ""
    messages = err.splitlines()
    assert messages[0].startswith(f"{log}:2:2: not valid JSON")
    assert messages[1].startswith(f"{log}:3:1: 'at' must be an ISO 8601 time")
    assert messages[2].startswith(f"{log}:4:1: 'kind' must be one of")
    assert messages[3] == f"{log}:5:1: unknown key 'corect' (did you mean 'correct'?)"
    assert "nothing imported: 4 bad line(s)" in messages[4]
    assert cli(capsys, "progress", "export")[1] == ""
    code, out, err = import_lines(tmp_path, capsys, lines, "--skip-bad")
    assert code == 0
    assert out.strip() == "imported 2 new answer(s) (0 already present), skipped 4 bad line(s)"
    assert len(cli(capsys, "progress", "export")[1].splitlines()) == 2


def test_a_missing_import_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "progress", "import", str(tmp_path / "nope.jsonl"))
    assert code == 1 and "nope.jsonl: cannot read the file" in err and "Traceback" not in err


def test_a_bad_config_key_is_reported_with_its_position_and_due_still_runs(
    isolated_folders: Path, deck_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = isolated_folders / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("boxes: 5\nnew_per_dai: 3\n", encoding="utf-8")
    code, out, err = cli(capsys, "--content", str(deck_file), "due")
    assert code == 0 and "Total:" in out
    expected = "unknown key 'new_per_dai' in config.yaml (did you mean 'new_per_day'?)"
    assert f"{config}:2:1: {expected}" in err


def test_rebuild_reports_the_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import_lines(tmp_path, capsys, HISTORY)
    code, out, _ = cli(capsys, "progress", "rebuild")
    assert (code, out.strip()) == (0, "rebuilt the boxes of 3 item(s) from the review log")
