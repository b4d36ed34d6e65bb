"""Messages screens post to the app: start a session, open a deck."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from studyapp.tui.sessions import SessionRequest


class StartSession(Message):
    """A screen asks for a study session; the app builds it and opens the study screen."""

    def __init__(self, request: SessionRequest) -> None:
        super().__init__()
        self.request = request
        """What the session should hold."""


class OpenDeck(Message):
    """A screen asks to show one deck's items."""

    def __init__(self, deck_id: str) -> None:
        super().__init__()
        self.deck_id = deck_id
        """The deck to show."""
