"""Times are bounded: the clock, imported answers and stored ones can never break scheduling."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.context import Context
from studyapp.model import ItemKind, ItemRef
from studyapp.scheduling import LeitnerState, Rules, due_at, due_thresholds, study_day
from studyapp.session import StudyService
from studyapp.store import ProgressStore
from studyapp.tui.app import StudyApp
from studyapp.tui.screens.home import HomeScreen
from tests.helpers import VALID_DECK, write_deck
from tests.tui_support import settle

CARD = ItemRef("demo", "card-one")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    empty = tmp_path / "no-bundled-content"
    empty.mkdir()
    monkeypatch.setattr("studyapp.paths.bundled_content_dir", lambda: empty)
    return write_deck(tmp_path / "decks", "demo.yaml", VALID_DECK)


def database(home: Path) -> Path:
    return home / "data" / "progress.sqlite3"


def store_event_like_an_older_version(home: Path, ident: str, at: str) -> None:
    """An answer written straight into the log and the state, as an older studyapp did."""
    ProgressStore(database(home)).close()
    db = sqlite3.connect(database(home))
    db.execute(
        "INSERT INTO review_log (id, deck, item, kind, at, correct, mode, box_before, box_after)"
        " VALUES (?, 'demo', 'card-one', 'flashcard', ?, 1, 'review', NULL, 2)",
        (ident, at),
    )
    db.execute("INSERT OR REPLACE INTO item_state VALUES ('demo', 'card-one', 'flashcard', 2,"
               " ?, ?, 1, 0)", (at, at))
    db.execute("UPDATE meta SET value = 'from an older studyapp' WHERE key = 'rules'")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "value", ["1999-12-31T23:00:00+00:00", "0001-01-01T00:00:00+05:00", "yesterday", "10000-01-01"]
)
@pytest.mark.parametrize("argv", [["due"], ["validate"], ["progress", "export"]])
def test_a_clock_outside_2000_to_9999_is_a_usage_error(
    value: str, argv: list[str], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", value)
    code, _, err = cli(capsys, *argv)
    assert code == 2
    assert f"STUDYAPP_NOW={value!r}" in err and "2000 to 9999" in err
    assert "internal error" not in err


def test_scheduling_near_the_end_of_the_calendar_does_not_overflow() -> None:
    rules = Rules(intervals=(1, 36_500))
    end = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    state = LeitnerState(2, "9999-12-31T22:00:00.000+00:00", "9999-12-31T22:00:00.000+00:00")
    assert due_at(rules, state, end).date() == date.max
    assert len(due_thresholds(rules, end)) == 2
    start = datetime(2000, 1, 1, tzinfo=UTC)
    assert due_thresholds(rules, start)[1].startswith("19")
    assert study_day(Rules(day_starts_at=time(0, 0)), datetime.min.replace(tzinfo=UTC), UTC)


def test_studying_with_the_clock_at_year_9999_works(
    deck: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    isolated_folders: Path,
) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", "9999-12-31T23:30:00+00:00")
    service = StudyService.at(database(isolated_folders))
    session = service.start_session(Context.create(content=[str(deck)]).decks().decks)
    assert "next review" in session.answer(True).text
    service.close()
    code, out, err = cli(capsys, "--content", str(deck), "due")
    assert code == 0 and "Total:" in out and err == ""
    assert cli(capsys, "--content", str(deck), "stats")[0] == 0


def test_a_stored_answer_from_the_far_future_is_reported_ignored_and_droppable(
    deck: Path, capsys: pytest.CaptureFixture[str], isolated_folders: Path
) -> None:
    store_event_like_an_older_version(isolated_folders, "e-9999", "9999-12-31T23:59:59.000+00:00")
    for argv in (["due"], ["stats"], ["due", "--json"]):
        code, out, err = cli(capsys, "--content", str(deck), *argv)
        assert code == 0, err
        assert err.count("e-9999") == 2  # named once, and in the command that removes it
        assert "studyapp progress drop e-9999" in err and "ignored" in err
    # Ignored: the item counts as never answered, so it is new, not parked until 9999.
    report = json.loads(cli(capsys, "--content", str(deck), "due", "--json")[1])
    assert report["decks"][0]["new"]["flashcard"] == 1
    code, out, err = cli(capsys, "progress", "drop", "e-9999", "e-unknown")
    assert code == 1
    assert out.startswith("dropped e-9999 (demo/card-one, 9999-12-31")
    assert "no answer with event id 'e-unknown'" in err
    code, out, err = cli(capsys, "--content", str(deck), "due")
    assert code == 0 and "e-9999" not in err and err == ""
    assert cli(capsys, "progress", "export")[1] == ""


def test_an_answer_from_the_future_written_by_a_wrong_clock_is_left_out_later(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated_folders: Path
) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", "2030-01-01T10:00:00+00:00")
    with closing(StudyService.at(database(isolated_folders))) as service:
        future = service.record_answer(CARD, ItemKind.FLASHCARD, True)
    monkeypatch.setenv("STUDYAPP_NOW", "2026-06-01T10:00:00+00:00")
    with closing(StudyService.at(database(isolated_folders))) as service:
        assert service.store.state(CARD) is None
        assert [event.id for event in service.store.ignored_events()] == [future.id]
        service.record_answer(CARD, ItemKind.FLASHCARD, True)
        state = service.store.state(CARD)
        assert state is not None and state.box == 2 and state.reviews == 1
    monkeypatch.setenv("STUDYAPP_NOW", "2030-01-01T12:00:00+00:00")  # the answer's time came
    with closing(StudyService.at(database(isolated_folders))) as service:
        state = service.store.state(CARD)
        assert state is not None and state.reviews == 2
        assert service.store.ignored_events() == []


def test_imported_answers_must_fall_between_2000_and_a_day_after_now(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", "2026-06-10T12:00:00+00:00")
    lines = [
        {"at": "1999-12-31T23:59:59Z"},
        {"at": "2026-06-11T11:00:00Z"},  # within a day: clocks disagree a little
        {"at": "2026-06-11T13:00:00Z"},
        {"at": "9999-12-31T23:59:59Z"},
        {"at": "0001-01-01T00:00:00+05:00"},
    ]
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(
        json.dumps({"id": f"e{n}", "deck": "demo", "item": "card-one", "kind": "flashcard",
                    "correct": True, **line})
        for n, line in enumerate(lines)
    ) + "\n", encoding="utf-8")
    code, out, err = cli(capsys, "progress", "import", str(path), "--skip-bad")
    assert code == 0
    assert out.strip() == "imported 1 new answer(s) (0 already present), skipped 4 bad line(s)"
    problems = err.splitlines()
    assert [p.split(":")[1] for p in problems] == ["1", "3", "4", "5"]
    assert "answers must be dated from 2000-01-01 up to a day after now" in problems[0]


async def test_the_app_opens_with_a_stored_answer_from_year_9999(
    deck: Path, isolated_folders: Path
) -> None:
    store_event_like_an_older_version(isolated_folders, "e-9999", "9999-12-31T23:59:59.000+00:00")
    app = StudyApp(Context.create(content=[str(deck)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.error is None and screen.overviews


def test_answer_times_at_the_integer_limit_do_not_break_stats(
    tmp_path: Path, deck: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STUDYAPP_NOW", "2026-06-10T12:00:00+00:00")
    path = tmp_path / "log.jsonl"
    path.write_text("".join(
        json.dumps({"id": f"e{n}", "deck": "demo", "item": "card-one", "kind": "flashcard",
                    "at": "2026-06-09T10:00:00Z", "correct": True, "answer_ms": 2**63 - 1})
        + "\n" for n in range(3)
    ), encoding="utf-8")
    assert cli(capsys, "progress", "import", str(path))[0] == 0
    code, out, err = cli(capsys, "--content", str(deck), "stats", "--json")
    assert code == 0, err
    assert json.loads(out)["decks"][0]["id"] == "demo"


def test_the_range_follows_the_services_own_clock(isolated_folders: Path) -> None:
    service = StudyService.at(database(isolated_folders))
    service.clock = lambda: datetime(2031, 5, 1, 9, 0, tzinfo=UTC)
    try:
        first = service.record_answer(CARD, ItemKind.FLASHCARD, True)
        service.record_answer(CARD, ItemKind.FLASHCARD, True)
        service.undo_last()  # replays the item: the 2031 answer is "now", so it counts
        state = service.store.state(CARD)
        assert state is not None and (state.box, state.last_at) == (2, first.at)
        assert service.store.ignored_events() == []
    finally:
        service.close()
