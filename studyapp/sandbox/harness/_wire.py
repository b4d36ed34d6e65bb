"""Values as data between the judge and the learner process: strict, typed, no pickle.

A frame is a 4-byte big-endian header length, a JSON header and raw array buffers. Values
are encoded as a tree that keeps what a check must tell apart - list, tuple, ndarray,
NumPy scalar, Python float, int and bool - with each array's dtype and shape; arrays travel
as raw bytes whose dtype is checked against a short list of plain numeric kinds, so decoding
never runs code (no pickle, no object arrays). The decoder treats its input as hostile:
anything that is not a well-formed frame raises `WireError`.
"""

from __future__ import annotations

import json
import math
import os
import re
import select
import struct
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_FRAME_BYTES = 128 << 20
"""Largest frame accepted from the learner process (bigger: the learner's failure)."""
_MAX_HEADER_BYTES = 8 << 20
"""Largest JSON header: arrays travel as buffers, so only Python lists of numbers make it big
(and parsing a huge one would cost the judge far more memory than the bytes)."""
_MAX_DEPTH = 32
_MAX_TEXT = 10_000
_DTYPE = re.compile(r"^[<>|=]?[biufc][0-9]{1,2}$")
_HEAD = struct.Struct(">I")


class WireError(Exception):
    """A frame or value that is not well formed (from the learner: its failure)."""


class ChannelClosed(WireError):
    """The other side closed the pipe before a whole frame arrived."""


class WireTimeout(WireError):
    """The deadline passed before a whole frame arrived."""


@dataclass(frozen=True, slots=True)
class Opaque:
    """A returned value that is not data the check understands (a function, an object)."""

    type_name: str
    """What it was, for the message ("function", "generator", "ndarray of dtype object")."""


class Encoder:
    """Collects the buffers of one frame while values are encoded."""

    def __init__(self) -> None:
        self.buffers: list[bytes] = []

    def _buffer(self, data: bytes) -> int:
        self.buffers.append(data)
        return len(self.buffers) - 1

    def value(self, value: Any, depth: int = 0) -> dict[str, Any]:
        """The tree of one value (arrays are added as buffers)."""
        if depth > _MAX_DEPTH:
            return {"t": "other", "type": "a structure nested too deeply"}
        if value is None:
            return {"t": "none"}
        if isinstance(value, np.ndarray):
            if value.dtype.kind not in "biufc" or value.dtype.hasobject:
                return {"t": "other", "type": f"ndarray of dtype {value.dtype}"}
            # tobytes() is C order whatever the layout (ascontiguousarray would turn a 0-d
            # array into shape (1,)).
            return {
                "t": "nd",
                "dtype": value.dtype.str,
                "shape": list(value.shape),
                "b": self._buffer(value.tobytes(order="C")),
            }
        if isinstance(value, np.generic):
            if value.dtype.kind not in "biufc":
                return {"t": "other", "type": f"numpy {type(value).__name__}"}
            return {"t": "np", "dtype": value.dtype.str, "b": self._buffer(value.tobytes())}
        if isinstance(value, bool):
            return {"t": "bool", "v": bool(value)}
        if isinstance(value, int):
            text = str(int(value)) if abs(value) < 10**1000 else "0"
            return {"t": "int", "v": text} if len(text) < 1000 else {"t": "other", "type": "int"}
        if isinstance(value, float):
            return {"t": "float", "v": repr(float(value))}
        if isinstance(value, str):
            return {"t": "str", "v": str(value)[:_MAX_TEXT]}
        if isinstance(value, tuple | list):
            kind = "tuple" if isinstance(value, tuple) else "list"
            return {"t": kind, "v": [self.value(item, depth + 1) for item in value]}
        if isinstance(value, dict):
            return {
                "t": "dict",
                "v": [
                    [self.value(key, depth + 1), self.value(item, depth + 1)]
                    for key, item in value.items()
                ],
            }
        return {"t": "other", "type": type(value).__name__}


class Decoder:
    """Turns trees back into values, checking every field (the input may be hostile)."""

    def __init__(self, buffers: list[bytes]) -> None:
        self.buffers = buffers

    def _buffer(self, node: dict[str, Any]) -> bytes:
        index = node.get("b")
        if type(index) is not int or not 0 <= index < len(self.buffers):
            raise WireError("bad buffer reference")
        return self.buffers[index]

    @staticmethod
    def _dtype(text: Any) -> np.dtype[Any]:
        if not isinstance(text, str) or not _DTYPE.match(text):
            raise WireError("bad dtype")
        try:
            dtype = np.dtype(text)
        except TypeError:
            raise WireError("bad dtype") from None
        if dtype.kind not in "biufc" or dtype.hasobject:
            raise WireError("bad dtype")
        return dtype

    def value(self, node: Any, depth: int = 0) -> Any:
        """The value of one tree node."""
        if depth > _MAX_DEPTH + 1 or not isinstance(node, dict):
            raise WireError("bad value")
        kind = node.get("t")
        if kind == "none":
            return None
        if kind == "nd":
            dtype = self._dtype(node.get("dtype"))
            shape = node.get("shape")
            if not isinstance(shape, list) or len(shape) > 32:
                raise WireError("bad shape")
            if not all(type(size) is int and size >= 0 for size in shape):
                raise WireError("bad shape")
            data = self._buffer(node)
            if math.prod(shape) * dtype.itemsize != len(data):
                raise WireError("array size does not match its shape")
            return np.frombuffer(bytearray(data), dtype=dtype).reshape(shape)
        if kind == "np":
            dtype = self._dtype(node.get("dtype"))
            data = self._buffer(node)
            if len(data) != dtype.itemsize:
                raise WireError("bad scalar")
            return np.frombuffer(data, dtype=dtype)[0]
        if kind == "bool":
            value = node.get("v")
            if not isinstance(value, bool):
                raise WireError("bad bool")
            return value
        if kind == "int":
            text = node.get("v")
            if not isinstance(text, str) or not re.fullmatch(r"-?[0-9]{1,1000}", text):
                raise WireError("bad int")
            return int(text)
        if kind == "float":
            text = node.get("v")
            if not isinstance(text, str) or len(text) > 40:
                raise WireError("bad float")
            try:
                return float(text)
            except ValueError:
                raise WireError("bad float") from None
        if kind == "str":
            text = node.get("v")
            if not isinstance(text, str):
                raise WireError("bad str")
            return text
        if kind in ("list", "tuple"):
            items = node.get("v")
            if not isinstance(items, list):
                raise WireError("bad sequence")
            values = [self.value(item, depth + 1) for item in items]
            return tuple(values) if kind == "tuple" else values
        if kind == "dict":
            pairs = node.get("v")
            if not isinstance(pairs, list):
                raise WireError("bad dict")
            result: dict[Any, Any] = {}
            for pair in pairs:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise WireError("bad dict")
                key = self.value(pair[0], depth + 1)
                try:
                    result[key] = self.value(pair[1], depth + 1)
                except TypeError:  # an unhashable key
                    raise WireError("bad dict key") from None
            return result
        if kind == "other":
            name = node.get("type")
            if not isinstance(name, str):
                raise WireError("bad value")
            return Opaque(name[:200])
        raise WireError("unknown value kind")


def pack(header: dict[str, Any], buffers: list[bytes] | None = None) -> bytes:
    """One frame: the header (with the buffer sizes added) and the buffers."""
    buffers = buffers or []
    head = json.dumps({**header, "buffers": [len(b) for b in buffers]}).encode("utf-8")
    return b"".join([_HEAD.pack(len(head)), head, *buffers])


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to a blocking fd."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise WireTimeout("no answer in time")
            readable, _, _ = select.select([fd], [], [], wait)
            if not readable:
                raise WireTimeout("no answer in time")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise ChannelClosed("the pipe was closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(
    fd: int, deadline: float | None = None, limit: int = MAX_FRAME_BYTES
) -> tuple[dict[str, Any], list[bytes]]:
    """Read one frame: its header (a dict) and its buffers; WireError when malformed."""
    (size,) = _HEAD.unpack(_read_exact(fd, _HEAD.size, deadline))
    if size > min(limit, _MAX_HEADER_BYTES):
        raise WireError("frame header too large")
    try:
        header = json.loads(_read_exact(fd, size, deadline))
    except (ValueError, RecursionError):
        raise WireError("frame header is not JSON") from None
    if not isinstance(header, dict):
        raise WireError("frame header is not an object")
    sizes = header.get("buffers", [])
    if not isinstance(sizes, list) or not all(type(s) is int and s >= 0 for s in sizes):
        raise WireError("bad buffer sizes")
    if sum(sizes) + size > limit:
        raise WireError("frame too large")
    return header, [_read_exact(fd, s, deadline) for s in sizes]
