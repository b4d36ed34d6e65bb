"""Runs every benchmark module here and prints one table (or --json rows)."""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _common import Row  # noqa: E402


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if unit == "s" and value < 1:
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms" and value < 1:
        return f"{value * 1000:.0f} µs"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:,.0f} {unit}".strip()


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| measure | studyapp | peer | peer figure | ratio | target |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        ratio = row.ratio
        verdict = "" if row.ok is None else (" ok" if row.ok else " MISSED")
        lines.append(
            f"| {row.benchmark}: {row.measure} | {_fmt(row.value, row.unit)} | {row.peer or '-'} "
            f"| {_fmt(row.peer_value, row.unit)} | {'-' if ratio is None else f'{ratio:.2f}'} "
            f"| {'-' if row.target is None else f'<= {row.target:g}'}{verdict} |"
        )
    return "\n".join(lines)


def main() -> int:
    """Run the selected benchmark modules."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print rows as JSON")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument("--only", help="run modules whose name contains this")
    args = parser.parse_args()
    # An installed studyapp has bytecode compiled at install time; a source checkout under
    # PYTHONDONTWRITEBYTECODE would recompile on every process start instead.
    compileall.compile_dir(str(HERE.parent / "studyapp"), quiet=1)
    rows: list[Row] = []
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only and args.only not in path.stem:
            continue
        print(f"running {path.stem} ...", file=sys.stderr)
        rows.extend(importlib.import_module(path.stem).run(quick=args.quick))
    if args.json:
        print(json.dumps([row.as_json() for row in rows], indent=2))
    else:
        print(table(rows))
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
