"""The Textual application: loads decks in a worker and shows the home screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from studyapp.context import Context


class StudyApp(App[None]):
    """studyapp's TUI. Screens are imported on first use to keep start-up light."""

    CSS_PATH = "app.tcss"
    TITLE = "studyapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        """Folders and content of this run."""

    def on_mount(self) -> None:
        """Show the home screen; it loads the decks itself."""
        from studyapp.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen(self.ctx))

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from studyapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def run_app(ctx: Context) -> int:
    """Run the TUI until the learner quits; returns the exit code."""
    StudyApp(ctx).run()
    return 0
