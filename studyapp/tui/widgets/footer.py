"""A Footer that does not keep its old keys alive across rebuilds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class StudyFooter(Footer):
    """Textual's Footer, pruning the watchers its rebuilt keys leave behind.

    Textual 8's Footer binds each key's `compact` to the footer with `data_bind`, which adds
    a watcher to the footer that is only pruned when `compact` changes, so every rebuild
    (each `refresh_bindings`) kept all earlier keys alive: ~1,000 objects per answer in a
    study session, and long garbage-collection pauses later on.
    """

    def compose(self) -> ComposeResult:
        """Drop watchers of keys no longer on screen, then build the keys as usual."""
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [
                (node, callback)
                for node, callback in watchers
                if node.is_attached and not getattr(node, "_closing", False)
            ]
        yield from super().compose()
