"""`studyapp lab`: list failure-mode scenarios and run one to see its symptom."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TYPE_CHECKING, Any

from studyapp.context import Context
from studyapp.errors import UsageError

if TYPE_CHECKING:
    from studyapp.model import Deck, LabScenario


def register(subparsers: Any) -> None:
    """Add the `lab` command and its sub-commands."""
    parser = subparsers.add_parser(
        "lab",
        help="failure-mode lab: train into a known failure and see its symptom",
        description="List the failure-mode scenarios of every deck, or run one: its setup is "
        "trained and the symptom is measured and printed. Study them in the app to choose "
        "the remedy.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", dest="action")
    actions.required = True
    listing = actions.add_parser("list", help="every lab scenario")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(handler=run_list)
    running = actions.add_parser("run", help="run scenario ID and print its symptom")
    running.add_argument("id", metavar="ID", help="scenario id (or DECK/ID)")
    running.add_argument("--json", action="store_true", help="print one JSON object")
    running.set_defaults(handler=run_one)


def scenarios(ctx: Context) -> list[tuple[Deck, LabScenario]]:
    """Every lab scenario of every loaded deck, in deck order."""
    return [(deck, scenario) for deck in ctx.decks().decks for scenario in deck.lab]


def find_scenario(ctx: Context, ident: str) -> tuple[Deck, LabScenario]:
    """The scenario called `ident` (or `deck/ident`); UsageError when unknown or ambiguous."""
    from studyapp.suggest import did_you_mean

    everything = scenarios(ctx)
    deck_id, _, item_id = ident.rpartition("/")
    found = [(d, s) for d, s in everything if s.id == item_id and deck_id in ("", d.id)]
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(f"{deck.id}/{scenario.id}" for deck, scenario in found)
        raise UsageError(f"scenario id '{ident}' is in several decks: use one of {names}")
    hint = did_you_mean(item_id, {s.id for _, s in everything}) or " (see 'studyapp lab list')"
    raise UsageError(f"no lab scenario '{ident}'{hint}")


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """Print the scenarios, one a line or as a JSON list of {id, title, deck}."""
    rows = scenarios(ctx)
    if args.json:
        listed = [{"id": s.id, "title": s.title, "deck": d.id} for d, s in rows]
        json.dump(listed, sys.stdout)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("no lab scenarios found")
        return 0
    width = max(len(scenario.id) for _, scenario in rows)
    for deck, scenario in rows:
        print(f"{scenario.id:<{width}}  {scenario.title}  [{deck.id}]")
    return 0


def run_one(args: argparse.Namespace, ctx: Context) -> int:
    """Run one scenario and print its symptom and numbers."""
    deck, scenario = find_scenario(ctx, args.id)
    from studyapp.drill.lab import run_scenario

    outcome = run_scenario(scenario)
    if args.json:
        report = {
            "deck": deck.id,
            "title": scenario.title,
            "setup": scenario.setup,
            **outcome.as_json(),
        }
        json.dump(report, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    print(f"{scenario.title}  ({deck.id}/{scenario.id})")
    print(f"Setup: {scenario.setup}\n")
    print(textwrap.fill(outcome.symptom, 88))
    print("\nStudy it in the app to choose the remedy (the first answer counts).")
    return 0
