"""Short commands run without the cyclic garbage collector; the app and the server never do."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from studyapp.context import Context


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()


def test_the_app_runs_with_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from studyapp.tui import app

    seen: list[bool] = []
    monkeypatch.setattr(app.StudyApp, "run", lambda self: seen.append(gc.isenabled()))
    gc.disable()  # as `studyapp code ID` and `studyapp drill` reach it through cli.run
    assert app.run_app(Context.create()) == 0
    assert seen == [True]


def test_serve_runs_with_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from studyapp.commands import serve

    seen: list[bool] = []

    def fake_serve(command: str, **_: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr("studyapp.tui.serve.serve", fake_serve)
    gc.disable()
    args = argparse.Namespace(host="127.0.0.1", port=8123)
    assert serve.run(args, Context.create()) == 0
    assert seen == [True]
