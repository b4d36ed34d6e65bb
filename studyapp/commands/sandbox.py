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
    from studyapp.session import CheckRecord, StudyService


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
    listing = actions.add_parser(
        "list", help="every coding exercise: new, or its box and due date, and its last check"
    )
    listing.add_argument("--json", action="store_true", help="print one JSON object")
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
        help="check FILE (default: your saved code) against exercise ID "
        "(exit 0 passed, 1 failed, 2 usage error)",
    )
    check.add_argument("id", metavar="ID", help="exercise id (or DECK/ID)")
    check.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="your Python file (default: the code saved by the app, see 'studyapp locate')",
    )
    check.add_argument("--json", action="store_true", help="print exactly one JSON object")
    check.add_argument(
        "--no-record",
        action="store_true",
        help="do not record the check (by default the first check of a due exercise each "
        "day is its answer, later ones are practice)",
    )
    check.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="wall-clock limit (default: sandbox_timeout in config.yaml, 10 s)",
    )
    check.set_defaults(handler=run_check)
    from studyapp.commands.sandbox_train import register_train

    register_train(actions)


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
    """One line per exercise: id, title, deck, and where it stands (box, due, last check)."""
    from studyapp.errors import StudyappError
    from studyapp.session import StudyService

    rows = _exercises(ctx)
    states: list[dict[str, Any]] = []
    problem: str | None = None
    if rows:
        try:
            progress = StudyService.open(ctx)
        except StudyappError as error:
            problem = str(error).splitlines()[0]
        else:
            try:
                states = [_state(progress, deck, exercise) for deck, exercise in rows]
            finally:
                progress.close()
    if args.json:
        payload = {
            "exercises": [
                {"id": exercise.id, "deck": deck.id, "title": exercise.title}
                | (states[index] if states else {})
                for index, (deck, exercise) in enumerate(rows)
            ],
            "progress_error": problem,
        }
        print(json.dumps(payload, indent=2))
        return 0
    if problem is not None:
        print(f"studyapp: note: progress unavailable ({problem})", file=sys.stderr)
    if not rows:
        print("no coding exercises found")
        return 0
    width = max(len(exercise.id) for _, exercise in rows)
    names = [f"{exercise.title}  [{deck.id}]" for deck, exercise in rows]
    name_width = max(len(name) for name in names)
    for index, (_, exercise) in enumerate(rows):
        state = f"  {_state_text(states[index])}" if states else ""
        print(f"{exercise.id:<{width}}  {names[index]:<{name_width}}{state}".rstrip())
    return 0


def _state(progress: StudyService, deck: Deck, exercise: SandboxExercise) -> dict[str, Any]:
    """An exercise's `sandbox list --json` state: box, due date and last check."""
    from studyapp.clock import iso_utc
    from studyapp.model import ItemRef

    ref = ItemRef(deck.id, exercise.id)
    status = progress.status(ref)
    reviews = progress.store.reviews(ref)
    last = reviews[-1] if reviews else None
    return {
        "state": "new" if status.box is None else "learning",
        "box": status.box,
        "due": iso_utc(status.due_at) if status.due_at is not None else None,
        "due_now": status.box is not None and status.days <= 0,
        "last_check": None
        if last is None
        else {"at": last.at, "passed": last.correct, "mode": str(last.mode)},
    }


def _state_text(state: dict[str, Any]) -> str:
    """E.g. "box 2 of 5, due 2026-04-03; last check 2026-04-01: passed (practice)"."""
    from datetime import datetime

    def local_day(stamp: str) -> str:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d")

    if state["box"] is None:
        text = "new"
    else:
        due = "due now" if state["due_now"] else f"due {local_day(state['due'])}"
        text = f"box {state['box']}, {due}"
    last = state["last_check"]
    if last is not None:
        verdict = "passed" if last["passed"] else "failed"
        practice = "" if last["mode"] == "review" else f" ({last['mode']})"
        text += f"; last check {local_day(last['at'])}: {verdict}{practice}"
    return text


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


def _saved_submission(ctx: Context, deck: Deck, exercise: SandboxExercise) -> str:
    """The code saved by the coding screen; UsageError when there is none."""
    from studyapp.codefiles import CodeFiles

    files = CodeFiles(ctx.locations.code)
    code = files.load(deck.id, exercise.id)
    if code is None:
        raise UsageError(
            f"no saved code for '{exercise.id}' ({files.path(deck.id, exercise.id)}): give a "
            f"FILE, or write it in the app with 'studyapp code {exercise.id}'"
        )
    return code


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    """Check a file (or the saved code); print the verdict, then record it; exit by the verdict.

    Exit 0 when it passes, 1 when it fails, whether or not recording worked: a verdict is
    never lost to a database problem ("not recorded: <reason>").
    """
    from studyapp.sandbox import Limits, WarmChecker
    from studyapp.session import report_text

    if args.timeout is not None and not 1 <= args.timeout <= 600:  # also rejects nan
        raise UsageError("--timeout must be between 1 and 600 seconds")
    # Start the child before anything else: it imports numpy on the other core while this
    # process reads settings and loads decks.
    checker = WarmChecker()
    checker.start()
    try:
        deck, exercise = find_exercise(ctx, args.id)
        if args.file is not None:
            code = _read_submission(args.file)
        else:
            code = _saved_submission(ctx, deck, exercise)
        from studyapp.trust import TrustStore

        TrustStore(ctx.locations).require(deck)  # a deck's code runs only when trusted
        if args.timeout is not None:
            exercise = replace(exercise, timeout=args.timeout)
        else:
            from studyapp.settings_file import load_settings

            timeout = load_settings(ctx.locations.config_file).sandbox_timeout
            checker.limits = Limits(timeout=timeout)
        result = checker.check(exercise, code, keep_warm=False)
    finally:
        checker.close()
    if not args.json:
        print(report_text(exercise, result), flush=True)
    record: CheckRecord | None = None
    error: str | None = None
    if not args.no_record:
        record, error = _record(ctx, deck, exercise, code, result)
    if args.json:
        payload = result.as_json()
        payload["recorded"] = None if record is None else record.recorded
        payload["record_error"] = error
        print(json.dumps(payload))
    elif error is not None:
        print(f"not recorded: {error}")
    elif record is not None:
        print(record.text)
    return 0 if result.passed else 1


def _record(
    ctx: Context, deck: Deck, exercise: SandboxExercise, code: str, result: CheckResult
) -> tuple[CheckRecord | None, str | None]:
    """Record the check (counted, practice or not at all); (record, None) or (None, why not)."""
    from studyapp.errors import StudyappError
    from studyapp.model import ItemRef
    from studyapp.session import StudyService

    try:
        progress = StudyService.open(ctx)
        try:
            ref = ItemRef(deck.id, exercise.id)
            return progress.record_check(ref, exercise, code, result), None
        finally:
            progress.close()
    except StudyappError as problem:
        return None, str(problem).splitlines()[0] if str(problem) else type(problem).__name__
