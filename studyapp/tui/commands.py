"""Command palette entries: start any session, study any deck, open any coding exercise."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from studyapp.model import ItemKind, Tier
from studyapp.tui.sessions import SessionRequest

if TYPE_CHECKING:
    from studyapp.tui.app import StudyApp


class StudyCommands(Provider):
    """Sessions by deck, by kind and by interview tier."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        # Deferred like every session import in the TUI: the store is not needed to start.
        from studyapp.session import counted

        app = cast("StudyApp", self.app)
        content = app.content
        if content is None:
            return []
        start = app.start_session
        commands: list[tuple[str, Callable[[], None], str]] = [
            (
                "Study all decks",
                partial(start, SessionRequest(None, label="All decks")),
                "Due then new items of every deck",
            ),
            (
                "Reload decks",
                app.reload_content,
                "Read the deck files again after editing one",
            ),
        ]
        for kind, name in (
            (ItemKind.FLASHCARD, "flashcards"),
            (ItemKind.QUESTION, "interview questions"),
            (ItemKind.REORDER, "reorder exercises"),
            (ItemKind.SANDBOX, "coding exercises"),
            (ItemKind.LAB, "lab scenarios"),
        ):
            commands.append(
                (
                    f"Study {name} (all decks)",
                    partial(start, SessionRequest(None, kinds=(kind,), label=name.capitalize())),
                    f"Only {name}",
                )
            )
        for tier in Tier:
            commands.append(
                (
                    f"Study {tier.value} interview questions",
                    partial(
                        start,
                        SessionRequest(
                            None,
                            kinds=(ItemKind.QUESTION,),
                            tiers=(tier,),
                            label=f"{tier.value.capitalize()} questions",
                        ),
                    ),
                    f"Only {tier.value}-tier questions",
                )
            )
        commands.append(
            (
                "Statistics",
                app.open_stats,
                "Reviews a day, due forecast, boxes, recall and accuracy",
            )
        )
        commands.append(
            (
                "Concept drill",
                app.open_drill,
                "Train logistic regression and watch each setting's effect",
            )
        )
        if any(item.id == "descent" for deck in content.decks for item in deck.sandbox):
            commands.append(
                (
                    "Train with your own gradient_descent",
                    app.open_training,
                    "Your code and the reference on a real data set, side by side",
                )
            )
        for deck in content.decks:
            for scenario in deck.lab:
                commands.append(
                    (
                        f"Lab: {scenario.title}",
                        partial(app.open_lab, deck.id, scenario.id),
                        "Set up a failure, see the symptom, choose the remedy",
                    )
                )
        for deck in content.decks:
            commands.append(
                (
                    f"Study deck: {deck.title}",
                    partial(start, SessionRequest((deck.id,), label=deck.title)),
                    counted(deck.size, "item"),
                )
            )
            commands.append(
                (
                    f"Open deck: {deck.title}",
                    partial(app.open_deck, deck.id),
                    "Its items and where each stands",
                )
            )
            commands.append(
                (
                    f"Cram deck: {deck.title}",
                    partial(
                        start, SessionRequest((deck.id,), cram=True, label=f"Cram: {deck.title}")
                    ),
                    "Practice; boxes do not move",
                )
            )
            commands.extend(
                (
                    f"Coding exercise: {exercise.title}",
                    partial(app.open_exercise, deck.id, exercise.id),
                    f"Write and check {exercise.entry}(...) ({deck.id})",
                )
                for exercise in deck.sandbox
            )
        return commands

    async def discover(self) -> Hits:
        """Offer every command before anything is typed."""
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands that match what was typed."""
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
