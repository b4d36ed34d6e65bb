"""The Textual application: settings, the progress service, and the home screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from studyapp.context import Context
from studyapp.tui.commands import StudyCommands

if TYPE_CHECKING:
    from studyapp.config import Settings
    from studyapp.session import StudyService


class StudyApp(App[None]):
    """studyapp's TUI. Screens are imported on first use to keep start-up light."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute, so subclasses elsewhere work
    TITLE = "studyapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
    ]
    COMMANDS = App.COMMANDS | {StudyCommands}

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        """Folders and content of this run."""
        self.progress: StudyService | None = None
        """The progress service, opened by the home screen's loader."""

    def get_default_screen(self) -> Screen[object]:
        """The home screen is the app's base screen; it loads decks and progress itself."""
        from studyapp.tui.screens.home import HomeScreen

        return HomeScreen(self.ctx)  # type: ignore[return-value]

    def apply_settings(self, settings: Settings) -> None:
        """Use the theme and key remapping of config.yaml (bad values are reported)."""
        if settings.keymap:
            self.set_keymap(dict(settings.keymap))
        if settings.theme != self.theme:
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            else:
                names = ", ".join(sorted(self.available_themes))
                self.notify(
                    f"config.yaml: unknown theme '{settings.theme}'. Known themes: {names}",
                    severity="warning",
                    markup=False,
                )

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from studyapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def on_unmount(self) -> None:
        """Close the database cleanly."""
        if self.progress is not None:
            self.progress.close()


def run_app(ctx: Context) -> int:
    """Run the TUI until the learner quits; returns the exit code."""
    app = StudyApp(ctx)
    app.run()
    return app.return_code or 0
