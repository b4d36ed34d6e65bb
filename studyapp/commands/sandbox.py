"""`studyapp sandbox`: list, show, template, solution and check coding exercises."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp.context import Context
from studyapp.errors import UsageError

if TYPE_CHECKING:
    from studyapp.model import Deck, SandboxExercise
    from studyapp.sandbox import CheckResult
    from studyapp.session import StudyService

_FULL_FAILURES = 3
"""Failures printed in full by the text report; the rest get one line each."""


def register(subparsers: Any) -> None:
    """Add the `sandbox` command and its sub-commands."""
    parser = subparsers.add_parser(
        "sandbox",
        help="coding exercises checked in an isolated numpy sandbox",
        description="List, show and check coding exercises. A check runs your code and the "
        "reference in a separate, limited Python process and explains what differs.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", dest="action")
    actions.required = True
    listing = actions.add_parser("list", help="every coding exercise")
    listing.set_defaults(handler=run_list)
    for name, help_text in (
        ("show", "the task, its cases and (with --hints) its hints"),
        ("template", "print the starter code (redirect it into a file to begin)"),
        ("solution", "print the reference solution"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("id", metavar="ID", help="exercise id (or DECK/ID)")
        action.set_defaults(
            handler={"show": run_show, "template": run_template, "solution": run_solution}[name]
        )
        if name == "show":
            action.add_argument(
                "--hints", type=int, default=0, metavar="N", help="also print the first N hints"
            )
    check = actions.add_parser(
        "check",
        help="check FILE against exercise ID (exit 0 passed, 1 failed, 2 usage error)",
    )
    check.add_argument("id", metavar="ID", help="exercise id (or DECK/ID)")
    check.add_argument("file", metavar="FILE", help="your Python file")
    check.add_argument("--json", action="store_true", help="print exactly one JSON object")
    check.add_argument(
        "--no-record",
        action="store_true",
        help="do not record the check as an answer on the exercise's schedule",
    )
    check.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="wall-clock limit (default: sandbox_timeout in config.yaml, 10 s)",
    )
    check.set_defaults(handler=run_check)


def _exercises(ctx: Context) -> list[tuple[Deck, SandboxExercise]]:
    return [(deck, exercise) for deck in ctx.decks().decks for exercise in deck.sandbox]


def find_exercise(ctx: Context, ident: str) -> tuple[Deck, SandboxExercise]:
    """The exercise called `ident` (or `deck/ident`); UsageError when unknown or ambiguous."""
    from studyapp.suggest import did_you_mean

    everything = _exercises(ctx)
    deck_id, _, item_id = ident.rpartition("/")
    found = [
        (deck, exercise)
        for deck, exercise in everything
        if exercise.id == item_id and deck_id in ("", deck.id)
    ]
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(f"{deck.id}/{exercise.id}" for deck, exercise in found)
        raise UsageError(f"exercise id '{ident}' is in several decks: use one of {names}")
    choices = {exercise.id for _, exercise in everything}
    hint = did_you_mean(item_id, choices) or " (see 'studyapp sandbox list')"
    raise UsageError(f"no coding exercise '{ident}'{hint}")


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """Print one line per exercise: id, title, deck."""
    rows = _exercises(ctx)
    if not rows:
        print("no coding exercises found")
        return 0
    width = max(len(exercise.id) for _, exercise in rows)
    for deck, exercise in rows:
        print(f"{exercise.id:<{width}}  {exercise.title}  [{deck.id}]")
    return 0


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    """Print an exercise's task, contract and cases."""
    deck, exercise = find_exercise(ctx, args.id)
    print(f"{exercise.title}  ({deck.id}/{exercise.id})\n")
    print(exercise.prompt.rstrip() + "\n")
    print(f"Write: {exercise.entry}(...)")
    print("Checked on: " + "; ".join(case.name for case in exercise.cases))
    if exercise.speed_case is not None:
        print("A correct answer is also timed on a large case (loops over samples are flagged).")
    shown = max(0, min(args.hints, len(exercise.hints)))
    for number, hint in enumerate(exercise.hints[:shown], start=1):
        print(
            textwrap.fill(
                hint.strip(), 88, initial_indent=f"Hint {number}: ", subsequent_indent="  "
            )
        )
    if len(exercise.hints) > shown:
        print(f"{len(exercise.hints) - shown} hint(s) hidden: add --hints N to see them")
    print(f"\nStart with: studyapp sandbox template {exercise.id} > {exercise.entry}.py")
    return 0


def run_template(args: argparse.Namespace, ctx: Context) -> int:
    """Print the starter code."""
    _, exercise = find_exercise(ctx, args.id)
    sys.stdout.write(
        exercise.starter if exercise.starter.endswith("\n") else exercise.starter + "\n"
    )
    return 0


def run_solution(args: argparse.Namespace, ctx: Context) -> int:
    """Print the reference solution."""
    _, exercise = find_exercise(ctx, args.id)
    code = exercise.reference
    sys.stdout.write(code if code.endswith("\n") else code + "\n")
    return 0


def _read_submission(name: str) -> str:
    path = Path(name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: is a folder, not a Python file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{name}: not UTF-8 text (save it as UTF-8)") from None
    except OSError as error:
        raise UsageError(f"{name}: cannot be read ({error.strerror})") from None


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    """Check a file; exit 0 when it passes, 1 when it fails."""
    from studyapp.sandbox import Limits, WarmChecker

    # Start the child before anything else: it imports numpy on the other core while this
    # process reads settings, loads decks and opens the progress store.
    checker = WarmChecker()
    checker.start()
    progress: StudyService | None = None
    try:
        code = _read_submission(args.file)
        if args.timeout is not None and not 1 <= args.timeout <= 600:  # also rejects nan
            raise UsageError("--timeout must be between 1 and 600 seconds")
        deck, exercise = find_exercise(ctx, args.id)
        if args.timeout is not None:
            exercise = replace(exercise, timeout=args.timeout)
        else:
            from studyapp.config import load_settings

            timeout = load_settings(ctx.locations.config_file).sandbox_timeout
            checker.limits = Limits(timeout=timeout)
        if not args.no_record:
            from studyapp.session import StudyService

            progress = StudyService.open(ctx)
        result = checker.check(exercise, code, keep_warm=False)
        checker.close()
        recorded = None if progress is None else _record(progress, deck, exercise, result)
    finally:
        checker.close()
        if progress is not None:
            progress.close()
    if args.json:
        print(json.dumps(result.as_json()))
    else:
        print(report_text(exercise, result, recorded))
    return 0 if result.passed else 1


def _record(
    progress: StudyService, deck: Deck, exercise: SandboxExercise, result: CheckResult
) -> str:
    """Record the check as an answer on the exercise's schedule; returns the outcome text."""
    from studyapp.model import ItemKind, ItemRef

    review = progress.record_answer(
        ItemRef(deck.id, exercise.id),
        ItemKind.SANDBOX,
        result.passed,
        detail={
            "cases_run": result.cases_run,
            "failures": [failure.kind for failure in result.failures],
            "warnings": [warning.kind for warning in result.warnings],
        },
    )
    return progress.outcome(review).text


def report_text(exercise: SandboxExercise, result: CheckResult, recorded: str | None) -> str:
    """The readable report of a check, ending with a one-line summary."""
    lines = [f"{exercise.id}: {exercise.title}"]
    for index, failure in enumerate(result.failures):
        where = f"case '{failure.case}'" if failure.case else "your code"
        at_line = f" (line {failure.line})" if failure.line else ""
        if index >= _FULL_FAILURES:
            lines.append(f"  also failed: {where}: {failure.kind}{at_line}")
            continue
        lines.append(f"  FAILED {where}: {failure.kind}{at_line}")
        lines.extend("      " + text for text in failure.message.splitlines())
    for warning in result.warnings:
        lines.append(f"  warning: {warning.kind}")
        lines.extend(
            textwrap.wrap(warning.message, 88, initial_indent="      ", subsequent_indent="      ")
        )
    if result.output.strip():
        lines.append("  output of your code (head and tail kept):")
        lines.extend("    | " + text for text in result.output.rstrip("\n").splitlines())
    failed_cases = sum(1 for failure in result.failures if failure.case)
    if result.passed:
        summary = f"PASSED: all {result.cases_run} cases in {result.seconds:.2f} s"
    elif failed_cases:
        summary = (
            f"FAILED: {failed_cases} of {result.cases_run} cases failed in {result.seconds:.2f} s"
        )
    else:
        summary = f"FAILED: {result.failures[0].kind} after {result.seconds:.2f} s"
    if result.warnings:
        summary += f", {len(result.warnings)} warning(s)"
    if recorded:
        summary += f". {recorded}"
    lines.append(summary)
    return "\n".join(lines)
