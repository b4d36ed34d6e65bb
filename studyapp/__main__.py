"""Entry point: `python -m studyapp` and the `studyapp` script."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; with no sub-command this starts the TUI."""
    from studyapp.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
