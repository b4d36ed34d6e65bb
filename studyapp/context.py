"""What every front end needs for one run: folders, settings and decks, loaded on demand."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.paths import Locations, resolve_locations

if TYPE_CHECKING:
    from studyapp.config import Settings
    from studyapp.decks import LoadResult
    from studyapp.model import DeckCatalog, Problem


@dataclass
class Context:
    """The folders and content of one run; decks are loaded once, on first use."""

    locations: Locations
    """Folders in use."""
    extra_content: tuple[Path, ...] = ()
    """Files or folders given with --content."""
    notices: list[str] = field(default_factory=list)
    """Warnings for the learner that did not stop the run (bad config keys, ignored
    answers): the CLI prints them to stderr once, the TUI shows them as notifications."""
    _decks: LoadResult | None = field(default=None, repr=False)
    _settings: Settings | None = field(default=None, repr=False)

    @classmethod
    def create(cls, data_dir: str | None = None, content: Sequence[str] = ()) -> Context:
        """A context from command-line values (environment overrides apply)."""
        return cls(resolve_locations(data_dir), tuple(Path(p).expanduser() for p in content))

    def note(self, message: str) -> None:
        """Add a warning to `notices` (once: the same text twice is kept once)."""
        if message not in self.notices:
            self.notices.append(message)

    def settings(self) -> Settings:
        """config.yaml's settings (read once). Its problems are noted on `notices` with a
        last line saying the defaults are used: a bad setting never stops studying."""
        if self._settings is None:
            from studyapp.settings_file import load_settings

            self._settings = load_settings(self.locations.config_file)
            for problem in self._settings.problems:
                self.note(str(problem))
            if self._settings.problems:
                count = len(self._settings.problems)
                self.note(
                    f"{self._settings.path}: {count} problem(s) in the settings: each bad "
                    "setting keeps its default until fixed"
                )
        return self._settings

    def content_sources(self) -> list[Path]:
        """Where decks are looked for: bundled, the user content folder, then --content."""
        sources = [self.locations.bundled_content]
        if os.path.isdir(self.locations.user_content):  # False, never an error, when unreadable
            sources.append(self.locations.user_content)
        sources.extend(self.extra_content)
        return sources

    def decks(self, progress: Callable[[int, int], None] | None = None) -> LoadResult:
        """Every configured deck (loaded on first call, with the parse cache)."""
        if self._decks is None:
            from studyapp.decks import load_decks

            self._decks = load_decks(
                self.content_sources(), cache_dir=self.locations.cache, progress=progress
            )
        return self._decks

    def catalogs(self) -> tuple[list[DeckCatalog], list[Problem]]:
        """The catalogs (ids and tiers) of every configured deck, and content problems.

        From the parse cache without reading any item text: what counting needs.
        """
        if self._decks is not None:
            return [deck.catalog() for deck in self._decks.decks], self._decks.problems
        from studyapp.decks import load_catalogs

        return load_catalogs(self.content_sources(), cache_dir=self.locations.cache)

    def reset_decks(self) -> None:
        """Forget loaded decks so the next `decks()` call reads the files again."""
        self._decks = None
