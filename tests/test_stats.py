"""`studyapp stats`: forecast and heatmap, accuracy by kind and tier, coding, time, recall."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from studyapp.cli import run
from studyapp.model import ItemKind, ItemRef
from studyapp.scheduling import Rules, due_at, parse_time, study_day
from studyapp.session import StudyService

DECK = """\
deck:
  id: stats-deck
  title: Stats deck
flashcards:
{cards}
questions:
  - {{id: qb, tier: beginner, prompt: p, answer: a, key_points: [k]}}
  - {{id: qi, tier: intermediate, prompt: p, answer: a, key_points: [k]}}
  - {{id: qe, tier: expert, prompt: p, answer: a, key_points: [k]}}
"""
OTHER = """\
deck:
  id: other-deck
  title: Other deck
flashcards:
{cards}
"""
NOW = "2026-06-10T12:00:00+00:00"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    cards = "\n".join(f"  - {{id: c{n}, front: f, back: b}}" for n in range(40))
    (folder / "stats.yaml").write_text(DECK.format(cards=cards), encoding="utf-8")
    (folder / "other.yaml").write_text(OTHER.format(cards=cards), encoding="utf-8")
    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    empty = tmp_path / "no-bundled-content"
    empty.mkdir()
    monkeypatch.setattr("studyapp.paths.bundled_content_dir", lambda: empty)
    return folder


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def event(ident: str, deck: str, item: str, at: datetime, correct: bool = True,
          kind: str = "flashcard", **extra: Any) -> str:
    return json.dumps({"id": ident, "deck": deck, "item": item, "kind": kind,
                       "at": at.isoformat(), "correct": correct, "mode": "review", **extra})


def import_events(tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str]) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli(capsys, "progress", "import", str(path))[0] == 0


def random_history(seed: int, now: datetime, orphans: bool) -> list[str]:
    """Answers to most cards of both decks over the last 40 days, right or wrong at random."""
    rng = random.Random(seed)
    lines = []
    number = 0
    for deck in ("stats-deck", "other-deck"):
        items = [f"c{n}" for n in range(40)] + (["gone-1", "gone-2"] if orphans else [])
        for item in items:
            if rng.random() < 0.2:
                continue  # never studied
            at = now - timedelta(days=40, hours=rng.randrange(24))
            for _ in range(rng.randrange(1, 6)):
                at += timedelta(days=rng.randrange(1, 9), minutes=rng.randrange(600))
                if at >= now:
                    break
                lines.append(event(f"e{number}", deck, item, at, rng.random() < 0.8))
                number += 1
    return lines


@pytest.mark.parametrize(("seed", "orphans"), [(1, False), (2, True), (3, False), (4, True)])
def test_forecast_starts_with_the_due_total_and_follows_the_schedule(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, seed: int, orphans: bool,
) -> None:
    now = parse_time(NOW)
    import_events(tmp_path, capsys, random_history(seed, now, orphans))
    for hours in (0, 17, 30):  # three moments, one of them before the 04:00 day start
        moment = now + timedelta(hours=hours)
        monkeypatch.setenv("STUDYAPP_NOW", moment.isoformat())
        code, out, _ = cli(capsys, "--content", str(content), "due", "--json")
        assert code == 0
        due_total = sum(sum(deck["due"].values()) for deck in json.loads(out)["decks"])
        code, out, _ = cli(capsys, "--content", str(content), "stats", "--json")
        assert code == 0
        forecast = json.loads(out)["forecast"]
        assert len(forecast) == 14
        assert forecast[0]["due"] == due_total > 0
        # Every later day: the items whose wait ends that day, computed item by item.
        rules = Rules()
        today = study_day(rules, moment, UTC)
        assert [row["date"] for row in forecast] == [
            (today + timedelta(days=d)).isoformat() for d in range(14)
        ]
        service = StudyService.at(Path(tmp_path / "studyapp-home/data/progress.sqlite3"))
        expected = [0] * 14
        for states in service.store.states().values():
            for item, state in states.items():
                if item.startswith("gone"):
                    continue
                day = study_day(rules, due_at(rules, state, moment), UTC)
                expected[max((day - today).days, 0)] += (day - today).days < 14
        service.close()
        assert [row["due"] for row in forecast] == expected


def test_heatmap_accuracy_coding_and_time(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = parse_time(NOW)
    day = timedelta(days=1)
    lines = [
        # Today's study day began at 04:00: 03:00 belongs to yesterday.
        event("a1", "stats-deck", "c1", now - timedelta(hours=9), answer_ms=60_000),
        event("a2", "stats-deck", "c2", now - timedelta(hours=1), False, answer_ms=30_000),
        event("a3", "stats-deck", "qb", now - 2 * day, kind="question", answer_ms=90_000),
        event("a4", "stats-deck", "qi", now - 2 * day, False, kind="question"),
        event("a5", "stats-deck", "qe", now - 3 * day, kind="question", mode="cram"),
        event("a6", "other-deck", "c1", now - 120 * day),  # outside 112 days and 30 days
        event("a7", "stats-deck", "ex", now - 5 * day, False, kind="sandbox"),
        event("a8", "stats-deck", "ex", now - 4 * day, True, kind="sandbox"),
        event("a9", "stats-deck", "ex2", now - 4 * day, False, kind="sandbox"),
    ]
    import_events(tmp_path, capsys, lines)
    code, out, _ = cli(capsys, "--content", str(content), "stats", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["heatmap"] == [
        {"date": "2026-06-05", "reviews": 1, "correct": 0},
        {"date": "2026-06-06", "reviews": 2, "correct": 1},
        {"date": "2026-06-07", "reviews": 1, "correct": 1},
        {"date": "2026-06-08", "reviews": 2, "correct": 1},
        {"date": "2026-06-09", "reviews": 1, "correct": 1},
        {"date": "2026-06-10", "reviews": 1, "correct": 0},
    ]
    assert report["accuracy_by_kind"]["flashcard"] == {"answers": 2, "correct": 1,
                                                       "accuracy": 0.5}
    assert report["accuracy_by_kind"]["question"]["answers"] == 3
    assert report["accuracy_by_tier"] == {
        "beginner": {"answers": 1, "correct": 1, "accuracy": 1.0},
        "intermediate": {"answers": 1, "correct": 0, "accuracy": 0.0},
        "expert": {"answers": 1, "correct": 1, "accuracy": 1.0},
    }
    assert report["coding"] == {"exercises": 0, "passed": 1, "attempts": 3}
    assert report["time_studied_ms"] == {"7d": 180_000, "30d": 180_000, "total": 180_000}
    # Review answers of the last 30 days, each from box 1 (first answers); the cram answer
    # to qe does not count.
    recall = report["recall_30d"]
    assert recall[0] == {"box": 1, "answers": 7, "correct": 3, "accuracy": 0.429,
                         "assumed": 0.9}
    assert all(row["answers"] == 0 and row["accuracy"] is None for row in recall[1:])
    deck = next(d for d in report["decks"] if d["id"] == "stats-deck")
    assert deck["boxes_by_kind"]["question"] == {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0}
    assert deck["orphaned_items"] == ["ex", "ex2"]


def test_stats_for_one_deck_counts_that_deck_only(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = parse_time(NOW)
    import_events(tmp_path, capsys, [
        event("b1", "stats-deck", "c1", now - timedelta(days=3)),
        event("b2", "other-deck", "c1", now - timedelta(days=3), answer_ms=5_000),
    ])
    code, out, _ = cli(capsys, "--content", str(content), "stats", "--deck", "stats-deck",
                       "--json")
    assert code == 0
    report = json.loads(out)
    assert [d["id"] for d in report["decks"]] == ["stats-deck"]
    assert report["forecast"][0]["due"] == 1  # box 2 waits 2 days: due since yesterday
    assert report["heatmap"] == [{"date": "2026-06-07", "reviews": 1, "correct": 1}]
    assert report["time_studied_ms"]["total"] == 0


def test_stats_text_names_what_recall_is_compared_to(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = parse_time(NOW)
    import_events(tmp_path, capsys, [event("t1", "stats-deck", "c1", now - timedelta(days=3),
                                           answer_ms=3_600_000)])
    code, out, _ = cli(capsys, "--content", str(content), "stats")
    assert code == 0
    assert "the schedule assumes 90%" in out
    assert "1 h 00 min in 7 days" in out
    assert "Due next 7 days: Wed 1" in out


def test_service_stats_takes_decks_or_catalogs(content: Path) -> None:
    from studyapp.decks import load_decks

    decks = load_decks([content]).decks
    service = StudyService.at(content.parent / "p.sqlite3")
    try:
        service.record_answer(ItemRef("stats-deck", "c3"), ItemKind.FLASHCARD, True)
        by_deck = service.stats(decks)
        by_catalog = service.stats([deck.catalog() for deck in decks])
    finally:
        service.close()
    assert by_deck == by_catalog
    stats = next(d for d in by_deck.decks if d.deck_id == "stats-deck")
    assert stats.overview.boxes[2] == 1 and stats.boxes_by_kind[ItemKind.FLASHCARD][2] == 1
