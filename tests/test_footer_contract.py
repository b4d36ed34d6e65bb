"""StudyFooter leans on Textual's private footer module; this fails the day that module changes."""

from __future__ import annotations

import inspect

import pytest
from textual.widgets import Footer


def test_private_footer_pieces_keep_the_shape_studyfooter_uses() -> None:
    from textual.widgets import _footer

    key_params = inspect.signature(_footer.FooterKey.__init__).parameters
    for name in ("key", "key_display", "description", "action", "disabled", "tooltip", "classes"):
        assert name in key_params, f"FooterKey lost its `{name}` argument"
    assert "compact" in vars(_footer.FooterKey), "FooterKey.compact is no longer a reactive"
    assert issubclass(_footer.FooterLabel, object) and callable(_footer.KeyGroup)
    assert "classes" in inspect.signature(_footer.KeyGroup.__init__).parameters
    for member in ("bindings_changed", "compose", "compact", "show_command_palette"):
        assert hasattr(Footer, member), f"Footer lost `{member}`"
    assert "_bindings_ready" in vars(Footer), "Footer no longer tracks _bindings_ready"


async def test_footer_shows_the_keys_of_the_focused_view(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.tui_support import NOW, demo_app, settle

    monkeypatch.setenv("STUDYAPP_NOW", NOW)
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        keys = [str(node.render()) for node in app.screen.query("FooterKey")]
        assert any("Reveal" in text for text in keys) and any("End" in text for text in keys)
        await pilot.press("space")
        await settle(app, pilot)
        keys = [str(node.render()) for node in app.screen.query("FooterKey")]
        assert any("Again" in text for text in keys) and not any("Reveal" in text for text in keys)
        await pilot.press("2")
        await settle(app, pilot)
        keys = [str(node.render()) for node in app.screen.query("FooterKey")]
        assert any("Undo" in text for text in keys)
