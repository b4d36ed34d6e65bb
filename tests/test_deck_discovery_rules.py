"""Which files count as decks, in what order, and the problem line a deck author sees when a
path is not one (a pipe, a device, a missing or unreadable folder, a file too big)."""

from __future__ import annotations

import gc
import os
import socket
import threading
from pathlib import Path

import pytest

import studyapp.decks as decks
from studyapp.decks import discover, load_catalog, load_catalogs, load_decks, load_file
from studyapp.model import Problem
from tests.helpers import VALID_DECK, write_deck


def _deck(ident: str, title: str = "T") -> str:
    return VALID_DECK.replace("id: demo", f"id: {ident}").replace("Demo deck", title)


def _lines(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


def test_a_folder_gives_its_yaml_files_sorted_and_a_named_file_only_once(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "c.YAML.txt", "A/z.yaml", "B/a.yaml", ".x/h.yaml"):
        write_deck(tmp_path, name, VALID_DECK)
    write_deck(tmp_path, "B/.hidden.yaml", VALID_DECK)
    # The same file again by another spelling and through a link: still one file.
    os.symlink(tmp_path / "b.yaml", tmp_path / "link.yaml")
    files, problems = discover([tmp_path, str(tmp_path / "A" / ".." / "b.yaml")])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == [
        "A/z.yaml",
        "B/a.yaml",
        "a.yml",
        "b.yaml",
    ]
    assert problems == []


def test_sources_keep_their_given_order(tmp_path: Path) -> None:
    late = write_deck(tmp_path / "2", "a.yaml", VALID_DECK)
    early = write_deck(tmp_path / "1", "z.yaml", VALID_DECK)
    files, _ = discover([tmp_path / "2", early])
    assert files == [str(late), str(early)]


def test_sub_folders_are_walked_in_name_order(tmp_path: Path) -> None:
    names = ["m/a.yaml", "b/c/a.yaml", "b/a.yaml", "z/a.yaml", "a/a.yaml"]
    for name in names:
        write_deck(tmp_path, name, VALID_DECK)
    files, _ = discover([tmp_path])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == sorted(names)


def test_a_file_given_by_name_must_end_in_yaml_or_yml(tmp_path: Path) -> None:
    notes = write_deck(tmp_path, "notes.txt", VALID_DECK)
    yml = write_deck(tmp_path, "deck.yml", VALID_DECK)
    files, problems = discover([notes, yml, tmp_path / "gone.yaml"])
    assert files == [str(yml)]
    assert _lines(problems) == [
        f"{notes}:0:0: not a deck file: deck files end in .yaml or .yml",
        f"{tmp_path / 'gone.yaml'}:0:0: no such file or folder",
    ]


def test_a_source_below_a_file_cannot_be_read_and_the_next_ones_still_are(tmp_path: Path) -> None:
    deck = write_deck(tmp_path, "deck.yaml", VALID_DECK)
    files, problems = discover([deck / "inner.yaml", tmp_path])
    assert files == [str(deck)]
    assert _lines(problems) == [f"{deck}/inner.yaml:0:0: cannot read it: Not a directory"]


def test_a_pipe_named_like_a_deck_is_skipped_in_a_folder_and_by_name(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    write_deck(tmp_path, "real.yaml", VALID_DECK)
    result = load_decks([tmp_path, pipe])
    skipped = f"{pipe}:0:0: skipped: this is a FIFO (named pipe), not a deck file (decks are"
    assert _lines(result.problems) == [
        f"{skipped} regular files)",
        f"{skipped} regular files)",
    ]
    assert [deck.id for deck in result.decks] == ["demo"]
    assert result.files == [str(tmp_path / "real.yaml")]


def test_a_socket_and_a_link_to_a_device_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "decks" / "sock.yaml"))
        os.symlink("/dev/null", tmp_path / "decks" / "null.yaml")
        files, problems = discover([tmp_path / "decks", "/dev/null"])
    finally:
        server.close()
    folder = tmp_path / "decks"
    assert files == []
    assert _lines(problems) == [
        f"{folder}/null.yaml:0:0: skipped: this is a device, not a deck file (decks are regular"
        " files)",
        f"{folder}/sock.yaml:0:0: skipped: this is a socket, not a deck file (decks are regular"
        " files)",
        "/dev/null:0:0: skipped: this is a device, not a deck file (decks are regular files)",
    ]


def test_a_broken_link_in_a_folder_cannot_be_read(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone", tmp_path / "broken.yaml")
    os.symlink(tmp_path / "loop.yaml", tmp_path / "loop.yaml")
    files, problems = discover([tmp_path])
    assert files == []
    assert _lines(problems) == [
        f"{tmp_path}/broken.yaml:0:0: cannot read the file: No such file or directory",
        f"{tmp_path}/loop.yaml:0:0: cannot read the file: Too many levels of symbolic links",
    ]


def test_an_unreadable_folder_is_named_and_the_others_still_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_deck(tmp_path, "a/one.yaml", _deck("one"))
    write_deck(tmp_path, "b/two.yaml", _deck("two"))
    locked = tmp_path / "b"
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == str(locked):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)  # type: ignore[call-overload]

    # Tests run as root, which no folder mode keeps out: refuse the listing instead.
    monkeypatch.setattr(os, "scandir", scandir)
    result = load_decks([tmp_path])
    assert [deck.id for deck in result.decks] == ["one"]
    assert _lines(result.problems) == [
        f"{locked}:0:0: cannot read the folder: Permission denied (its decks were left out)"
    ]


def test_an_unreadable_folder_without_a_name_is_shown_as_a_question_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def scandir(path: object = ".") -> object:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = discover([tmp_path])
    assert files == []
    assert _lines(problems) == [
        "?:0:0: cannot read the folder: Input/output error (its decks were left out)"
    ]


def test_a_file_that_vanished_after_discovery_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    for loader in (load_file, load_catalog):
        assert loader(str(path), tmp_path / "cache") == (
            None,
            [Problem(str(path), 0, 0, "cannot read the file: No such file or directory")],
        )


def test_a_folder_named_like_a_deck_is_refused_when_opened(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    expected = (
        f"{folder}:0:0: skipped: this is a folder, not a deck file (decks are regular files)"
    )
    for cache in (None, tmp_path / "cache"):
        deck, problems = load_file(str(folder), cache)
        assert deck is None and _lines(problems) == [expected]
        catalog, problems = load_catalog(str(folder), cache)
        assert catalog is None and _lines(problems) == [expected]


def test_a_pipe_swapped_in_after_discovery_does_not_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "late.yaml"
    os.mkfifo(pipe)
    deck, problems = load_file(str(pipe), tmp_path / "cache")
    assert deck is None
    assert _lines(problems) == [
        f"{pipe}:0:0: skipped: this is a FIFO (named pipe), not a deck file (decks are regular"
        " files)"
    ]


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_deck_over_64_mib_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = _sparse(tmp_path / "big.yaml", (64 << 20) + 1)
    huge = _sparse(tmp_path / "huge.yaml", 200 << 20)
    result = load_decks([tmp_path], cache_dir=tmp_path / "cache")
    refused = ": decks over 64 MiB are refused (split it into several decks)"
    assert _lines(result.problems) == [
        f"{big}:0:0: the file is 64 MiB{refused}",
        f"{huge}:0:0: the file is 200 MiB{refused}",
    ]
    assert load_catalog(str(big), tmp_path / "cache")[1] == [result.problems[0]]


def test_a_deck_of_exactly_64_mib_is_read(tmp_path: Path) -> None:
    # Read and judged by its content (bytes that are not UTF-8, quick to refuse), not its size.
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"\xff" * (64 << 20))
    assert _lines(load_file(str(path))[1]) == [
        f"{path}:1:1: the file is not UTF-8: byte 0xff cannot be decoded (save the file as UTF-8)"
    ]


def test_a_deck_that_grew_while_it_was_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_deck(tmp_path, "grows.yaml", VALID_DECK)
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        if os.path.samestat(info, os.stat(path)):  # as stat saw it before the file grew
            fields = list(info)
            fields[6] = 10  # st_size
            return os.stat_result(fields)
        return info

    path.write_bytes(b"#" * ((1 << 20) + 100))
    monkeypatch.setattr(decks, "MAX_DECK_BYTES", 1 << 20)
    monkeypatch.setattr(os, "fstat", fstat)
    assert _lines(load_file(str(path))[1]) == [f"{path}:0:0: decks over 1 MiB are refused"]


def test_a_deck_that_cannot_be_read_once_opened_is_a_problem(tmp_path: Path) -> None:
    # Opening /proc/self/mem works; reading it from its start fails with an I/O error.
    os.symlink("/proc/self/mem", tmp_path / "memory.yaml")
    result = load_decks([tmp_path], cache_dir=tmp_path / "cache")
    assert _lines(result.problems) == [
        f"{tmp_path}/memory.yaml:0:0: cannot read the file: Input/output error"
    ]


def test_a_deck_id_used_twice_names_the_first_file_at_the_deck_line(tmp_path: Path) -> None:
    bundled = write_deck(tmp_path / "bundled", "demo.yaml", VALID_DECK)
    user = write_deck(tmp_path / "user", "mine.yaml", "# my copy\n\n" + _deck("demo", "Mine"))
    other = write_deck(tmp_path / "user", "other.yaml", _deck("other"))
    result = load_decks([tmp_path / "bundled", tmp_path / "user"])
    assert [(deck.id, deck.title) for deck in result.decks] == [
        ("demo", "Demo deck"),
        ("other", "T"),
    ]
    assert result.files == [str(bundled), str(user), str(other)]
    assert _lines(result.problems) == [
        f"{user}:4:1: deck id 'demo' is already used by {bundled}: deck ids must be unique"
        " (this deck was not loaded)"
    ]
    assert not result.ok and result.deck("other") is result.decks[1]
    assert result.deck("demo") is result.decks[0] and result.deck("nope") is None
    catalogs, problems = load_catalogs([tmp_path / "bundled", tmp_path / "user"])
    assert [catalog.id for catalog in catalogs] == ["demo", "other"]
    assert _lines(problems) == [line.replace(":4:1:", ":1:1:") for line in _lines(result.problems)]


def test_problems_of_every_file_come_in_file_order(tmp_path: Path) -> None:
    first = write_deck(tmp_path, "a.yaml", VALID_DECK.replace("tier: beginner", "tier: x"))
    write_deck(tmp_path, "b.yaml", _deck("b"))
    third = write_deck(tmp_path, "c.yaml", "deck: {id: c}\n")
    result = load_decks([tmp_path, tmp_path / "nope"])
    assert [problem.path for problem in result.problems] == [
        str(tmp_path / "nope"),
        str(first),
        str(third),
    ]
    assert [deck.id for deck in result.decks] == ["b"]
    assert load_decks([tmp_path / "a.yaml"]).ok is False
    assert load_decks([tmp_path / "b.yaml"]).ok is True


def test_progress_counts_every_file_and_cancel_stops_between_files(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        write_deck(tmp_path, f"{name}.yaml", _deck(name))
    seen: list[tuple[int, int]] = []
    result = load_decks([tmp_path], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)] and not result.cancelled
    cancel = threading.Event()
    seen.clear()

    def stop_after_two(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:
            cancel.set()

    result = load_decks([tmp_path], progress=stop_after_two, cancel=cancel)
    assert result.cancelled and [deck.id for deck in result.decks] == ["a", "b"]
    assert seen == [(1, 3), (2, 3)]
    result = load_decks([tmp_path], cancel=threading.Event())
    assert not result.cancelled and len(result.decks) == 3


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(
    tmp_path: Path, enabled: bool
) -> None:
    write_deck(tmp_path, "a.yaml", VALID_DECK)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert load_decks([tmp_path]).ok
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_parse_deck_reads_bytes_with_the_path_it_is_given() -> None:
    deck, problems = decks.parse_deck(VALID_DECK.encode(), "shown.yaml")
    assert problems == [] and deck is not None and deck.path == "shown.yaml"
    _, problems = decks.parse_deck(b"deck: {id: x}\n", "shown.yaml")
    assert _lines(problems) == [
        "shown.yaml:1:7: the deck section is missing required field 'title'"
    ]
