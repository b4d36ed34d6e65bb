"""Where studyapp keeps things: data, config, cache and content folders."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "studyapp"
DATA_ENV = "STUDYAPP_DATA_DIR"
CONFIG_ENV = "STUDYAPP_CONFIG_DIR"
CACHE_ENV = "STUDYAPP_CACHE_DIR"
HOME_ENV = "STUDYAPP_HOME"
"""One folder for everything: data, config and cache in its `data`, `config`, `cache`."""


def bundled_content_dir() -> Path:
    """The decks shipped with studyapp.

    In a wheel they live in `studyapp/_content`; in a source checkout (editable install or
    running from the repository) in `content/` at the repository root.
    """
    package = Path(__file__).resolve().parent
    shipped = package / "_content"
    if shipped.is_dir():
        return shipped
    return package.parent / "content"


@dataclass(frozen=True, slots=True)
class Locations:
    """The folders in use for one run."""

    data: Path
    """Progress database and other learner data."""
    config: Path
    """Holds the optional config.yaml."""
    cache: Path
    """Parsed-deck cache; safe to delete."""
    user_content: Path
    """The learner's own decks (searched like the bundled ones)."""
    bundled_content: Path
    """Decks shipped with studyapp."""

    @property
    def database(self) -> Path:
        """The progress database file."""
        return self.data / "progress.sqlite3"

    @property
    def code(self) -> Path:
        """The learner's code for coding exercises, one file per exercise."""
        return self.data / "code"

    @property
    def config_file(self) -> Path:
        """The settings file (may not exist)."""
        return self.config / "config.yaml"


def _chosen(value: str | os.PathLike[str] | None, home: Path | None, name: str,
            platform_dir: str) -> Path:
    """The folder given (`value`), else `name` inside STUDYAPP_HOME when it is set, else
    the platform's folder (the PlatformDirs attribute `platform_dir`)."""
    if value:
        return Path(value).expanduser()
    if home is not None:
        return home / name
    # Imported only when a default is needed: it costs start-up time otherwise.
    import platformdirs

    return Path(getattr(platformdirs.PlatformDirs(APP_NAME, appauthor=False), platform_dir))


def resolve_locations(data_dir: str | os.PathLike[str] | None = None) -> Locations:
    """Folders from the command line, then environment overrides, then platformdirs.

    `--data-dir` (or STUDYAPP_DATA_DIR) moves the data folder; the user content folder lives
    inside it so a whole learner profile can be moved as one folder. STUDYAPP_CONFIG_DIR and
    STUDYAPP_CACHE_DIR move the other two (tests use them to keep off the developer's own
    folders). STUDYAPP_HOME puts all three in one folder (`data`, `config`, `cache` inside
    it); the specific overrides still win over it.
    """
    home_value = os.environ.get(HOME_ENV)
    home = Path(home_value).expanduser() if home_value else None
    data_value = data_dir or os.environ.get(DATA_ENV)
    config_value = os.environ.get(CONFIG_ENV)
    cache_value = os.environ.get(CACHE_ENV)
    data = _chosen(data_value, home, "data", "user_data_dir")
    config = _chosen(config_value, home, "config", "user_config_dir")
    cache = _chosen(cache_value, home, "cache", "user_cache_dir")
    return Locations(
        data=data.absolute(),
        config=config.absolute(),
        cache=cache.absolute(),
        user_content=(data / "content").absolute(),
        bundled_content=bundled_content_dir(),
    )
