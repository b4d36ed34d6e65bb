"""Only regular files are decks: FIFOs, devices, sockets and huge files are refused, never
read; unreadable folders are reported in one line."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from studyapp.cli import run
from studyapp.decks import MAX_DECK_BYTES, discover, load_decks, load_file
from tests.helpers import VALID_DECK, write_deck


def messages(problems: Sequence[object]) -> list[str]:
    return [str(problem) for problem in problems]


def test_a_fifo_among_the_decks_is_skipped_and_never_opened(tmp_path: Path) -> None:
    write_deck(tmp_path, "good.yaml", VALID_DECK)
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)  # opening it for reading would block until a writer came
    result = load_decks([tmp_path])
    assert [deck.id for deck in result.decks] == ["demo"]
    assert messages(result.problems) == [
        f"{fifo}:0:0: skipped: this is a FIFO (named pipe), not a deck file (decks are "
        "regular files)"
    ]
    # Named directly, or swapped in after discovery: still never blocks.
    assert "FIFO" in messages(load_decks([fifo]).problems)[0]
    assert "FIFO" in messages(load_file(str(fifo))[1])[0]


def test_a_link_to_a_device_is_skipped(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    result = load_decks([tmp_path])
    assert result.decks == []
    assert messages(result.problems) == [
        f"{link}:0:0: skipped: this is a device, not a deck file (decks are regular files)"
    ]
    assert "device" in messages(load_file(str(link))[1])[0]


def test_a_socket_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        files, problems = discover([tmp_path])
    finally:
        server.close()
    assert files == [] and "socket" in messages(problems)[0]


def test_a_deck_over_64_mib_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_DECK_BYTES + 1)  # sparse: costs no disk space
    deck, problems = load_file(str(huge))
    assert deck is None
    assert messages(problems) == [
        f"{huge}:0:0: the file is 64 MiB: decks over 64 MiB are refused (split it into "
        "several decks)"
    ]


@pytest.fixture
def unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder of decks whose listing is denied (simulated: tests run as root, where
    chmod 000 does not deny anything)."""
    folder = tmp_path / "locked"
    write_deck(folder, "inner.yaml", VALID_DECK)
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == str(folder):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", str(folder))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    yield folder


def test_an_unreadable_folder_is_one_clear_problem(tmp_path: Path, unreadable: Path) -> None:
    write_deck(tmp_path / "open", "good.yaml", VALID_DECK)
    result = load_decks([tmp_path / "open", unreadable])
    assert [deck.id for deck in result.decks] == ["demo"]
    assert messages(result.problems) == [
        f"{unreadable}:0:0: cannot read the folder: Permission denied (its decks were left out)"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_a_chmod_000_folder_is_one_clear_problem(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    write_deck(folder, "inner.yaml", VALID_DECK)
    folder.chmod(0)
    try:
        result = load_decks([folder])
    finally:
        folder.chmod(0o755)
    assert "cannot read the folder: Permission denied" in messages(result.problems)[0]


def test_the_cli_reports_special_files_and_keeps_going(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks = tmp_path / "decks"
    write_deck(decks, "good.yaml", VALID_DECK)
    os.mkfifo(decks / "x.yaml")
    (decks / "zero.yml").symlink_to("/dev/zero")
    assert run(["--content", str(decks), "validate"]) == 1
    out, err = capsys.readouterr()
    assert "FIFO" in out + err and "device" in out + err and "internal error" not in err
    assert run(["--content", str(decks), "due"]) == 0


def test_a_data_folder_that_cannot_be_made_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("STUDYAPP_DATA_DIR", str(blocker / "data"))
    assert run(["progress", "rebuild"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot create the data folder" in err
    monkeypatch.setenv("STUDYAPP_DATA_DIR", str(blocker))
    assert run(["progress", "rebuild"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" not in err
