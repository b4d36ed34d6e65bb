"""What a learner reads about a bad keymap entry in config.yaml: each message names the
binding in plain words, at the entry's line and column, and studying goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.cli import run

DECK = "deck:\n  id: keys\n  title: Keys\nflashcards:\n  - {id: c1, front: f, back: b}\n"


def _due_with_config(home: Path, tmp_path: Path, config_text: str,
                     capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    deck = tmp_path / "keys.yaml"
    deck.write_text(DECK, encoding="utf-8")
    config = home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(config_text, encoding="utf-8")
    code = run(["--content", str(deck), "due"])
    return code, capsys.readouterr().err, config


def test_each_bad_keymap_entry_is_named_in_plain_words(
    isolated_folders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "keymap:\n  grade-again: [j]\n  '': q\n  undo: ''\n  '': {a: b}\n  quit: q\n"
    code, err, config = _due_with_config(isolated_folders, tmp_path, text, capsys)
    assert code == 0
    lines = [line for line in err.splitlines() if line.startswith(f"studyapp: {config}")]
    assert lines == [f"studyapp: {config}:{line}" for line in (
        "2:16: the key for 'grade-again' in 'keymap' must be non-empty text, not a list",
        "3:3: a binding id in 'keymap' must not be empty",
        "4:9: the key for 'undo' in 'keymap' must not be empty",
        "5:3: a binding id in 'keymap' must not be empty",
        # The value of an entry without a usable id is still checked, named without the id.
        "5:7: a key in 'keymap' must be non-empty text, not a mapping",
    )] + [f"studyapp: {config}: 5 problem(s) in the settings: each bad setting keeps its"
          " default until fixed"]
