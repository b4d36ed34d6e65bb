"""`studyapp serve`: the app in a web browser, through textual-serve."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from studyapp.context import Context
from studyapp.errors import UsageError

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""Addresses only this machine can reach."""


def register(subparsers: Any) -> None:
    """Add the `serve` command."""
    parser = subparsers.add_parser(
        "serve",
        help="use the app in a web browser",
        description="Serve the app as a web page: open the address it prints and press Start. "
        "Each page runs its own copy of the app on this machine, with your decks and "
        "progress. It listens on this machine only unless --host says otherwise; there is no "
        "password, so anyone who can reach the address can use your progress. Stop it with "
        "Ctrl+C (or SIGTERM): the apps it started stop with it.",
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.set_defaults(handler=run)


def app_command(ctx: Context) -> list[str]:
    """The command line of the app each page runs: this studyapp, with the same folders."""
    argv = [sys.executable, "-m", "studyapp", "--data-dir", str(ctx.locations.data)]
    for path in ctx.extra_content:
        argv += ["--content", str(path)]
    return argv


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Serve until interrupted."""
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, got {args.port}")
    if args.host not in LOCAL_HOSTS:
        print(
            f"studyapp: warning: serving on {args.host}: anyone who can reach this address on "
            f"port {args.port} can use studyapp with your progress (there is no password). "
            "Use the default, 127.0.0.1, to keep it to this machine.",
            file=sys.stderr,
        )
    import gc

    gc.enable()  # a long-lived server, unlike the short commands cli.run tunes for
    from studyapp.tui.serve import serve

    return serve(shlex.join(app_command(ctx)), host=args.host, port=args.port)
