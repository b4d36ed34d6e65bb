"""The exception hierarchy of studyapp.

StudyappError             anything the app reports to the user as a message
+-- ContentError          a deck or settings file has problems (carries Problems)
|   +-- ConfigError       config.yaml has problems
+-- StoreError            the progress database cannot be used
|   +-- StoreCorrupt      the database file is damaged
|   +-- StoreTooNew       the database was written by a newer studyapp
+-- SandboxError          the sandbox could not run a check (not a failed check)
+-- SelectionError        a study request picks what is not there (exit code 2)
+-- UsageError            a command was called wrongly (exit code 2)
"""

from __future__ import annotations

from studyapp.model import Problem


class StudyappError(Exception):
    """An error the user should see as a message, never as a traceback."""

    exit_code = 1


class ContentError(StudyappError):
    """A content or settings file has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class ConfigError(ContentError):
    """The settings file has problems."""


class StoreError(StudyappError):
    """The progress database cannot be used."""


class StoreCorrupt(StoreError):
    """The progress database file is damaged."""


class StoreTooNew(StoreError):
    """The progress database comes from a newer studyapp."""


class SandboxError(StudyappError):
    """The sandbox could not run a check at all."""


class SelectionError(StudyappError):
    """A study request picks what is not there: an unknown deck, an answer after the last item.

    Raised by the session layer for any front end; the command line exits 2 on it, as on a
    usage error, since it comes from what the user typed.
    """

    exit_code = 2


class UsageError(StudyappError):
    """A command was called wrongly."""

    exit_code = 2
