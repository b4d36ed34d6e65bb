"""A Footer that builds its keys without per-key reactive bindings."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup


class StudyFooter(Footer):
    """Textual's Footer, composed the same way but without `data_bind` on each key.

    Textual 8's Footer binds every key's `compact` to the footer. Each binding restyles the
    key once when made (two thirds of the home screen's first frame went to that), and it
    is never released, so every rebuild (each `refresh_bindings`) kept all earlier keys
    alive: about a thousand objects per answer in a study session. Our footers never change
    `compact`, so each key is simply built with the footer's value.
    """

    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild only when the keys on show differ (Textual signals on every focus change)."""
        shown = tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown and self._bindings_ready:
            return
        if not screen.app.app_focus and self._shown is None:
            # Textual's Footer builds no keys while the app is blurred, to keep the keys it
            # shows. In a browser the page starts blurred (textual-serve reports a blur until
            # the first click), so the row stayed blank: a footer with nothing on show yet
            # builds its keys anyway.
            self._bindings_ready = True
            if self.is_attached and screen is self.screen:
                self._shown = shown
                self.call_after_refresh(self.recompose)
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # a rebuild is on its way

    def _key(self, binding: Binding, enabled: bool, tooltip: str, **extra: str) -> FooterKey:
        classes = extra.pop("classes", "")
        if self.compact:
            classes += " -compact"
        key = FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            extra.pop("description", binding.description),
            binding.action,
            disabled=not enabled,
            tooltip=tooltip,
            classes=classes.strip(),
        )
        key.set_reactive(FooterKey.compact, self.compact)
        return key

    def compose(self) -> ComposeResult:
        """The keys of the screen's active bindings, grouped as Textual's Footer does."""
        if not self._bindings_ready:
            return
        active_bindings = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _, binding, enabled, tooltip in active_bindings.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        self.styles.grid_size_columns = len(by_action)
        # Help first: on a narrow terminal the last keys are cut off, and "? Help" is the
        # one that leads to all the others.
        ordered = sorted(by_action.items(), key=lambda pair: pair[0] != "help")
        for group, members in groupby(
            (entries for _, entries in ordered), lambda entry: entry[0][0].group
        ):
            entries = list(members)
            if group is not None and len(entries) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for entry in entries:
                        binding, enabled, tooltip = entry[0]
                        yield self._key(
                            binding,
                            enabled,
                            tooltip or binding.description,
                            description="",
                            classes="-grouped",
                        )
                yield FooterLabel(group.description)
            else:
                for entry in entries:
                    binding, enabled, tooltip = entry[0]
                    yield self._key(binding, enabled, tooltip)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _, binding, enabled, _ = palette
                yield self._key(
                    binding,
                    enabled,
                    binding.tooltip or binding.description,
                    classes="-command-palette",
                )
