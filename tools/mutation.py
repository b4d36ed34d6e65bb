"""Mutation testing of one package or module: how many small, realistic bugs the tests catch.

    python tools/mutation.py studyapp/scheduling [--tests tests/test_scheduling.py ...]
    python tools/mutation.py studyapp/grading/reorder.py   # one module, its package's tests

Copies the tracked files into a scratch folder, points mutmut (in the `test` extra) at the
given source path and tests, runs it there and prints the score: killed mutants over all
mutants, with the survivors listed so each can be judged (a test to add, or an equivalent
mutant to note in docs/testing.md). Not part of CI: a package takes minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_TESTS = {
    "studyapp/scheduling": ["tests/test_scheduling.py", "tests/test_store_guarantees.py"],
    "studyapp/store": [
        "tests/test_store.py",
        "tests/test_store_errors.py",
        "tests/test_store_guarantees.py",
        "tests/test_cli_progress.py",
        "tests/test_store_health.py",
        "tests/test_time_bounds.py",
        "tests/test_store_reads.py",
        "tests/test_store_import_messages.py",
        "tests/test_store_open_errors.py",
        "tests/test_store_answers.py",
        "tests/test_counts_in_one_pass.py",
    ],
    "studyapp/session": [
        "tests/test_session.py",
        "tests/test_overview_paths.py",
        "tests/test_session_relearn.py",
        "tests/test_session_checks.py",
        "tests/test_session_words.py",
        "tests/test_queue_planning.py",
        "tests/test_session_service.py",
        "tests/test_session_flow.py",
        "tests/test_check_report_text.py",
        "tests/test_session_labels.py",
        "tests/test_progress_exchange_service.py",
        "tests/test_overview_days.py",
        "tests/test_session_exports.py",
        "tests/test_check_receipts.py",
    ],
    "studyapp/grading": [
        "tests/test_grading.py",
        "tests/test_keypoint_precision.py",
        "tests/test_reorder_any_order.py",
        "tests/test_reorder_edges.py",
        "tests/test_keypoint_edges.py",
    ],
    "studyapp/decks": [
        "tests/test_decks_errors.py",
        "tests/test_decks_loading.py",
        "tests/test_cli_validate.py",
        "tests/test_reorder_any_order.py",
        "tests/test_lab.py",
        "tests/test_sandbox_format.py",
        "tests/test_content_bundled.py",
        "tests/test_deck_syntax_positions.py",
        "tests/test_deck_cache_every_kind.py",
        "tests/test_lab_deck_problems.py",
        "tests/test_coding_deck_problems.py",
        "tests/test_reorder_deck_steps.py",
        "tests/test_deck_item_problems.py",
        "tests/test_deck_fields_messages.py",
        "tests/test_reorder_steps_messages.py",
        "tests/test_deck_yaml_spellings.py",
        "tests/test_lab_setup_messages.py",
        "tests/test_deck_item_messages.py",
        "tests/test_deck_discovery_rules.py",
        "tests/test_coding_item_validation.py",
        "tests/test_deck_cache_trust.py",
    ],
    "studyapp/_config_file.py": [
        "tests/test_config.py",
        "tests/test_config_values.py",
        "tests/test_config_keymap_messages.py",
        "tests/test_config_edge_values.py",
    ],
    "studyapp/cli.py": [
        "tests/test_cli_exit_codes.py",
        "tests/test_cli_validate.py",
        "tests/test_cli_contract.py",
    ],
    "studyapp/sandbox/harness": [
        "tests/test_sandbox_format.py",
        "tests/test_sandbox_exercises.py",
        "tests/test_sandbox_support.py",
        # The judge runs in a child process, out of mutmut's sight: these run it in-process.
        "tests/test_sandbox_compare.py",
        "tests/test_sandbox_judging.py",
    ],
}
"""The tests that own each target (a target's own tests, as the mutation score measures)."""

# The statistics: the package's tests and the report's own (in-process CLI and service).
DEFAULT_TESTS["studyapp/session/_stats.py"] = [
    *DEFAULT_TESTS["studyapp/session"],
    "tests/test_stats.py",
    "tests/test_counts_in_one_pass.py",
    "tests/test_stats_report.py",
    "tests/test_stats_edges.py",
]


def _default_tests(source: str) -> list[str] | None:
    """The tests of SOURCE, or of the package holding it (one module of a package)."""
    path = Path(source)
    for candidate in (path, *path.parents):
        tests = DEFAULT_TESTS.get(candidate.as_posix())
        if tests:
            return tests
    return None


def _copy_tree(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _configure(target: Path, source: str, tests: list[str]) -> None:
    pyproject = target / "pyproject.toml"
    pattern = f"{source.rstrip('/')}/*" if not source.endswith(".py") else source
    section = (
        "\n[tool.mutmut]\n"
        'source_paths = ["studyapp"]\n'
        # Tests read the bundled decks and the docs, which live beside the package.
        'also_copy = ["content", "docs", "README.md"]\n'
        f"only_mutate = [{json.dumps(pattern)}]\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
    )
    pyproject.write_text(pyproject.read_text() + section)


def main() -> int:
    """Run mutmut on one target and print the score."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="a package folder or module, e.g. studyapp/scheduling")
    parser.add_argument("--tests", nargs="*", help="test files (default: the target's own)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument(
        "--max-children",
        type=int,
        default=2,
        help="mutants tested at once (default 2: the machine is shared)",
    )
    args = parser.parse_args()
    source = args.source.rstrip("/")
    tests = args.tests or _default_tests(source)
    if not tests:
        parser.error(f"no default tests for {source}: pass --tests")
    scratch = Path(tempfile.mkdtemp(prefix="studyapp-mutation-"))
    try:
        _copy_tree(scratch)
        _configure(scratch, source, tests)
        subprocess.run(
            ["mutmut", "run", "--max-children", str(args.max_children)],
            cwd=scratch,
            check=False,
        )
        results = subprocess.run(
            ["mutmut", "results", "--all", "true"],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        statuses: dict[str, list[str]] = {}
        for line in results.splitlines():
            match = re.match(r"\s*(\S+): (.+)$", line)
            if match:
                statuses.setdefault(match.group(2).strip(), []).append(match.group(1))
        # A mutant that makes a test hang is caught too: the run would never finish.
        timeouts = len(statuses.get("timeout", []))
        killed = len(statuses.get("killed", [])) + timeouts
        total = sum(len(names) for names in statuses.values())
        print(
            f"\n{source}: {killed} of {total} mutants killed ({killed / max(total, 1):.0%};"
            f" {timeouts} by a timeout)"
        )
        for status, names in sorted(statuses.items()):
            if status not in ("killed", "timeout"):
                print(f"  {status}: {len(names)}")
                for name in names:
                    print(f"    {name}")
    finally:
        if args.keep:
            print(f"scratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
