"""A process answering in a loop is killed with SIGKILL many times: no committed answer is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    import sys
    from studyapp.model import ItemKind, ItemRef
    from studyapp.store import ProgressStore

    store = ProgressStore(sys.argv[1])
    n = 0
    while True:
        n += 1
        ref = ItemRef("crash-deck", f"item-{n % 37}")
        review = store.record(ref, ItemKind.FLASHCARD, n % 3 != 0,
                              f"2026-01-01T00:00:{n % 60:02d}.000+00:00", detail={"n": n})
        # Reported only after record() returned, i.e. after COMMIT.
        sys.stdout.write(review.id + "\\n")
        sys.stdout.flush()
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_never_loses_a_reported_answer(tmp_path: Path) -> None:
    database = tmp_path / "progress.sqlite3"
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    randomness = random.Random(20260127)
    reported: list[str] = []
    for _ in range(25):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(database)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        assert child.stdout is not None
        for _ in range(randomness.randint(1, 60)):
            line = child.stdout.readline()
            if not line:
                error = child.stderr.read() if child.stderr else ""
                pytest.fail(f"the child stopped early: {error}")
            reported.append(line.strip())
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        if child.stderr:
            child.stderr.close()
        check = sqlite3.connect(database)
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in check.execute("SELECT id FROM review_log")}
        check.close()
        missing = [ident for ident in reported if ident not in stored]
        assert not missing, f"{len(missing)} reported answers were lost"

    # The derived state still equals a replay of the log.
    from studyapp.store import ProgressStore

    with ProgressStore(database) as store:
        before = store.states()
        store.rebuild()
        assert store.states() == before
