"""The coding screen: write an exercise's function, check it in the sandbox, fix it, pass.

The screen keeps a warm sandbox child while it is open, checks in a thread worker (Esc or
ctrl+c cancels), and saves the code atomically on every check, on leaving, on quit and
shortly after typing stops. It dismisses with a CodingResult so a study session can tell
whether the exercise was answered.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, OptionList, Static, TextArea

from studyapp.codefiles import CodeFiles, same_code
from studyapp.errors import StudyappError
from studyapp.model import ItemRef, SandboxExercise
from studyapp.sandbox import CheckResult, Limits, WarmChecker
from studyapp.tui.screens.coding_tools import TRAINABLE_ENTRY, CodingResult, CodingTools
from studyapp.tui.screens.confirm import ConfirmScreen
from studyapp.tui.widgets.footer import StudyFooter
from studyapp.tui.widgets.item_view import markdown
from studyapp.tui.widgets.results import CheckResults, option_line

__all__ = ["CodingResult", "CodingScreen", "coding_screen"]

if TYPE_CHECKING:
    from studyapp.session import CheckRecord, StudyService
    from studyapp.tui.app import StudyApp

SAVE_DELAY = 1.5
"""Seconds after the last keystroke before the code is saved (at most 2 s of typing lost)."""
COMPACT_HEIGHT = 30
"""Below this many rows the prompt and results get less room, so the editor keeps 10 lines."""
_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class CodingScreen(CodingTools):
    """One coding exercise: prompt, editor and the results of the latest check."""

    HELP = (
        "Write the function in the editor; F5 or ctrl+r checks it in the sandbox.\n"
        "The first check of a due exercise each day is its answer; later ones are practice.\n"
        "Esc leaves the editor (then Enter on a failure that names a line jumps there);\n"
        "Esc again leaves the screen. Your code is saved as you type (see `studyapp locate`)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5,ctrl+r", "check", "Check", id="check", priority=True),
        # Most terminals send ctrl+h as backspace, so F3 is there too (shown first).
        Binding("f3,ctrl+h", "next_hint", "Hint", id="next-hint", priority=True),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="external-editor", priority=True),
        Binding("ctrl+t", "reset_code", "Reset", id="reset-code", priority=True),
        Binding("f9", "show_solution", "Solution", id="show-solution", priority=True),
        Binding("f2", "toggle_prompt", "Prompt", id="toggle-prompt", priority=True),
        Binding("f8", "train", "Train", id="train-model", priority=True),
        Binding("escape,ctrl+c", "cancel_check", "Cancel", id="cancel-check", priority=True),
        Binding("escape", "leave", "Leave", id="leave-coding"),
    ]
    DEFAULT_CSS = """
    CodingScreen #prompt {
        height: auto;
        max-height: 7;
        padding: 0 1;
        border-bottom: solid $panel;
    }
    CodingScreen #prompt .markdown {
        padding: 0;
        margin: 0;
    }
    CodingScreen #hints {
        color: $text-muted;
    }
    CodingScreen #code-row {
        height: 1fr;
        min-height: 12;
    }
    CodingScreen #editor {
        width: 1fr;
    }
    CodingScreen #solution {
        width: 1fr;
        display: none;
    }
    CodingScreen #check-status {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    CodingScreen.-compact #prompt {
        max-height: 3;
    }
    CodingScreen CheckResults {
        height: 7;
    }
    CodingScreen.-compact CheckResults {
        height: 5;
    }
    """

    class Checked(Message):
        """A check finished (or the harness failed); posted from the worker thread."""

        def __init__(self, result: CheckResult | None, error: str | None = None) -> None:
            super().__init__()
            self.result = result
            self.error = error

    class Recorded(Message):
        """The finished check was recorded (or not, and why); follows its Checked."""

        def __init__(self, record: CheckRecord | None, error: str | None) -> None:
            super().__init__()
            self.record = record
            self.error = error

    clock = staticmethod(time.monotonic)
    """Where elapsed check time comes from."""

    def __init__(
        self,
        deck_id: str,
        exercise: SandboxExercise,
        files: CodeFiles,
        progress: StudyService | None,
        *,
        record: bool = True,
        practice_only: bool = False,
    ) -> None:
        """Open `exercise`; checks go to `progress` unless `record` is False."""
        super().__init__()
        self.deck_id = deck_id
        """Deck of the exercise."""
        self.exercise = exercise
        """The exercise on screen."""
        self.files = files
        """Where the code is kept."""
        self.progress = progress
        """Where checks are recorded (None: not recorded)."""
        self.record = record
        """Whether checks are recorded at all."""
        self.practice_only = practice_only
        """Record every check as practice (a cram session)."""
        self.checker: WarmChecker | None = None
        """The warm sandbox, while the screen is mounted."""
        self.checking = False
        """Whether a check is running (until its verdict is in)."""
        self.recording = False
        """Whether a finished check is being recorded."""
        self.hints_shown = 0
        """Hints revealed so far (kept in each recorded check's detail)."""
        self.failed_checks = 0
        """Finished checks that failed."""
        self.passed_once = False
        """Whether any check passed."""
        self.last_result: CheckResult | None = None
        """The latest finished check."""
        self.outcome = CodingResult()
        """What the screen dismisses with."""
        self._saved: str | None = files.load(deck_id, exercise.id)
        self._save_timer: Timer | None = None
        self._spinner: Timer | None = None
        self._cancel = threading.Event()
        self._started = 0.0
        self._case: tuple[int, int, str] = (0, 0, "")
        self._code_at_check = ""
        self._editor: TextArea | None = None

    @property
    def ref(self) -> ItemRef:
        """The exercise's reference in the review log."""
        return ItemRef(self.deck_id, self.exercise.id)

    @property
    def code(self) -> str:
        """The code in the editor (readable after the editor is unmounted, for the last save)."""
        return self._editor.text if self._editor is not None else ""

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Prompt, editor (and the solution beside it once shown), results, status, footer."""
        yield Header()
        with VerticalScroll(id="prompt"):
            yield markdown(self.exercise.prompt)
            yield Static("", id="hints")
        code = self.exercise.starter if self._saved is None else self._saved
        with Horizontal(id="code-row"):
            editor = TextArea.code_editor(code, language="python", id="editor")
            editor.border_title = f"{self.exercise.entry}(...)"
            self._editor = editor
            yield editor
            solution = TextArea.code_editor("", language="python", read_only=True, id="solution")
            solution.border_title = "Reference solution"
            yield solution
        results = CheckResults(id="results")
        results.border_title = "Results"
        yield results
        yield Static("", id="check-status")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Title, a warm sandbox child, the editor focused."""
        self.title = "Coding exercise"
        self.sub_title = self.exercise.title
        timeout = self.progress.settings.sandbox_timeout if self.progress else Limits().timeout
        self.checker = WarmChecker(Limits(timeout=timeout))
        self.checker.start()
        self.query_one(CheckResults).show_idle("No check yet: F5 or ctrl+r checks your code.")
        self._set_status(self._idle_status())
        self._fit(self.size.height)
        self.query_one("#editor", TextArea).focus()

    def on_resize(self) -> None:
        """Give the editor room on short terminals."""
        self._fit(self.size.height)

    def _fit(self, height: int) -> None:
        self.set_class(0 < height < COMPACT_HEIGHT, "-compact")

    def on_unmount(self) -> None:
        """Save the code and stop the sandbox (a running check is cancelled)."""
        self._cancel.set()
        self.save()
        if self.checker is not None:
            self.checker.close()

    def _idle_status(self) -> str:
        if self.progress is None or not self.record:
            return "Checks are not recorded here."
        from studyapp.session import check_mode

        try:
            mode = check_mode(self.progress, self.ref, practice_only=self.practice_only)
        except StudyappError:
            return ""
        status = self.progress.status(self.ref).text
        if mode == "review":
            return f"{status}. The next check counts as your answer."
        return f"{status}. Checks now are practice: boxes stay."

    def _set_status(self, text: str) -> None:
        self.query_one("#check-status", Static).update(Text(text))

    # -- saving ---------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Save a moment after typing stops."""
        if event.text_area.id != "editor":
            return
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self.save)
        else:
            self._save_timer.reset()

    def save(self) -> None:
        """Write the editor's code to its file, if it changed (and is not the bare starter)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        code = self.code
        if self._editor is None or code == self._saved:
            return
        if self._saved is None and same_code(code, self.exercise.starter):
            return
        try:
            self.files.save(self.deck_id, self.exercise.id, code)
        except OSError as error:
            self.notify(
                f"{self.files.path(self.deck_id, self.exercise.id)}: {error.strerror or error}",
                title="Your code could not be saved",
                severity="error",
                markup=False,
            )
            return
        self._saved = code

    # -- which keys apply now ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cancel only while checking; the solution only once earned."""
        if action == "cancel_check":
            return self.checking
        if action in ("check", "reset_code", "external_editor"):
            return not (self.checking or self.recording)
        if action == "show_solution":
            return True if self._solution_allowed() else None
        if action == "next_hint":
            return True if self.hints_shown < len(self.exercise.hints) else None
        if action == "train":
            # The payoff of the last exercise: train your own gradient_descent on real data.
            if self.exercise.entry != TRAINABLE_ENTRY:
                return False
            return True if self.passed_once else None
        return True

    # -- checking -------------------------------------------------------------------------

    def action_check(self) -> None:
        """Save, then check the code in a worker; the screen stays responsive.

        A deck from outside the bundled content runs its own code (reference, mistakes) in
        a check: the first time, the learner is asked, with the file named, to trust it.
        """
        if self.checking or self.recording:
            return
        app = cast("StudyApp", self.app)
        untrusted = app.untrusted_deck(self.deck_id)
        if untrusted is not None:
            question = (
                f"{untrusted} is not one of studyapp's own decks. Checking runs the Python code "
                "it holds (a reference solution and known mistakes) on this computer, as you.\n\n"
                "Trust this file and run its code? (Any later edit to it asks again.)"
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    app.trust_deck(untrusted)
                    self.action_check()
                else:
                    self.notify("Not checked: the deck is not trusted.", markup=False)

            self.app.push_screen(ConfirmScreen(question), answered)
            return
        self.save()
        self._code_at_check = self.code
        self._cancel = threading.Event()
        self._started = self.clock()
        self._case = (0, len(self.exercise.cases), "")
        self.checking = True
        self._tick()
        self._spinner = self.set_interval(0.1, self._tick)
        self.refresh_bindings()
        self._run_check(self._code_at_check, self._cancel, self.hints_shown)

    def _tick(self) -> None:
        done, total, case = self._case
        frame = _SPINNER[int((self.clock() - self._started) * 10) % len(_SPINNER)]
        where = f" · case {done} of {total}: {case}" if case else ""
        elapsed = self.clock() - self._started
        self._set_status(f"{frame} Checking... {elapsed:.1f} s{where} · Esc cancels")

    def _progress(self, done: int, total: int, case: str) -> None:
        self._case = (done, total, case)  # read by the spinner on the UI thread

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _run_check(self, code: str, cancel: threading.Event, hints: int) -> None:
        """Run the check, post the verdict, then record it (all off the UI thread).

        The verdict is shown before the answer is written, so a slow or failing database
        never delays or loses it.
        """
        checker = self.checker
        assert checker is not None
        try:
            result = checker.check(self.exercise, code, cancel=cancel, progress=self._progress)
        except StudyappError as error:  # the harness itself failed: never the learner's answer
            self.post_message(self.Checked(None, str(error)))
            return
        self.post_message(self.Checked(result))
        if result.cancelled:
            return  # never recorded
        record: CheckRecord | None = None
        record_error: str | None = None
        if self.record and self.progress is not None:
            try:
                record = self.progress.record_check(
                    self.ref, self.exercise, code, result,
                    hints=hints, practice_only=self.practice_only,
                )
            except StudyappError as error:
                record_error = str(error).splitlines()[0]
        self.post_message(self.Recorded(record, record_error))

    def on_coding_screen_checked(self, message: Checked) -> None:
        """Show the verdict (the receipt follows once it is recorded)."""
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        result = message.result
        if result is None or result.cancelled:
            self.checking = False
            if result is None:
                self._set_status("The check could not run: nothing recorded.")
                self.notify(
                    message.error or "", title="Sandbox problem", severity="error", markup=False
                )
            else:
                self._set_status("Check cancelled: nothing recorded.")
            self.refresh_bindings()
            return
        self.last_result = result
        self.query_one(CheckResults).show_result(self.exercise, result)
        if result.passed:
            self.passed_once = True
        else:
            self.failed_checks += 1
        self.outcome = replace(self.outcome, checked=True, passed=result.passed)
        self.checking = False
        self.recording = True
        # The footer is rebuilt once the receipt is in: not in the frame that shows the verdict.
        self._set_status(self._verdict_text(result) + " Recording...")

    def on_coding_screen_recorded(self, message: Recorded) -> None:
        """Say what the check did to the schedule."""
        self.recording = False
        record = message.record
        if record is not None and record.counted and not self.outcome.counted:
            self.outcome = replace(self.outcome, counted=True, review=record.review)
        if message.error is not None:
            receipt = f"not recorded: {message.error}"
        elif record is not None:
            receipt = record.text
        else:
            receipt = "Not recorded."
        result = self.last_result
        verdict = self._verdict_text(result) if result is not None else ""
        self._set_status(f"{verdict} {receipt}".strip())
        self.refresh_bindings()

    @staticmethod
    def _verdict_text(result: CheckResult) -> str:
        return f"{'Passed' if result.passed else 'Failed'} in {result.seconds:.2f} s."

    def action_cancel_check(self) -> None:
        """Stop the running check: the child is killed and nothing is recorded."""
        if self.checking:
            self._cancel.set()
            self._set_status("Cancelling...")

    # -- results --------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a result that names a line puts the editor's cursor there."""
        event.stop()
        line = option_line(event.option.id)
        if line is None:
            return
        editor = self.query_one("#editor", TextArea)
        row = max(0, min(line - 1, editor.document.line_count - 1))
        editor.move_cursor((row, 0), center=True)
        editor.focus()

    # -- leaving ---------------------------------------------------------------------------

    def action_leave(self) -> None:
        """Esc: out of the editor first; from there, leave the screen (the code is saved)."""
        if isinstance(self.focused, TextArea):
            self.query_one(CheckResults).focus()
            return
        if self.recording:  # what the screen reports depends on the receipt: a moment more
            self.notify("Recording the check...", markup=False)
            return
        self.save()
        self.dismiss(self.outcome)


def coding_screen(
    app: StudyApp, deck_id: str, exercise_id: str, **options: bool
) -> CodingScreen | None:
    """The coding screen of an exercise of the app's decks (None, with a notice, if unknown).

    Uses the app's study service; when it cannot be opened the screen still checks, it
    just records nothing (and says so).
    """
    deck = app.ctx.decks().deck(deck_id)
    exercise = deck.item(exercise_id) if deck is not None else None
    if not isinstance(exercise, SandboxExercise):
        app.notify(f"no coding exercise '{deck_id}/{exercise_id}'", severity="error")
        return None
    progress: StudyService | None = None
    try:
        progress = app.open_service()
    except StudyappError as error:
        app.notify(str(error), title="Checks are not recorded", severity="error", markup=False)
    return CodingScreen(deck_id, exercise, CodeFiles(app.ctx.locations.code), progress, **options)
