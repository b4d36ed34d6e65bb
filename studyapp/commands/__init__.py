"""Sub-commands of the `studyapp` command line, one module each.

Each module defines `register(subparsers)`, which adds its parser and sets
`handler=<function(args, ctx) -> exit code>` as a default. Modules import the heavy layers
inside their handlers, so building the parser stays cheap.
"""

from __future__ import annotations

COMMAND_MODULES: tuple[str, ...] = (
    "studyapp.commands.validate",
    "studyapp.commands.locate",
    "studyapp.commands.due",
    "studyapp.commands.stats",
    "studyapp.commands.progress",
    "studyapp.commands.sandbox",
    "studyapp.commands.export",
    "studyapp.commands.importing",
    "studyapp.commands.drill",
    "studyapp.commands.lab",
    "studyapp.commands.code",
    "studyapp.commands.trust",
    "studyapp.commands.serve",
)
"""Modules registered in this order; each adds one sub-command."""

COMMAND_NAMES: dict[str, str] = {
    "validate": "studyapp.commands.validate",
    "locate": "studyapp.commands.locate",
    "due": "studyapp.commands.due",
    "stats": "studyapp.commands.stats",
    "progress": "studyapp.commands.progress",
    "sandbox": "studyapp.commands.sandbox",
    "export": "studyapp.commands.export",
    "import": "studyapp.commands.importing",
    "drill": "studyapp.commands.drill",
    "lab": "studyapp.commands.lab",
    "serve": "studyapp.commands.serve",
}
"""The sub-command each module adds, so a run of one command imports only its module."""
