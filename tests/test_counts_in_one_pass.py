"""`due` and `stats` count every deck in a few statements per deck, and today's new items in
the same pass over the states: the numbers are the ones counted deck by deck."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.cli import run

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
