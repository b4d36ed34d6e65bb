"""The `studyapp` command line: argparse sub-commands over the headless layers."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from studyapp import __version__
from studyapp.errors import StudyappError


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit with code 2 and a one-line hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


_GLOBAL_VALUE_OPTIONS = ("--content", "--data-dir")
"""Global options that take a value (the command name comes after them)."""


def _command_name(argv: Sequence[str]) -> str | None:
    """The sub-command `argv` names, found without a parser (None: none, or help asked)."""
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in _GLOBAL_VALUE_OPTIONS:
            index += 2
        elif arg.startswith("-"):
            if not arg.startswith(tuple(f"{o}=" for o in _GLOBAL_VALUE_OPTIONS)):
                return None  # --help, --version or a mistake: the full parser answers
            index += 1
        else:
            return arg
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every sub-command registered, or only `command` when it is one.

    A run of one command imports only that command's module (a tenth of `due`'s start-up
    went to importing the others); anything else (help, a misspelt command) gets them all.
    """
    from studyapp.commands import COMMAND_MODULES, COMMAND_NAMES

    parser = _Parser(
        prog="studyapp",
        description="Study machine learning in the terminal. With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"studyapp {__version__}")
    parser.add_argument(
        "--content",
        action="append",
        default=[],
        metavar="PATH",
        help="extra deck file or folder (repeatable)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for progress and your own decks (also STUDYAPP_DATA_DIR)",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    only = COMMAND_NAMES.get(command or "")
    for module_name in (only,) if only else COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def _printable(text: str) -> str:
    """`text` with anything stderr cannot encode (a lone surrogate from a file) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def run(argv: Sequence[str]) -> int:
    """Parse `argv`, run the command (or the TUI) and return the exit code."""
    from studyapp.clock import check_environment
    from studyapp.context import Context

    args = build_parser(_command_name(argv)).parse_args(list(argv))
    try:
        check_environment()
        ctx = Context.create(args.data_dir, args.content)
        handler = getattr(args, "handler", None)
        if handler is None:
            from studyapp.tui.app import run_app  # which turns the collector back on

            return run_app(ctx)
        # A command is a short-lived process whose objects die with it; the cyclic collector
        # would only rescan them (a tenth of `due` on 100,000 items).
        gc.disable()
        try:
            code: int = handler(args, ctx)
        finally:
            for notice in ctx.notices:
                print(f"studyapp: {_printable(notice)}", file=sys.stderr)
        return code
    except StudyappError as error:
        print(f"studyapp: {_printable(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("studyapp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as bug:
        if os.environ.get("STUDYAPP_DEBUG"):
            raise
        print(
            f"studyapp: internal error: {bug!r} (set STUDYAPP_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 70
