"""Loading and calling code in a sandbox process: compile, define, call with warnings captured.

Problems in the learner's code become `CodeFailure`s that name the kind and the learner's
own line; tracebacks are trimmed to the frames of their code.
"""

from __future__ import annotations

import builtins
import difflib
import linecache
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

SUBMISSION = "<your code>"
"""File name the learner's code is compiled under (what tracebacks are trimmed to)."""
_EDGE_FRAMES = 3
"""Frames kept at each end of a long traceback (a runaway recursion)."""


@dataclass
class CodeFailure(Exception):
    """Running code failed; kind is one of the sandbox's failure kinds."""

    kind: str
    message: str
    line: int | None = None


@dataclass
class Call:
    """What one call returned, with the numeric warnings it raised."""

    value: Any
    warnings: list[tuple[str, int | None]]
    """(message, learner line or None) of each numpy/runtime warning."""


def _register_source(source: str, filename: str) -> None:
    """Let tracebacks and warnings show lines of code that has no file."""
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)


def _trimmed_traceback(error: BaseException, filename: str) -> tuple[str, int | None]:
    """The frames of `filename` only, formatted, and the line of the innermost one."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    shown: list[traceback.FrameSummary | int] = list(frames)
    if len(frames) > 2 * _EDGE_FRAMES + 1:
        # A runaway recursion has ~1000 frames: the first and the last few say it all.
        hidden = len(frames) - 2 * _EDGE_FRAMES
        shown = [*frames[:_EDGE_FRAMES], hidden, *frames[-_EDGE_FRAMES:]]
    text_lines = []
    for frame in shown:
        if isinstance(frame, int):
            text_lines.append(f"  ... {frame} more frames ...")
            continue
        text_lines.append(f"  line {frame.lineno}, in {frame.name}")
        if frame.line:
            text_lines.append(f"    {frame.line.strip()}")
    line = frames[-1].lineno if frames else None
    return "\n".join(text_lines), line


def describe_error(error: BaseException, filename: str, when: str) -> CodeFailure:
    """A failure for an exception raised by code compiled as `filename`."""
    if isinstance(error, MemoryError):
        trace, line = _trimmed_traceback(error, filename)
        return CodeFailure(
            "memory_limit",
            f"your code ran out of memory {when} (the sandbox allows a limited amount): "
            "look for a list or array that keeps growing, or an array far larger than needed"
            + (f"\n{trace}" if trace else ""),
            line,
        )
    trace, line = _trimmed_traceback(error, filename)
    if isinstance(error, SystemExit):
        summary = (
            f"your code called sys.exit({error.code!r}) {when}; the checker calls your "
            "function itself, so remove the exit"
        )
    elif isinstance(error, KeyboardInterrupt):
        summary = f"your code was interrupted {when}"
    else:
        summary = f"{type(error).__name__}: {error}".rstrip(": ") + f" ({when})"
    where = f"\n{trace}" if trace else ""
    return CodeFailure("exception", summary + where, line)


def load_function(source: str, filename: str, entry: str) -> Callable[..., Any]:
    """Compile and run `source` as a fresh module and return its function `entry`."""
    _register_source(source, filename)
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        pointer = ""
        if error.text:
            caret = " " * max((error.offset or 1) - 1, 0) + "^"
            pointer = f"\n    {error.text.rstrip()}\n    {caret}"
        raise CodeFailure(
            "syntax_error",
            f"{type(error).__name__}: {error.msg} (line {error.lineno}){pointer}",
            error.lineno,
        ) from None
    namespace: dict[str, Any] = {"__name__": "submission", "__builtins__": builtins}
    try:
        exec(code, namespace)
    except BaseException as error:
        raise describe_error(error, filename, "while your file was loading") from None
    function = namespace.get(entry)
    if not callable(function):
        defined = [name for name, value in namespace.items() if callable(value)]
        close = difflib.get_close_matches(entry, defined, n=1)
        hint = f" (did you mean '{close[0]}'? the name must match exactly)" if close else ""
        what = "is not a function" if entry in namespace else "is not defined"
        raise CodeFailure(
            "missing_function", f"'{entry}' {what} in your code: define `def {entry}(...)`{hint}"
        )
    return function  # type: ignore[no-any-return]


def call(function: Callable[..., Any], args: list[Any], filename: str) -> Call:
    """Call `function(*args)`, recording numeric warnings; failures become CodeFailure."""
    caught: list[tuple[str, int | None]] = []
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            try:
                value = function(*args)
            except BaseException as error:
                raise describe_error(error, filename, "while your function ran") from None
    for record in records:
        if issubclass(record.category, RuntimeWarning):
            line = record.lineno if record.filename == filename else None
            caught.append((str(record.message), line))
    return Call(value, caught)
