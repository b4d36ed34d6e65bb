"""`export anki` and `import csv`: packages Anki can read, deck files the loader accepts."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.cli import run
from studyapp.decks import load_file, parse_deck
from studyapp.exchange import csv_to_deck, item_id_for, note_guid

DECK = """\
deck:
  id: anki-deck
  title: Anki deck
  tags: [ml basics]
flashcards:
  - id: card-one
    front: What does **alpha** control?
    back: |
      The step size:

      - too large diverges
      - too small crawls
    tags: [rates]
  - id: card-two
    front: "Raw <b>html</b> stays text"
    back: "`code` too"
questions:
  - id: q-one
    tier: intermediate
    prompt: Why scale features?
    answer: So one step size suits every weight.
    key_points: [equal curvature, "faster *convergence*"]
    senior_angle: Mention condition numbers.
  - id: q-two
    tier: beginner
    prompt: What is a learning rate?
    answer: The step size.
    key_points: [step size]
reorder:
  - id: steps
    prompt: Order one iteration
    steps: [compute logits, apply sigmoid, update weights]
"""


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "anki.yaml").write_text(DECK, encoding="utf-8")
    empty = tmp_path / "no-bundled-content"
    empty.mkdir()
    monkeypatch.setattr("studyapp.paths.bundled_content_dir", lambda: empty)
    return folder


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def package_notes(path: Path, tmp_path: Path) -> list[tuple[str, list[str], str, str]]:
    """(guid, fields, tags, note type name) of every note in an .apkg, read with sqlite3."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert "collection.anki2" in names
        package.extract("collection.anki2", tmp_path / "unzipped")
    db = sqlite3.connect(tmp_path / "unzipped" / "collection.anki2")
    try:
        import json

        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        rows = db.execute("SELECT guid, flds, tags, mid FROM notes ORDER BY id").fetchall()
        cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        db.close()
    assert cards == len(rows)
    return [(guid, flds.split("\x1f"), tags.strip(), models[str(mid)]["name"])
            for guid, flds, tags, mid in rows]


def test_export_anki_writes_one_note_per_card_and_question(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "deck.apkg"
    code, stdout, _ = cli(capsys, "--content", str(content), "export", "anki", "anki-deck",
                          str(out))
    assert code == 0
    assert "2 flashcard(s), 2 question(s); 1 reorder/coding exercise(s) left out" in stdout
    notes = package_notes(out, tmp_path)
    assert len(notes) == 4
    guid, fields, tags, model = notes[0]
    assert model == "studyapp flashcard"
    assert guid == note_guid("anki-deck", "card-one")
    assert fields[0] == "<p>What does <strong>alpha</strong> control?</p>\n"
    assert "<li>too large diverges</li>" in fields[1]
    assert tags.split() == ["ml_basics", "rates"]
    # Raw HTML in the content is shown as text, not interpreted.
    assert "&lt;b&gt;html&lt;/b&gt;" in notes[1][1][0]
    assert notes[1][1][1] == "<p><code>code</code> too</p>\n"
    guid, fields, tags, model = notes[2]
    assert model == "studyapp question"
    assert fields[0] == "<p>Why scale features?</p>\n"
    assert fields[1] == "intermediate"
    assert fields[2] == "<p>So one step size suits every weight.</p>\n"
    assert fields[3] == "<ul><li>equal curvature</li><li>faster <em>convergence</em></li></ul>"
    assert fields[4] == "<p>Mention condition numbers.</p>\n"
    assert "tier::intermediate" in tags.split()
    assert notes[3][1][4] == "" and "tier::beginner" in notes[3][2].split()


def test_export_anki_guids_are_stable_across_exports_and_edits(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert cli(capsys, "--content", str(content), "export", "anki", "anki-deck", str(first))[0] == 0
    (content / "anki.yaml").write_text(DECK.replace("The step size.", "How far each step goes."),
                                       encoding="utf-8")
    assert cli(capsys, "--content", str(content), "export", "anki", "anki-deck", str(second))[0] == 0
    before = package_notes(first, tmp_path / "1")
    after = package_notes(second, tmp_path / "2")
    assert [n[0] for n in before] == [n[0] for n in after]
    assert len({n[0] for n in before}) == 4
    assert before[3][1][2] != after[3][1][2]
    # Different decks give different GUIDs for the same item id.
    assert note_guid("anki-deck", "card-one") != note_guid("other-deck", "card-one")


def test_export_anki_usage_errors(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "--content", str(content), "export", "anki", "anki-dek",
                       str(tmp_path / "x.apkg"))
    assert code == 2 and "unknown deck 'anki-dek' (did you mean 'anki-deck'?)" in err
    code, _, err = cli(capsys, "--content", str(content), "export", "anki", "anki-deck",
                       str(tmp_path / "x.zip"))
    assert code == 2 and "ending .apkg" in err
    code, _, err = cli(capsys, "export")
    assert code == 2 and "choose a format: anki" in err


def test_export_anki_imports_into_a_real_collection(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    try:
        from anki.collection import (
            Collection,
            ImportAnkiPackageOptions,
            ImportAnkiPackageRequest,
        )
    except Exception as error:  # any import failure means there is no Anki to try
        pytest.skip(f"Anki's backend is not installed (pip install -e '.[bench]'): {error}")
    out = tmp_path / "deck.apkg"
    assert cli(capsys, "--content", str(content), "export", "anki", "anki-deck", str(out))[0] == 0
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        # Anki's default: update a note when the package's copy is newer.
        from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Update

        options = ImportAnkiPackageOptions(
            update_notes=Update.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            with_scheduling=False,
        )
        log = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out),
                                                               options=options)).log
        assert len(log.new) == 4 and col.note_count() == 4
        [question] = col.find_notes("tag:tier::intermediate")
        note = col.get_note(question)
        note_type = note.note_type()
        assert note_type is not None and note_type["name"] == "studyapp question"
        assert note["Prompt"] == "<p>Why scale features?</p>\n"
        card = col.get_card(col.card_ids_of_note(question)[0])
        assert col.decks.name(card.did) == "Anki deck"
        assert "Mention condition numbers." in card.answer()
        # A re-export after an edit (a minute later: Anki compares whole seconds) updates
        # the note instead of adding another.
        import time
        from types import SimpleNamespace

        import genanki.package

        later = SimpleNamespace(time=lambda: time.time() + 60)
        monkeypatch.setattr(genanki.package, "time", later)
        (content / "anki.yaml").write_text(DECK.replace("Why scale", "Why standardise"),
                                           encoding="utf-8")
        assert cli(capsys, "--content", str(content), "export", "anki", "anki-deck",
                   str(out))[0] == 0
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out), options=options))
        assert col.note_count() == 4
        assert col.get_note(question)["Prompt"] == "<p>Why standardise features?</p>\n"
    finally:
        col.close()


# -- import csv -----------------------------------------------------------------------------


def test_import_csv_handles_quotes_newlines_bom_and_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cards.csv"
    source.write_bytes(
        "\ufefffront,back\n"
        '"What is α, in one word?","The step\nsize"\n'
        "lonely cell\n"
        "\n"
        ",no front\n"
        '"What is α, in one word?",again\n'
        'plain,"said ""hi"""\n'.encode()
    )
    out = tmp_path / "deck.yaml"
    code, stdout, err = cli(capsys, "import", "csv", str(source), "--deck-id", "from-csv",
                            "--title", "From CSV", "-o", str(out))
    assert code == 0
    assert err.splitlines() == [
        f"{source}:4: expected 2 columns (front, back), found 1",
        f"{source}:6: the front is empty",
        f"{source}:7: the same front as line 2; left out",
    ]
    assert "Wrote 2 card(s)" in stdout and "3 row(s) left out" in stdout
    deck, problems = load_file(str(out))
    assert problems == [] and deck is not None
    assert (deck.id, deck.title) == ("from-csv", "From CSV")
    assert [(c.front, c.back) for c in deck.flashcards] == [
        ("What is α, in one word?", "The step\nsize"),
        ("plain", 'said "hi"'),
    ]
    assert deck.flashcards[0].id == item_id_for("What is α, in one word?")
    assert deck.flashcards[0].id.startswith("what-is-in-one-word-")


def test_import_tsv_without_header_and_anki_file_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "anki-export.txt"
    source.write_text("#separator:tab\n#html:true\nfront one\tback, with comma\n"
                      "front two\t\"quoted\ttab\"\n", encoding="utf-8")
    out = tmp_path / "deck.yaml"
    code, _, err = cli(capsys, "import", "csv", str(source), "--deck-id", "tsv", "--title", "T",
                       "-o", str(out), "--no-header")
    assert code == 0, err
    deck, problems = load_file(str(out))
    assert problems == [] and deck is not None
    assert [(c.front, c.back) for c in deck.flashcards] == [
        ("front one", "back, with comma"), ("front two", "quoted\ttab"),
    ]


def test_import_csv_ids_are_stable_so_progress_survives_a_reimport(tmp_path: Path) -> None:
    first = csv_to_deck("a,1\nb,2\n", deck_id="d", title="D", header=False)
    second = csv_to_deck("b,changed back\nc,3\na,1\n", deck_id="d", title="D", header=False)
    ids_first = {item_id_for(f) for f in "ab"}
    assert ids_first <= {line.split(": ")[1].strip('"') for line in second.text.splitlines()
                         if line.startswith("  - id:")}
    assert first.cards == 2 and second.cards == 3


def test_import_csv_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cards.csv"
    source.write_text("front,back\nq,a\n", encoding="utf-8")
    code, _, err = cli(capsys, "import", "csv", str(source), "--deck-id", "Bad Id", "--title",
                       "T", "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "lowercase letters, digits and '-'" in err
    assert not (tmp_path / "x.yaml").exists()
    code, _, err = cli(capsys, "import", "csv", str(source), "--deck-id", "ok", "--title", "T",
                       "--delimiter", ";;")
    assert code == 2 and "--delimiter" in err
    only_header = tmp_path / "empty.csv"
    only_header.write_text("front,back\n", encoding="utf-8")
    code, _, err = cli(capsys, "import", "csv", str(only_header), "--deck-id", "ok", "--title",
                       "T")
    assert code == 1 and "no usable rows" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"front,back\ncaf\xe9,x\n")
    code, _, err = cli(capsys, "import", "csv", str(latin), "--deck-id", "ok", "--title", "T")
    assert code == 1 and f"{latin}:2: not UTF-8" in err


def test_import_csv_default_output_is_the_content_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_folders: Path
) -> None:
    source = tmp_path / "cards.csv"
    source.write_text("front,back\nq,a\n", encoding="utf-8")
    code, _, _ = cli(capsys, "import", "csv", str(source), "--deck-id", "mine", "--title", "M")
    assert code == 0
    code, out, _ = cli(capsys, "due", "--deck", "mine", "--json")
    assert code == 0 and '"id": "mine"' in out


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=5),
       title=_TEXT)
def test_any_text_round_trips_through_the_deck_file(
    rows: list[tuple[str, str]], title: str
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    result = csv_to_deck(buffer.getvalue(), deck_id="fuzz", title=title, header=False,
                         delimiter=",")
    for problem in result.skipped:  # only duplicates or cells that are blank once stripped
        assert "same front" in problem.message or "empty" in problem.message
    if not result.cards:
        return
    deck, problems = parse_deck(result.text.encode("utf-8"), "fuzz.yaml")
    assert problems == [] and deck is not None
    assert deck.title == title.strip() or deck.title == title
    expected: dict[str, str] = {}
    for front, back in rows:
        if front.strip() and back.strip():
            expected.setdefault(front.strip(), back.strip())
    assert [(c.front, c.back) for c in deck.flashcards] == list(expected.items())


def test_import_finds_the_delimiter_of_a_quizlet_export() -> None:
    result = csv_to_deck("term one\tdefinition, with a comma\nterm two\tsecond\n",
                         deck_id="quizlet", title="Q", header=False)
    deck, problems = parse_deck(result.text.encode("utf-8"), "q.yaml")
    assert problems == [] and deck is not None
    assert [(c.front, c.back) for c in deck.flashcards] == [
        ("term one", "definition, with a comma"), ("term two", "second"),
    ]
