"""Reading config.yaml into Settings: defaults when there is no file, problems never fatal.

Apart from `studyapp.config` (the Settings themselves) so that the dependency runs one way:
this module reads the file and hands the text to the YAML parser in `_config_file`, which
is imported only when there is a file to read.
"""

from __future__ import annotations

from pathlib import Path

from studyapp.config import MAX_CONFIG_BYTES, Settings
from studyapp.errors import ConfigError
from studyapp.model import Problem


def load_settings(path: str | Path) -> Settings:
    """Settings from the config file at `path`; defaults when the file does not exist.

    Never raises for a bad file: its problems are in `Settings.problems` and each bad
    value's default is used (see `require_valid` for a strict check).
    """
    file = Path(path)
    try:
        if file.stat().st_size > MAX_CONFIG_BYTES:
            message = f"the settings file is over {MAX_CONFIG_BYTES >> 10} KiB: every default used"
            return Settings(path=str(file), problems=(Problem(str(file), 0, 0, message),))
        data = file.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        reason = error.strerror or str(error)
        problem = Problem(str(file), 0, 0, f"cannot read the settings ({reason}): every "
                                           "default used")
        return Settings(path=str(file), problems=(problem,))
    # The YAML reader is only needed when there is a file to read.
    from studyapp._config_file import parse_settings

    return parse_settings(data, str(file))


def require_valid(settings: Settings) -> Settings:
    """`settings` itself when the file had no problem; else ConfigError with every problem."""
    if settings.problems:
        raise ConfigError(list(settings.problems))
    return settings
