"""Helpers for Pilot tests: an app over only the test decks, with a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot

from studyapp.context import Context
from studyapp.model import Review
from studyapp.paths import resolve_locations
from studyapp.tui.app import StudyApp

DECKS = Path(__file__).resolve().parent / "decks"
NOW = "2026-03-02T10:00:00+00:00"


def demo_app() -> StudyApp:
    """The app over tests/decks only (bundled decks left out), in the test's own folders."""
    locations = replace(resolve_locations(), bundled_content=DECKS)
    return StudyApp(Context(locations))


async def settle(app: StudyApp, pilot: Pilot[None]) -> None:
    """Wait for workers and the screen to catch up (the home screen until its counts show)."""
    from studyapp.tui.screens.home import HomeScreen

    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        if not isinstance(home, HomeScreen) or (home.ready and not list(app.workers)):
            break
    await pilot.pause()


def reviews(app: StudyApp) -> list[Review]:
    """Every answer in the store, oldest first."""
    assert app.service is not None
    return app.service.store.reviews()
