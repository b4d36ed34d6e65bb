"""The footer shows its keys even while the app has no focus (a browser page starts so)."""

from __future__ import annotations

from textual import events
from textual.widgets._footer import FooterKey

from studyapp.tui.widgets.footer import StudyFooter
from tests.tui_support import demo_app, settle


async def test_a_screen_opened_while_the_app_is_blurred_shows_its_keys() -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert not app.app_focus
        await app.screen.run_action("open_deck")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DeckScreen"
        keys = [key.description for key in app.screen.query_one(StudyFooter).query(FooterKey)]
        assert keys, "the footer row is blank"
