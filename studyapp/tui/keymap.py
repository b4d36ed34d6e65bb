"""Checking config.yaml's `keymap` against the keys each screen really has.

An entry is ignored, with a message saying why, when its binding id is unknown, a key in it
is not a key Textual knows, or it would give a key two meanings on one screen (a key that
hides another action counts: `end-session: space` would leave no key to reveal a card).
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.keys import Keys

from studyapp.suggest import did_you_mean

if TYPE_CHECKING:
    from textual.dom import DOMNode

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMED_KEYS = frozenset(key.value for key in Keys) | {"space", "enter", "tab", "backspace"}


@dataclass(frozen=True, slots=True)
class Scope:
    """Keys that are live together: a screen, the widgets that hold the focus in it, the app."""

    name: str
    """How messages name it ("the study screen (flashcards)")."""
    classes: tuple[type[DOMNode], ...]
    """Every class whose BINDINGS apply at once, focused widget first."""


def scopes() -> list[Scope]:
    """Every combination of bindings the app shows (imports the screens: call it lazily)."""
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import DataTable, Input, OptionList, TextArea

    from studyapp.tui.app import StudyApp
    from studyapp.tui.screens.coding import CodingScreen
    from studyapp.tui.screens.deck import DeckScreen
    from studyapp.tui.screens.drill import DrillScreen, PasteSettings
    from studyapp.tui.screens.home import HomeScreen
    from studyapp.tui.screens.lab import LabScreen
    from studyapp.tui.screens.stats import StatsScreen
    from studyapp.tui.screens.study import StudyScreen
    from studyapp.tui.screens.summary import SummaryScreen
    from studyapp.tui.screens.train import TrainFileDialog, TrainScreen
    from studyapp.tui.widgets.checklist import Checklist
    from studyapp.tui.widgets.coding_view import CodingItemView
    from studyapp.tui.widgets.lab_view import LabView
    from studyapp.tui.widgets.reorder_view import ReorderView
    from studyapp.tui.widgets.views import FlashcardView, QuestionView

    app: tuple[type[DOMNode], ...] = (StudyApp, App)
    return [
        Scope("the home screen", (OptionList, HomeScreen, *app)),
        Scope("the study screen (flashcards)", (FlashcardView, StudyScreen, *app)),
        Scope("the study screen (questions)", (Checklist, QuestionView, StudyScreen, *app)),
        Scope("the study screen (reorder)", (OptionList, ReorderView, StudyScreen, *app)),
        Scope("the study screen (coding)", (CodingItemView, StudyScreen, *app)),
        Scope("the coding screen (editor)", (TextArea, CodingScreen, *app)),
        Scope("the coding screen (results)", (OptionList, CodingScreen, *app)),
        Scope("the deck screen", (DataTable, DeckScreen, *app)),
        Scope("the summary screen", (SummaryScreen, *app)),
        Scope("the stats screen", (VerticalScroll, StatsScreen, *app)),
        Scope("the study screen (lab)", (LabView, StudyScreen, *app)),
        Scope("the lab screen", (LabView, LabScreen, *app)),
        Scope("the drill screen", (OptionList, DrillScreen, *app)),
        Scope("the drill's paste dialog", (Input, PasteSettings, *app)),
        Scope("the training screen", (TrainScreen, *app)),
        Scope("the training file dialog", (Input, TrainFileDialog, *app)),
    ]


def _bindings(classes: Iterable[type[DOMNode]]) -> Iterator[Binding]:
    seen: set[type[DOMNode]] = set()
    for cls in classes:
        for klass in cls.__mro__:
            if klass in seen or "BINDINGS" not in vars(klass):
                continue
            seen.add(klass)
            declared: list[BindingType] = vars(klass)["BINDINGS"]
            yield from Binding.make_bindings(declared)


def key_name(key: str) -> str | None:
    """The normalised name of one key ("ctrl+r", "question_mark"), or None if unknown."""
    *modifiers, base = key.strip().split("+") if key.strip() != "+" else ["plus"]
    if any(modifier.lower() not in _MODIFIERS for modifier in modifiers):
        return None
    if len(base) == 1:
        if base.isalnum():
            name = base
        elif base in string.punctuation:
            name = unicodedata.name(base).lower().replace("-", "_").replace(" ", "_")
        else:
            return None
    elif base.lower() in _NAMED_KEYS or _is_character_name(base.lower()):
        name = base.lower()
    else:
        return None
    return "+".join([*(m.lower() for m in modifiers), name])


def _is_character_name(name: str) -> bool:
    return any(
        unicodedata.name(char).lower().replace("-", "_").replace(" ", "_") == name
        for char in string.punctuation
    )


def _keys(spec: str) -> list[str | None]:
    return [key_name(key) for key in spec.split(",") if key.strip()]


def checked_keymap(
    keymap: dict[str, str], source: str = "config.yaml", known: Sequence[Scope] | None = None
) -> tuple[dict[str, str], list[str]]:
    """The entries of `keymap` that are safe to apply, and a message for each one ignored."""
    all_scopes = list(known if known is not None else scopes())
    ids = {b.id for scope in all_scopes for b in _bindings(scope.classes) if b.id}
    accepted: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, spec in keymap.items():
        where = f"{source}: keymap: {binding_id}: {spec!r}"
        if binding_id not in ids:
            problems.append(f"{where}: no binding has this id{did_you_mean(binding_id, ids)}")
            continue
        names = _keys(spec)
        if not names or None in names:
            problems.append(
                f"{where}: not a key (use names like 'g', 'ctrl+g', 'f5', 'space', 'enter')"
            )
            continue
        clash = _clash(binding_id, {n for n in names if n}, all_scopes, accepted)
        if clash is not None:
            problems.append(f"{where}: {clash}; ignored")
            continue
        accepted[binding_id] = ",".join(n for n in names if n)
    return accepted, problems


def _clash(
    binding_id: str, keys: set[str], all_scopes: Sequence[Scope], accepted: dict[str, str]
) -> str | None:
    """Why giving `binding_id` these keys would clash on some screen, or None."""
    if "ctrl+p" in keys:
        return "ctrl+p already opens the command palette on every screen"
    for scope in all_scopes:
        bindings = list(_bindings(scope.classes))
        if not any(b.id == binding_id for b in bindings):
            continue
        for other in bindings:
            if other.id == binding_id:
                continue
            spec = accepted.get(other.id, other.key) if other.id else other.key
            taken = {name for name in _keys(spec) if name} & keys
            if taken:
                what = other.description or other.action
                key = sorted(taken)[0]
                return f"{key} already means '{what}' on {scope.name}"
    return None
