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
