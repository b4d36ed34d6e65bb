"""`due` and `stats` count every deck in a few statements per deck, and today's new items in
the same pass over the states: the numbers are the ones counted deck by deck."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.paths import resolve_locations

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
DECKS = 11


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Eleven decks with a random history (some items never studied, some answers to items
    a deck no longer has, one deck only the log knows) imported into a fresh profile."""
    folder = tmp_path / "decks"
    folder.mkdir()
    for number in range(DECKS):
        cards = "\n".join(f"  - {{id: c{n}, front: f, back: b}}" for n in range(30))
        (folder / f"d{number:02d}.yaml").write_text(
            f"deck:\n  id: d{number:02d}\n  title: Deck {number}\nflashcards:\n{cards}\n"
            "questions:\n  - {id: q1, tier: beginner, prompt: p, answer: a, key_points: [k]}\n",
            encoding="utf-8",
        )
    monkeypatch.setenv("STUDYAPP_NOW", NOW.isoformat())
    empty = tmp_path / "no-bundled-content"
    empty.mkdir()
    monkeypatch.setattr("studyapp.paths.bundled_content_dir", lambda: empty)
    rng = random.Random(7)
    lines: list[str] = []
    for number in range(DECKS + 1):  # the last deck has no file: only the log knows it
        items = [f"c{n}" for n in range(30)] + ["q1", "gone"]
        for item in items:
            if rng.random() < 0.25:
                continue
            at = NOW - timedelta(days=35, minutes=rng.randrange(2000))
            for _ in range(rng.randrange(1, 5)):
                at += timedelta(days=rng.randrange(1, 9), minutes=rng.randrange(900))
                if at >= NOW:
                    break
                lines.append(json.dumps({
                    "id": f"e{len(lines)}", "deck": f"d{number:02d}", "item": item,
                    "kind": "question" if item == "q1" else "flashcard",
                    "at": at.isoformat(), "correct": rng.random() < 0.75, "mode": "review",
                }))
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(["progress", "import", str(log)]) == 0
    return folder


def _output(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert run(list(argv)) == 0
    return capsys.readouterr().out


def test_due_for_every_deck_matches_due_deck_by_deck(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    every = json.loads(_output(capsys, "--content", str(profile), "due", "--json"))
    assert len(every["decks"]) == DECKS
    assert sum(sum(deck["due"].values()) for deck in every["decks"]) > 0
    for deck in every["decks"]:
        one = json.loads(
            _output(capsys, "--content", str(profile), "due", "--json", "--deck", deck["id"])
        )
        assert one["decks"] == [deck]


def test_stats_forecast_starts_with_the_due_total(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    due = json.loads(_output(capsys, "--content", str(profile), "due", "--json"))
    stats = json.loads(_output(capsys, "--content", str(profile), "stats", "--json"))
    total = sum(sum(deck["due"].values()) for deck in due["decks"])
    assert stats["forecast"][0] == {"date": "2026-06-10", "due": total}
    # The deck only the log knows is reported with its answered items as orphans.
    assert "d11" in {deck["id"] for deck in stats["decks"]}


def test_new_items_left_today_are_the_same_for_every_deck_and_for_one(
    profile: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Items first answered today use up the daily allowance across decks: the count done
    along with every deck's states matches the separate count `--deck` needs."""
    today = NOW - timedelta(hours=1)
    lines = [
        json.dumps({"id": f"today-{n}", "deck": f"d{n % 3:02d}", "item": f"new-{n}",
                    "kind": "flashcard", "at": today.isoformat(), "correct": True,
                    "mode": "review"})
        for n in range(5)
    ]
    log = tmp_path / "today.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(["progress", "import", str(log)]) == 0
    every = _output(capsys, "--content", str(profile), "due").splitlines()[0]
    one = _output(capsys, "--content", str(profile), "due", "--deck", "d05").splitlines()[0]
    assert every.endswith("(new items left today: 15 of 20)")
    assert one == every


def test_stats_for_one_deck_counts_what_stats_for_every_deck_says_of_it(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    every = json.loads(_output(capsys, "--content", str(profile), "stats", "--json"))
    by_id = {deck["id"]: deck for deck in every["decks"]}
    for deck_id in ("d00", "d07", "d11"):
        one = json.loads(
            _output(capsys, "--content", str(profile), "stats", "--json", "--deck", deck_id)
        )
        assert one["decks"] == [by_id[deck_id]]


def _import(tmp_path: Path, name: str, events: list[dict[str, object]]) -> None:
    log = tmp_path / name
    log.write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")
    assert run(["progress", "import", str(log)]) == 0


def _event(ident: str, deck: str, item: str, at: datetime, mode: str = "review") -> dict[str, object]:
    return {"id": ident, "deck": deck, "item": item, "kind": "flashcard",
            "at": at.isoformat(), "correct": True, "mode": mode}


@pytest.mark.parametrize("mode", ["practice", "cram"])
def test_an_item_answered_only_outside_review_is_still_listed_as_orphaned(
    profile: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, mode: str
) -> None:
    """Such an item has answers but no state: stats finds it in the log itself."""
    at = NOW - timedelta(days=2)
    _import(tmp_path, "extra.jsonl", [
        _event("only-practice", "d03", "dropped-card", at, mode),
        _event("a-review", "d04", "c1", at),
    ])
    stats = json.loads(_output(capsys, "--content", str(profile), "stats", "--json"))
    by_id = {deck["id"]: deck for deck in stats["decks"]}
    assert "dropped-card" in by_id["d03"]["orphaned_items"]
    assert "dropped-card" not in by_id["d04"]["orphaned_items"]
    assert by_id["d03"]["orphaned"] == len(by_id["d03"]["orphaned_items"])


def test_an_item_whose_only_answer_is_dated_out_of_range_is_listed_as_orphaned(
    profile: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An answer dated before 2000 is kept in the log but left out of the schedule."""
    # Written straight into the database, as an older studyapp or a wrong clock would have.
    with sqlite3.connect(resolve_locations().database) as db:
        db.execute(
            "INSERT INTO review_log (id, deck, item, kind, at, correct, mode) VALUES"
            " ('ancient', 'd05', 'from-1999', 'flashcard', '1999-05-01T10:00:00.000+00:00', 1,"
            " 'review')"
        )
    # A writable open replays the item and notes the answer as left out.
    assert run(["progress", "rebuild"]) == 0
    capsys.readouterr()
    stats = json.loads(_output(capsys, "--content", str(profile), "stats", "--json"))
    deck = next(deck for deck in stats["decks"] if deck["id"] == "d05")
    assert "from-1999" in deck["orphaned_items"]


def test_stats_json_puts_each_deck_on_its_own_line(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _output(capsys, "--content", str(profile), "stats", "--json")
    report = json.loads(text)
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and text.endswith("}\n")
    deck_lines = [line for line in lines if line.startswith('    {"id": ')]
    assert [json.loads(line.rstrip(","))["id"] for line in deck_lines] == [
        deck["id"] for deck in report["decks"]
    ]
    assert any(line.startswith('  "forecast": [') for line in lines)
