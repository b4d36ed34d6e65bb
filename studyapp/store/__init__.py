"""Progress storage: the review log (source of truth) and the derived Leitner state, in SQLite.

One database file (`Locations.database`) opened in WAL mode with a busy timeout; the
schema version lives in `PRAGMA user_version` and older files are migrated forward on
open. A damaged file raises StoreCorrupt and one from a newer studyapp StoreTooNew; both
messages name the file, which is never written to: SQLite's quick check runs before a
process's first write.

    store = ProgressStore(path, rules)          open or create
    store.record(ref, kind, correct, at, ...)   append one answer; committed on return
    store.undo(event_id=None, ref=None)         remove an answer, restore the state before it
    store.state(ref) / store.states(deck_id)    the cached Leitner state
    store.rebuild()                             recompute the cache from the log
    store.summarise()                           count what the reports read (also done
                                                every 256 answers; see _summary.py)
    store.merge(reviews)                        import answers (idempotent by event id)
    store.drop(event_ids)                       remove answers, replay their items
    store.ignored_events()                      answers dated out of range, left out of the replay
    ProgressStore(path, rules, read_only=True)  never writes the file (mode=ro)
    write_jsonl / parse_jsonl                   the JSON Lines exchange format

The log rows are never changed except their box fields, which like `item_state` are
derived by replaying the log in time order (ties keep insertion order). Event ids are
unique by construction (random UUIDs; merge skips ids it already holds), not by an index:
an index would cost every answer another b-tree insert.
"""

from studyapp.store._exchange import (
    FIELDS,
    ParsedLog,
    event_json,
    normalise_time,
    parse_jsonl,
    read_lines,
    write_jsonl,
)
from studyapp.store._history import (
    MINUTE_START,
    DayRow,
    DeckCounts,
    DeckHistory,
    MinuteRow,
    StateSummary,
    minute_summary,
)
from studyapp.store._progress import ProgressStore
from studyapp.store._rows import IgnoredEvent
from studyapp.store._schema import SCHEMA_VERSION

__all__ = [
    "FIELDS",
    "MINUTE_START",
    "SCHEMA_VERSION",
    "DayRow",
    "DeckCounts",
    "DeckHistory",
    "IgnoredEvent",
    "MinuteRow",
    "ParsedLog",
    "ProgressStore",
    "StateSummary",
    "event_json",
    "minute_summary",
    "normalise_time",
    "parse_jsonl",
    "read_lines",
    "write_jsonl",
]
