"""The coding screen's results panel: one line per case, then each failure's explanation."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from studyapp.model import SandboxExercise
from studyapp.sandbox import CheckResult
from studyapp.session import case_lines, failure_heading, summary_text

LINE_PREFIX = "line-"
"""Option ids of entries that name a line of the learner's code: `line-<n>-<index>`."""


def option_line(option_id: str | None) -> int | None:
    """The 1-based code line an option points at, or None."""
    if not option_id or not option_id.startswith(LINE_PREFIX):
        return None
    return int(option_id.split("-")[1])


class CheckResults(OptionList):
    """Results of the latest check; Enter on an entry that names a line jumps there."""

    DEFAULT_CSS = """
    CheckResults {
        height: 8;
        border: round $panel;
        padding: 0 1;
    }
    CheckResults:focus {
        border: round $accent;
    }
    """

    def show_idle(self, text: str) -> None:
        """No check yet: one line saying how to start."""
        self.clear_options()
        self.add_option(Option(Text(text, style="dim"), disabled=True))

    def show_result(self, exercise: SandboxExercise, result: CheckResult) -> None:
        """Fill the list from a finished check."""
        options: list[Option] = []
        for index, case in enumerate(case_lines(exercise, result)):
            failure = case.failure
            if failure is None:
                mark, style = ("✓", "green") if case.ran else ("·", "dim")
                label = Text.assemble((f"{mark} ", style), case.name, (f"  {case.status}", style))
                options.append(Option(label, id=f"case-{index}"))
                continue
            where = f" (line {failure.line})" if failure.line else ""
            status = (f"  {failure.kind}{where}", "red")
            label = Text.assemble(("✗ ", "bold red"), case.name, status)
            options.append(Option(label, id=self._line_id(failure.line, f"case-{index}")))
        for index, failure in enumerate(result.failures):
            text = Text(f"FAILED {failure_heading(failure)}\n", style="bold")
            text.append(failure.message.rstrip())
            if failure.line:
                text.append(f"\nEnter: go to line {failure.line}", style="dim")
            options.append(Option(text, id=self._line_id(failure.line, f"failure-{index}")))
        for index, warning in enumerate(result.warnings):
            text = Text(f"warning: {warning.kind}\n", style="bold yellow")
            text.append(warning.message)
            options.append(Option(text, id=f"warning-{index}"))
        if result.output.strip():
            text = Text("Output of your code (head and tail kept):\n", style="bold")
            text.append(result.output.rstrip("\n"))
            options.append(Option(text, id="output"))
        summary_style = "bold green" if result.passed else "bold red"
        options.append(Option(Text(summary_text(result), style=summary_style), id="summary"))
        with self.app.batch_update():
            self.clear_options()
            self.add_options(options)
            self.highlighted = 0

    @staticmethod
    def _line_id(line: int | None, fallback: str) -> str:
        return f"{LINE_PREFIX}{line}-{fallback}" if line else fallback
