"""The footer every screen shows: Textual's Footer, rebuilt only when its keys change.

Textual's Footer throws away and rebuilds all its key widgets on every bindings refresh of
its screen: on focus changes, each time the screen is shown again, when the app regains
focus... several times per screen show, ~20 ms each, mostly for the very same keys.
`KeysFooter` remembers the keys of its last rebuild (key, action, description, display,
group, enabled state, tooltip, and the command palette's key) and lets the Footer rebuild
only when they differ. What it draws is exactly what Textual's Footer draws.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

ShownKeys = tuple[tuple[object, ...], ...]


def shown_keys(screen: Screen[object]) -> ShownKeys:
    """What a footer draws from the screen's active bindings (shown ones, and the palette's)."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (key, b.action, b.description, b.key_display, b.group, enabled, tooltip)
        for key, (_node, b, enabled, tooltip) in screen.active_bindings.items()
        if b.show or key == palette
    )


class KeysFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change."""

    _requested: ShownKeys | None = None  # the keys of the last rebuild asked for

    def bindings_changed(self, screen: Screen[object]) -> None:
        keys = shown_keys(screen)
        if keys == self._requested:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._requested = keys  # Footer rebuilds now (otherwise once the app has focus)
        super().bindings_changed(screen)
