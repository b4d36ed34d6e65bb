"""TUI: start-up until the decks are on screen, and key press until the next card is drawn.

Start-up. Two driver scripts (written to a temp folder) run headless in child processes,
interleaved: studyapp until the home screen's deck table shows the bundled decks, and a bare
Textual app (Header, Footer, one Static) until that Static is on screen. Both use the same
paint hook: in headless mode Textual computes each frame but does not turn it into terminal
output, so the hook renders every frame to the terminal byte string (what a real terminal
run writes) and the driver stops at the first frame that holds the awaited text. The figure
is from just before the parent spawns the child to that frame (CLOCK_MONOTONIC is shared by
all processes), so interpreter start and imports count and shutdown does not. The deck
cache is warm (a checked run goes first) and each data folder already holds its database.

Key press to the next card. In this process, `App.run_test()` over a collection of
generated decks (with review history for half of the items, so the database is not empty),
`f` on the home screen starts a flashcard session, then for each answer: space reveals and
the screen settles (untimed); then the "2" key event is handed to the driver exactly as
`Pilot.press` does, and the time is taken until the first rendered frame that contains the
next card's front text (same paint hook as above). That span holds the key dispatch, the
answer's SQLite commit, the swap of the card view, Textual's layout and frame pacing, and the
rendering of the frame. `Pilot.press` itself is not timed: it sleeps in 20 ms steps while it
waits for idle. The row also gives the p90, the CPU time of the process over the span, how
many frames were drawn until the card showed, the view's grade action (it only posts the
answer to the screen) and the answer's commit.

`python benchmarks/bench_tui.py --profile [--quick]` runs the key-press part under cProfile.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import PYTHON, Row
from gen_decks import generate

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.gettempdir()) / "studyapp-bench"
NOW = "2026-03-02T09:00:00+00:00"
"""The fixed clock of every run (STUDYAPP_NOW)."""

# -- start-up -------------------------------------------------------------------------------

_PAINT_HOOK = '''
import json, sys, time
from textual._compositor import CompositorUpdate


class PaintHook:
    """Renders each headless frame to terminal output; exits on the first holding `awaited`
    (a tuple of texts)."""

    awaited = None

    def awaited_text(self):
        """The texts to wait for, once the state to show is reached (None: not yet)."""
        return None

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is None or self._batch_count:
            return
        if self.awaited is None:
            # Checked before rendering: this frame already reflects that state.
            self.awaited = self.awaited_text()
        if isinstance(renderable, CompositorUpdate):
            output = renderable.render_segments(self.console)
        else:
            output = self.console._render_buffer(self.console.render(renderable))
        if self.awaited and all(text in output for text in self.awaited) and not self._exit:
            self.shown_at = time.monotonic()
            self.exit()

    def report(self, **extra):
        print(json.dumps({"shown_at": getattr(self, "shown_at", None), **extra}), flush=True)
'''

_BARE_DRIVER = _PAINT_HOOK + '''
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(PaintHook, App):
    def compose(self):
        yield Header()
        yield Static("Hello from a bare Textual app")
        yield Footer()

    def awaited_text(self):
        return ("Hello from a bare",)

    def on_mount(self):
        self.set_timer(30, lambda: self.exit(return_code=3))


app = Bare()
app.run(headless=True)
app.report()
sys.exit(app.return_code or 0)
'''

_STUDYAPP_DRIVER = _PAINT_HOOK + '''
sys.path.insert(0, sys.argv[1])
from pathlib import Path

from studyapp.context import Context
from studyapp.tui import app as app_module
from studyapp.tui.app import StudyApp
from studyapp.tui.screens.home import HomeScreen


class Timed(PaintHook, StudyApp):
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))  # relative: to this file
    rows = 0

    def on_mount(self):  # StudyApp.on_mount (pushing the home screen) runs after this one
        self.set_timer(30, lambda: self.exit(return_code=3))

    def awaited_text(self):
        # The home screen fills its table in the same handler that sets `result`.
        home = self.screen
        if not isinstance(home, HomeScreen) or home.result is None:
            return None
        self.rows = home.query_one("#deck-table").row_count
        if not home.result.decks or home.error is not None or not self.rows:
            self.exit(return_code=4)
            return None
        # The status line and the first row's title (its start: long titles are cut to fit).
        status = str(home.query_one("#status").content)[:20]
        return (status, home.result.decks[0].title[:12])


app = Timed(Context.create(data_dir=None, content=[]))
app.run(headless=True)
app.report(rows=app.rows, numpy="numpy" in sys.modules,
           sandbox=sorted(name for name in sys.modules if name.startswith("studyapp.sandbox")))
sys.exit(app.return_code or 0)
'''


def _folders_env(base: Path) -> dict[str, str]:
    """Environment pointing every studyapp folder into `base`, with the fixed clock."""
    env = {"STUDYAPP_NOW": NOW}
    for name in ("DATA", "CONFIG", "CACHE"):
        folder = base / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"STUDYAPP_{name}_DIR"] = str(folder)
    return env


def _launch(argv: list[str], env: dict[str, str]) -> tuple[float, float, dict[str, Any]]:
    """(seconds to the awaited frame, seconds to exit, the driver's report) of one run."""
    start = time.monotonic()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    ended = time.monotonic()
    if done.returncode:
        raise RuntimeError(f"{argv[1]} failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["shown_at"] - start, ended - start, report


def startup_rows(quick: bool) -> list[Row]:
    """studyapp's start-up against a bare Textual app, interleaved runs."""
    repeat = 3 if quick else 7
    base = Path(tempfile.mkdtemp(prefix="studyapp-bench-tui-start-"))
    try:
        env = {**os.environ, **_folders_env(base)}
        bare = base / "bare_driver.py"
        bare.write_text(_BARE_DRIVER, encoding="utf-8")
        ours = base / "studyapp_driver.py"
        ours.write_text(_STUDYAPP_DRIVER, encoding="utf-8")
        commands = {"bare": [PYTHON, str(bare)], "studyapp": [PYTHON, str(ours), str(ROOT)]}
        # Checked run: fills the deck cache and creates the database (not timed).
        _, _, check = _launch(commands["studyapp"], env)
        _launch(commands["bare"], env)
        shown: dict[str, list[float]] = {name: [] for name in commands}
        whole: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, argv in commands.items():
                to_frame, to_exit, report = _launch(argv, env)
                shown[name].append(to_frame)
                whole[name].append(to_exit)
                if name == "studyapp":
                    check = report
    finally:
        shutil.rmtree(base, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in shown.items()}
    exits = {name: statistics.median(values) for name, values in whole.items()}
    lazy = "numpy and studyapp.sandbox not imported" if not check["numpy"] and not check[
        "sandbox"
    ] else f"IMPORTED: numpy={check['numpy']} sandbox={check['sandbox']}"
    measure = (
        f"start-up to the deck table on screen ({check['rows']} bundled decks; {lazy}; "
        f"median of {repeat}; to process exit {exits['studyapp'] * 1000:.0f} vs "
        f"{exits['bare'] * 1000:.0f} ms)"
    )
    return [
        Row("tui", measure, median["studyapp"], "s",
            "bare Textual app (Header, Footer, Static) to first paint", median["bare"], 1.3)
    ]


# -- key press to the next card -------------------------------------------------------------


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the block, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _history_template(folder: Path, size: int) -> Path:
    """A progress database with one past answer for every other item (built once, reused)."""
    from studyapp.decks import load_decks
    from studyapp.model import ItemRef, Review
    from studyapp.store import ProgressStore
    from studyapp.store._schema import SCHEMA_VERSION

    template = WORK / f"tui-history-{size}-v{SCHEMA_VERSION}.sqlite3"
    if template.exists():
        return template
    decks = load_decks([folder]).decks
    now = datetime.fromisoformat(NOW)
    reviews = []
    number = 0
    for deck in decks:
        for item in deck.items():
            number += 1
            if number % 2:
                continue
            at = (now - timedelta(days=1 + number % 20, minutes=number % 600)).isoformat(
                timespec="milliseconds")
            reviews.append(Review(str(uuid.uuid4()), ItemRef(deck.id, item.id), item.kind, at,
                                  number % 7 != 0, answer_ms=4000))
    partial = template.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with ProgressStore(partial) as store:
        store.merge(reviews)
    partial.replace(template)
    return template


async def _drive(app: Any, answers: int) -> dict[str, list[float]]:
    """Answer `answers` flashcards; per answer, the spans in seconds (see the module doc)."""
    from textual import events

    from studyapp.model import Flashcard
    from studyapp.tui.screens.study import StudyScreen

    spans: dict[str, list[float]] = {"frame": [], "cpu": [], "frames": [], "action": [],
                                     "answer": []}
    async with app.run_test(size=(100, 32)) as pilot:
        deadline = time.monotonic() + 600
        while getattr(app.screen, "result", None) is None:
            if time.monotonic() > deadline:
                raise RuntimeError("the home screen did not load")
            await asyncio.sleep(0.01)
        await pilot.pause()
        await pilot.press("f")
        while not isinstance(app.screen, StudyScreen):
            if time.monotonic() > deadline:
                raise RuntimeError("the flashcard session did not open")
            await asyncio.sleep(0.01)
        await pilot.pause()
        screen = app.screen
        session = screen.session
        if session.remaining < answers + 1 or any(
            not isinstance(entry.item, Flashcard)
            for entry in session.queue[session.position : session.position + answers + 1]
        ):
            raise RuntimeError(f"the session holds too few flashcards ({session.remaining})")
        marks: dict[str, float] = {}
        view = screen.view  # card after card reuses this view, which owns the grade keys
        grade = view.action_grade
        answer = session.answer

        def timed_grade(correct: bool) -> Any:
            marks["action_start"] = time.perf_counter()
            result = grade(correct)
            if not inspect.isawaitable(result):
                marks["action_end"] = time.perf_counter()
                return result

            async def finish() -> Any:  # an async action: Textual awaits what we return
                value = await result
                marks["action_end"] = time.perf_counter()
                return value

            return finish()

        def timed_answer(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return answer(*args, **kwargs)
            finally:
                marks["answer"] = time.perf_counter() - start

        view.action_grade = timed_grade  # the binding looks the action up on the instance
        session.answer = timed_answer
        for _ in range(answers):
            await pilot.press("space")
            await pilot.pause()
            if not screen.view.revealed:
                raise RuntimeError("space did not reveal the card")
            upcoming = session.queue[session.position + 1].item
            app.awaited = upcoming.front.split("\n")[0][:60]
            app.awaited_card = upcoming
            app.drawn.clear()
            app.frames = 0
            marks.clear()
            key = events.Key("2", "2")
            key.set_sender(app)
            cpu = time.process_time()
            start = time.perf_counter()
            app._driver.send_message(key)
            await asyncio.wait_for(app.drawn.wait(), 10)
            spans["frame"].append(app.drawn_at - start)
            spans["cpu"].append(app.drawn_cpu - cpu)
            spans["frames"].append(app.frames)
            spans["action"].append(marks["action_end"] - marks["action_start"])
            spans["answer"].append(marks["answer"])
            app.awaited = None
            await pilot.pause()
            if screen.view.card is not upcoming:
                raise RuntimeError("the next card is not the one expected")
    return spans


def _timed_app_class() -> type:
    """StudyApp with the paint hook: notes when a frame holding `awaited` was rendered."""
    from textual._compositor import CompositorUpdate

    from studyapp.tui import app as app_module
    from studyapp.tui.app import StudyApp

    class TimedStudyApp(StudyApp):
        CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))  # relative: to here
        awaited: str | None = None
        awaited_card: object = None
        drawn_at = 0.0
        drawn_cpu = 0.0
        frames = 0

        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.drawn = asyncio.Event()

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if renderable is None or self._batch_count:
                return
            if isinstance(renderable, CompositorUpdate):
                output = renderable.render_segments(self.console)
            else:
                output = self.console._render_buffer(self.console.render(renderable))
            if self.awaited and not self.drawn.is_set():
                self.frames += 1
                # The text, drawn while the screen shows the awaited card (fronts can repeat).
                view = getattr(screen, "view", None)
                if self.awaited in output and getattr(view, "card", None) is self.awaited_card:
                    self.drawn_at = time.perf_counter()
                    self.drawn_cpu = time.process_time()
                    self.drawn.set()

    return TimedStudyApp


def keypress_rows(quick: bool, profile: bool = False) -> list[Row]:
    """Median key press ("2", grade good) to the next card drawn, on a large collection."""
    from studyapp.context import Context

    size = 5_000 if quick else 100_000
    answers = 20 if quick else 200
    folder = generate(WORK / f"decks-{size}", size)
    template = _history_template(folder, size)
    base = Path(tempfile.mkdtemp(prefix="studyapp-bench-tui-keys-"))
    try:
        env = _folders_env(base)
        (base / "config" / "config.yaml").write_text("new_per_day: 1000\n", encoding="utf-8")
        shutil.copyfile(template, base / "data" / "progress.sqlite3")
        with _environment(env):
            ctx = Context.create(data_dir=None, content=[str(folder)])
            loaded = ctx.decks()  # cached in ctx: the home screen's loader gets it at once
            items = sum(deck.size for deck in loaded.decks)
            app = _timed_app_class()(ctx)
            if profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
                spans = asyncio.run(_drive(app, answers))
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            else:
                spans = asyncio.run(_drive(app, answers))
    finally:
        shutil.rmtree(base, ignore_errors=True)

    def ms(name: str) -> float:
        return statistics.median(spans[name]) * 1000

    frames = sorted(spans["frame"])
    p90 = frames[int(len(frames) * 0.9) - 1] * 1000
    measure = (
        f"key press '2' to the next card drawn, median of {answers} answers, {items:,} items "
        f"(p90 {p90:.1f} ms; CPU {ms('cpu'):.1f} ms; frames {statistics.median(spans['frames']):g}"
        f"; grade action {ms('action'):.1f} ms; the answer's commit {ms('answer'):.1f} ms)"
    )
    return [Row("tui", measure, ms("frame"), "ms", "16 ms budget", 16.0, 1.0)]


def run(quick: bool = False) -> list[Row]:
    """Start-up against a bare Textual app; key press to the next card against 16 ms."""
    return startup_rows(quick) + keypress_rows(quick)


if __name__ == "__main__":
    if "--profile" in sys.argv:
        rows = keypress_rows(quick="--quick" in sys.argv, profile=True)
    else:
        rows = run(quick="--quick" in sys.argv)
    for row in rows:
        print(row.as_json())
