"""StudyService: `studyapp due` and answering against Anki's own backend; `stats --json`
against `due`; `progress import` rate.

Both sides hold the same number of items, all with review history, 30% (and, for the
count rows, also 10%) of them due, spread over the same number of decks (one per 1,000
items). Anki is the `anki` package from PyPI (the `bench` extra); without it the Anki
columns stay empty and the rows say so.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import PYTHON, Row, interleaved_process_times
from gen_decks import ITEMS_PER_FILE, generate

WORK = Path(tempfile.gettempdir()) / "studyapp-bench-progress"
DUE_SHARE = 0.3
"""Share of items due in both collections (the answer and import rows use this one)."""
DUE_SHARES = (0.3, 0.1)
"""Shares of items due for the count rows."""
ANSWERS = 2048
"""Answers timed per size (Anki moves on to the next deck when one has none due left): two
of ours fold the summaries (store/_summary.py FOLD_EVERY), which the mean shows."""

_ANKI_DUE = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
tree = col.sched.deck_due_tree()
for deck in tree.children:
    print(deck.name, deck.review_count, deck.new_count, deck.learn_count)
col.close()
"""


def _is_due(index: int, share: float = DUE_SHARE) -> bool:
    """The same items (`share` of them) are due on both sides."""
    return index % 10 < round(share * 10)


# -- studyapp side ---------------------------------------------------------------------------


def _studyapp_env(root: Path) -> dict[str, str]:
    """Folders of one benchmark profile."""
    return {
        "STUDYAPP_DATA_DIR": str(root / "data"),
        "STUDYAPP_CONFIG_DIR": str(root / "config"),
        "STUDYAPP_CACHE_DIR": str(root / "cache"),
    }


def _setup_studyapp(root: Path, content: Path, size: int, share: float = DUE_SHARE) -> Path:
    """A profile whose every item has one answer; `share` of them are due now."""
    from studyapp.decks import load_decks
    from studyapp.model import ItemRef, Review
    from studyapp.session import StudyService

    shutil.rmtree(root, ignore_errors=True)
    env = _studyapp_env(root)
    loaded = load_decks([content], cache_dir=Path(env["STUDYAPP_CACHE_DIR"]))
    assert loaded.ok and sum(deck.size for deck in loaded.decks) == size, loaded.problems[:3]
    now = datetime.now(UTC)
    due_at = (now - timedelta(days=3)).isoformat(timespec="milliseconds")
    fresh_at = (now - timedelta(hours=12)).isoformat(timespec="milliseconds")
    reviews = []
    index = 0
    for deck in loaded.decks:
        for item in deck.items():
            at = due_at if _is_due(index, share) else fresh_at
            reviews.append(
                Review(f"bench-{index}", ItemRef(deck.id, item.id), item.kind, at, True, "review")
            )
            index += 1
    progress = StudyService.at(Path(env["STUDYAPP_DATA_DIR"]) / "progress.sqlite3")
    progress.store.merge(reviews)
    progress.close()
    return root


class _StudyappAnswers:
    """Answers due items of the benchmark profile through StudyService.record_answer."""

    def __init__(self, root: Path, content: Path) -> None:
        from studyapp.decks import load_decks
        from studyapp.session import StudyService

        decks = load_decks([content], cache_dir=root / "cache").decks
        self.progress = StudyService.at(root / "data" / "progress.sqlite3")
        self.queue = self.progress.build_queue(decks, limit=ANSWERS)

    def answer(self, index: int) -> float:
        """Seconds to record the answer to the index-th due item (commit included)."""
        entry = self.queue[index]
        start = time.perf_counter()
        self.progress.record_answer(entry.ref, entry.kind, True, answer_ms=4000)
        return time.perf_counter() - start

    def close(self) -> None:
        """Close the database."""
        self.progress.close()


def _import_rate(root: Path, size: int) -> float:
    """Events per second of `studyapp progress import` (whole process) into a fresh profile."""
    log = root / "export.jsonl"
    env = {**os.environ, **_studyapp_env(root)}
    with open(log, "w", encoding="utf-8") as out:
        subprocess.run([PYTHON, "-m", "studyapp", "progress", "export"], env=env, stdout=out,
                       check=True)
    rates = []
    for attempt in range(3):
        target = root / f"import-{attempt}"
        shutil.rmtree(target, ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(
            [PYTHON, "-m", "studyapp", "progress", "import", str(log)],
            env={**os.environ, **_studyapp_env(target)}, stdout=subprocess.DEVNULL, check=True,
        )
        rates.append(size / (time.perf_counter() - start))
    return statistics.median(rates)


# -- Anki side -------------------------------------------------------------------------------


def _anki_available() -> str | None:
    """None when anki can be imported, else the error text."""
    try:
        import anki.collection  # noqa: F401
    except Exception as error:  # any import failure means "no peer"
        return f"{type(error).__name__}: {error}"
    return None


def _setup_anki(path: Path, size: int, share: float = DUE_SHARE) -> None:
    """A collection of `size` review cards over size/1000 decks, `share` of them due."""
    from anki.collection import AddNoteRequest, Collection

    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    col = Collection(str(path))
    model = col.models.by_name("Basic")
    conf = col.decks.get_config(1)
    conf["rev"]["perDay"] = 9999  # Anki's maximum: count every due card, as studyapp does
    col.decks.save(conf)
    requests = []
    decks = max(1, size // ITEMS_PER_FILE)
    for deck in range(decks):
        deck_id = col.decks.id(f"bench-{deck:04d}")
        for number in range(size // decks):
            note = col.new_note(model)
            note["Front"] = f"What does step {number} of gradient descent compute?"
            note["Back"] = "The gradient of the cost at the current weights."
            requests.append(AddNoteRequest(note, deck_id))
    col.add_notes(requests)
    today = col.sched.today
    ids = col.db.list("select id from cards order by id")
    col.db.execute("update cards set type=2, queue=2, ivl=2, factor=2500, reps=1, due=?", today + 1)
    due_ids = [card_id for index, card_id in enumerate(ids) if _is_due(index, share)]
    for start in range(0, len(due_ids), 500):
        chunk = due_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        col.db.execute(f"update cards set due=? where id in ({marks})", today - 1, *chunk)
    base = int(time.time() * 1000) - 10 * 86_400_000
    col.db.executemany(
        "insert into revlog (id,cid,usn,ease,ivl,lastIvl,factor,time,type) "
        "values (?,?,-1,3,2,0,2500,5000,0)",
        [(base + index, card_id) for index, card_id in enumerate(ids)],
    )
    col.close()


class _AnkiAnswers:
    """Answers due cards of the benchmark collection through Anki's scheduler."""

    def __init__(self, path: Path) -> None:
        from anki.collection import Collection

        self.col = Collection(str(path))
        self.deck = 0
        self.col.decks.select(self.col.decks.id("bench-0000"))

    def answer(self, index: int) -> float:
        """Seconds Anki's `answer_card` takes for the next queued card (its commit included)."""
        from anki.scheduler.v3 import CardAnswer

        queued = self.col.sched.get_queued_cards()
        while not queued.cards:
            self.deck += 1
            self.col.decks.select(self.col.decks.id(f"bench-{self.deck:04d}"))
            queued = self.col.sched.get_queued_cards()
        card = self.col.get_card(queued.cards[0].card.id)
        card.start_timer()
        answer = self.col.sched.build_answer(
            card=card, states=queued.cards[0].states, rating=CardAnswer.GOOD
        )
        start = time.perf_counter()
        self.col.sched.answer_card(answer)
        return time.perf_counter() - start

    def close(self) -> None:
        """Close the collection."""
        self.col.close()


class _AnswerTimes(NamedTuple):
    """Milliseconds per answer of studyapp and Anki (None without Anki)."""

    ours: float
    """Our median."""
    theirs: float | None
    """Anki's median."""
    our_mean: float
    """Our mean: it includes the one answer in FOLD_EVERY that also folds the summaries."""
    their_mean: float | None
    """Anki's mean."""


def _answer_ms(root: Path, content: Path, anki_path: Path | None) -> _AnswerTimes:
    """Ms per answer of studyapp and Anki, answering in turn so noise hits both alike.

    Who goes first alternates, so neither side always runs just after the other has
    pushed its data out of the CPU caches.
    """
    ours = _StudyappAnswers(root, content)
    theirs = _AnkiAnswers(anki_path) if anki_path is not None else None
    our_times: list[float] = []
    their_times: list[float] = []
    try:
        for index in range(min(ANSWERS, len(ours.queue))):
            if theirs is not None and index % 2:
                their_times.append(theirs.answer(index))
            our_times.append(ours.answer(index))
            if theirs is not None and not index % 2:
                their_times.append(theirs.answer(index))
    finally:
        ours.close()
        if theirs is not None:
            theirs.close()
    return _AnswerTimes(
        statistics.median(our_times) * 1000,
        statistics.median(their_times) * 1000 if their_times else None,
        statistics.mean(our_times) * 1000,
        statistics.mean(their_times) * 1000 if their_times else None,
    )


# -- the benchmark ---------------------------------------------------------------------------


def _count_rows(
    size: int, share: float, anki_error: str | None, repeat: int
) -> tuple[list[Row], Path, Path, Path | None]:
    """`studyapp due` against Anki's counts (whole processes), and at 30% due `stats --json`
    against `due`; returns the rows, the content, the profile and the Anki collection."""
    label = f"{size:,} items, {round(share * 100)}% due"
    content = generate(WORK / f"content-{size}", size)
    root = _setup_studyapp(WORK / f"profile-{size}-{round(share * 100)}", content, size, share)
    due = [PYTHON, "-m", "studyapp", "--content", str(content), "due"]
    commands: dict[str, list[str]] = {"studyapp": due}
    if share == DUE_SHARE:
        commands["stats"] = [PYTHON, "-m", "studyapp", "--content", str(content), "stats",
                             "--json"]
    anki_path: Path | None = None
    if anki_error is None:
        anki_path = WORK / f"anki-{size}-{round(share * 100)}" / "collection.anki2"
        anki_path.parent.mkdir(parents=True, exist_ok=True)
        _setup_anki(anki_path, size, share)
        script = WORK / "anki_due.py"
        script.write_text(_ANKI_DUE, encoding="utf-8")
        commands["anki"] = [PYTHON, str(script), str(anki_path)]
    for name, argv in commands.items():
        if name == "anki":
            continue
        check = subprocess.run(argv, env={**os.environ, **_studyapp_env(root)},
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"studyapp {name} failed: {check.stderr.strip()[-500:]}")
    timings = interleaved_process_times(commands, repeat=repeat, env=_studyapp_env(root))
    peer = "anki deck_due_tree, whole process" if anki_error is None else f"anki: {anki_error}"
    rows = [Row("progress", f"`studyapp due` whole process, {label}", timings["studyapp"], "s",
                peer, timings.get("anki"), 0.5)]
    if "stats" in timings:
        rows.append(Row("progress", f"`studyapp stats --json` whole process, {label}",
                        timings["stats"], "s", "`studyapp due` whole process, same run",
                        timings["studyapp"], 2.0))
    return rows, content, root, anki_path


def _size_rows(size: int, anki_error: str | None, repeat: int) -> list[Row]:
    """Every row for one collection size."""
    label = f"{size:,} items, {int(DUE_SHARE * 100)}% due"
    rows: list[Row] = []
    for share in DUE_SHARES:
        counted, content, root, anki_path = _count_rows(size, share, anki_error, repeat)
        rows += counted
        if share == DUE_SHARE:
            kept = content, root, anki_path
    content, root, anki_path = kept
    peer = "anki sched.answer_card" if anki_error is None else f"anki: {anki_error}"
    times = _answer_ms(root, content, anki_path)
    means = f"mean {times.our_mean * 1000:.0f} µs" + (
        f" vs Anki's {times.their_mean * 1000:.0f} µs" if times.their_mean is not None else ""
    )
    rows.append(Row("progress", f"record one answer (commit included), median of {ANSWERS:,}"
                    f" ({means}), {label}", times.ours, "ms", peer, times.theirs, 1.0))
    if size >= 100_000 or size < 10_000:
        rows.append(Row("progress", f"`progress import` of {size:,} events, whole process",
                        _import_rate(root, size), "events/s"))
    return rows


def run(quick: bool) -> list[Row]:
    """Rows for 10,000 and 100,000 items (2,000 with --quick)."""
    anki_error = _anki_available()
    sizes = [2_000] if quick else [10_000, 100_000]
    rows: list[Row] = []
    for size in sizes:
        rows += _size_rows(size, anki_error, repeat=3 if quick else 7)
    return rows


def _print(rows: list[Row]) -> None:
    """A plain table for running this module on its own."""
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "-"
        peer = f"{row.peer_value:.4g}" if row.peer_value is not None else "-"
        verdict = {True: "ok", False: "OVER", None: ""}[row.ok]
        print(f"{row.measure:<58} {row.value:>10.4g} {row.unit:<8} peer {peer:>8}  "
              f"ratio {ratio:>5} {verdict}   [{row.peer or ''}]")


if __name__ == "__main__":
    result = run(quick="--quick" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps([row.as_json() for row in result], indent=2))
    else:
        _print(result)

