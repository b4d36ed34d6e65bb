"""Moving decks in and out of other tools: Anki packages out, CSV/TSV card lists in.

    write_anki_package(deck, path) -> AnkiExport     one note per flashcard and question
    csv_to_deck(text, deck_id=..., title=...) -> CsvDeck   a deck file's text from front/back rows

Headless: no UI, no progress database; the CLI's `export anki` and `import csv` call these.
"""

from studyapp.exchange._anki import AnkiExport, note_guid, write_anki_package
from studyapp.exchange._csv import CsvDeck, csv_to_deck, item_id_for

__all__ = [
    "AnkiExport",
    "CsvDeck",
    "csv_to_deck",
    "item_id_for",
    "note_guid",
    "write_anki_package",
]
