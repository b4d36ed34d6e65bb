"""`studyapp locate`: print the folders in use."""

from __future__ import annotations

import argparse
from typing import Any

from studyapp.context import Context


def register(subparsers: Any) -> None:
    """Add the `locate` command."""
    parser = subparsers.add_parser(
        "locate", help="print the data, config, cache and content folders in use"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Print one `name: path` line per folder."""
    where = ctx.locations
    rows = [
        ("data", str(where.data)),
        ("database", str(where.database)),
        ("code", str(where.code)),
        ("config", str(where.config_file)),
        ("cache", str(where.cache)),
        ("user content", str(where.user_content)),
        ("bundled content", str(where.bundled_content)),
    ]
    rows += [("content", str(path)) for path in ctx.extra_content]
    width = max(len(name) for name, _ in rows)
    for name, path in rows:
        print(f"{name + ':':<{width + 1}} {path}")
    return 0
