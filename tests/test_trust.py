"""Code in decks runs only when trusted: bundled decks are, others need `studyapp trust`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.context import Context
from studyapp.decks._parse import parse_deck
from studyapp.trust import TrustStore, UntrustedDeck
from tests.test_sandbox_support import coding_deck


def deck_text(marker: Path) -> str:
    """A deck whose every piece of code leaves `marker` behind if it is ever run."""
    run_marker = f"import pathlib; pathlib.Path({str(marker)!r}).write_text('ran')"
    return f"""\
deck:
  id: their-coding
  title: Someone else's exercises
sandbox:
  - id: twice
    title: Twice
    prompt: Return 2 * z.
    entry: twice
    starter: |
      {run_marker}
      def twice(z):
          return z
    reference: |
      {run_marker}
      def twice(z):
          return 2 * z
    cases:
      - {{name: "one", z: 1.0}}
    mistakes:
      - id: same
        message: You returned z.
        code: |
          {run_marker}
          def twice(z):
              return z
"""


@pytest.fixture
def foreign(tmp_path: Path) -> tuple[Path, Path]:
    """(deck file, marker file) of a deck from outside the bundled content."""
    marker = tmp_path / "ran.txt"
    deck = tmp_path / "theirs.yaml"
    deck.write_text(deck_text(marker), encoding="utf-8")
    return deck, marker


def check(deck: Path, solution: Path) -> int:
    return run(
        ["--content", str(deck), "sandbox", "check", "twice", str(solution), "--no-record"]
    )


def test_validate_and_loading_never_run_deck_code(foreign: tuple[Path, Path]) -> None:
    deck, marker = foreign
    assert run(["validate", str(deck)]) == 0
    parsed, problems = parse_deck(deck.read_bytes(), str(deck))
    assert parsed is not None and not problems
    assert run(["--content", str(deck), "sandbox", "list"]) == 0
    assert not marker.exists()


def test_an_untrusted_deck_with_code_is_refused_until_trusted(
    foreign: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck, marker = foreign
    solution = tmp_path / "twice.py"
    solution.write_text("def twice(z):\n    return 2 * z\n")
    assert check(deck, solution) == 1
    error = capsys.readouterr().err
    assert str(deck.resolve()) in error and "studyapp trust" in error
    assert not marker.exists()

    assert run(["trust", str(deck)]) == 0
    assert "trusted: " + str(deck.resolve()) in capsys.readouterr().out
    assert check(deck, solution) == 0
    assert marker.exists()  # the reference ran, in the judge

    deck.write_text(deck.read_text() + "# an edit\n", encoding="utf-8")
    marker.unlink()
    assert check(deck, solution) == 1
    assert "studyapp trust" in capsys.readouterr().err
    assert not marker.exists()


def test_trust_list_and_revoke(
    foreign: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    deck, _ = foreign
    assert run(["trust", str(deck)]) == 0
    capsys.readouterr()
    assert run(["trust", "--list"]) == 0
    assert str(deck.resolve()) in capsys.readouterr().out
    assert run(["trust", "--revoke", str(deck)]) == 0
    assert "no longer trusted" in capsys.readouterr().out
    assert run(["trust", "--list"]) == 0
    assert str(deck.resolve()) not in capsys.readouterr().out
    assert run(["trust"]) == 2
    assert run(["trust", str(deck.parent / "missing.yaml")]) == 2


def test_bundled_decks_are_trusted_and_records_are_atomic_json(
    foreign: tuple[Path, Path],
) -> None:
    deck, _ = foreign
    ctx = Context.create()
    store = TrustStore(ctx.locations)
    assert store.is_trusted(coding_deck())
    theirs, _ = parse_deck(deck.read_bytes(), str(deck))
    assert theirs is not None
    assert store.untrusted_code_decks([coding_deck(), theirs]) == [theirs]
    with pytest.raises(UntrustedDeck, match="studyapp trust"):
        store.require(theirs)
    record = store.trust(deck)
    assert store.is_trusted(theirs)
    stored = json.loads(store.file.read_text())
    assert stored["decks"] == {record.path: record.sha256}
    assert [p.name for p in store.file.parent.iterdir() if p.name.startswith(".trusted-")] == []
