"""A checklist whose ticks are written as text ([x] / [ ]), not shown by colour alone."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class Checklist(OptionList):
    """Lines that can be ticked with space or Enter; `ticked` holds the ticked indices."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", id="tick-key-point", show=False),
    ]

    class Changed(Message):
        """The ticked set changed."""

        def __init__(self, checklist: Checklist) -> None:
            super().__init__()
            self.checklist = checklist

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels: list[str] = []
        """The lines, in order."""
        self.ticked: set[int] = set()
        """Indices of ticked lines."""

    def set_items(self, labels: list[str], ticked: set[int]) -> None:
        """Replace the lines and which of them are ticked."""
        self.labels = list(labels)
        self.ticked = set(ticked)
        self._redraw(0)

    def _redraw(self, highlight: int) -> None:
        self.clear_options()
        for index, label in enumerate(self.labels):
            line = Text("[x] " if index in self.ticked else "[ ] ")
            line.append(label)  # content text: appended plain, never parsed as markup
            if index in self.ticked:
                line.stylize("bold", 0, 3)
            self.add_option(Option(line))
        if self.labels:
            self.highlighted = highlight

    def toggle(self, index: int) -> None:
        """Tick or untick line `index`."""
        self.ticked ^= {index}
        self._redraw(index)
        self.post_message(self.Changed(self))

    def action_tick(self) -> None:
        """Space: toggle the highlighted line."""
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)
