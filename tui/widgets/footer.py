"""The footer every screen shows: the screen's keys on the left, how to review, get help and
quit (and the command palette) always on the right; rebuilt only when its keys change.

At 80 columns a screen's keys do not all fit. Textual's Footer then cuts the row wherever the
width ends — mid-word, and the app's own keys (`r`, `?`, `q`), which come last, are the first
to go. `KeysFooter` instead keeps the essential keys in a group docked right and shows as many
of the screen's keys as fit whole, in order; the rest are on `?` and in the palette.

Textual's Footer also throws away and rebuilds all its key widgets on every bindings refresh
(focus changes, each show of a screen...), ~20 ms each, mostly for the very same keys.
`KeysFooter` remembers what it built (the keys and the width they were fitted to) and rebuilds
only when that differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# The app's actions every top-level screen keeps in view, in this order: review, help, quit.
ESSENTIAL_NAMES = ("go('review')", "help", "quit")


@dataclass(frozen=True)
class Key:
    """One key as the footer draws it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        """Cells it takes: ` key description ` (the Footer's paddings)."""
        if not self.description:
            return cell_len(self.display)
        return cell_len(self.display) + cell_len(self.description) + 3


@dataclass(frozen=True)
class Layout:
    """What a footer shows at one width: the screen's keys that fit, the essential ones."""

    keys: tuple[Key, ...]
    essentials: tuple[Key, ...]
    palette: Key | None


def footer_layout(screen: Screen[object], width: int) -> Layout:
    """The keys a footer `width` cells wide shows for the screen's active bindings."""
    app = screen.app
    palette_key = app.COMMAND_PALETTE_BINDING
    local: list[Key] = []
    essentials: dict[str, Key] = {}
    palette: Key | None = None
    seen: set[str] = set()
    for key, (node, binding, enabled, tooltip) in screen.active_bindings.items():
        shown = _key(app, key, binding, enabled, tooltip)
        if key == palette_key and app.ENABLE_COMMAND_PALETTE:
            palette = shown
        elif not binding.show or binding.action in seen:
            continue
        elif node is app and binding.action in ESSENTIAL_NAMES:
            essentials[binding.action] = shown
        else:
            local.append(shown)
        seen.add(binding.action)
    right = tuple(essentials[a] for a in ESSENTIAL_NAMES if a in essentials)
    # the palette key has a border and a right padding; one cell is kept free before the group
    room = width - sum(k.width for k in right) - (palette.width + 2 if palette else 0) - 1
    fitted: list[Key] = []
    for shown in local:
        if shown.width > room:
            break
        fitted.append(shown)
        room -= shown.width
    return Layout(tuple(fitted), right, palette)


def _key(app: object, key: str, binding: Binding, enabled: bool, tooltip: str) -> Key:
    display = app.get_key_display(binding)  # type: ignore[attr-defined]
    return Key(key, display, binding.description, binding.action, enabled, tooltip)


class KeysFooter(Footer):
    """The screen's keys that fit, then review, help, quit and the palette on the right."""

    DEFAULT_CSS = """
    KeysFooter #footer-essentials {
        dock: right;
        width: auto;
        height: 1;
    }
    KeysFooter #footer-essentials FooterKey.-palette {
        border-left: vkey $foreground 20%;
        padding-right: 1;
    }
    """

    _requested: Layout | None = None  # what the last rebuild asked for drew

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def layout_now(self) -> Layout:
        """What this footer should show now."""
        return footer_layout(self.screen, self._width())

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        layout = self.layout_now()
        self._requested = layout
        for key in layout.keys:
            yield self._footer_key(key)
        with HorizontalGroup(id="footer-essentials"):
            for key in layout.essentials:
                yield self._footer_key(key)
            if layout.palette is not None:
                yield self._footer_key(layout.palette, "-palette")

    def _footer_key(self, key: Key, classes: str = "") -> FooterKey:
        widget = FooterKey(
            key.key,
            key.display,
            key.description,
            key.action,
            disabled=not key.enabled,
            tooltip=key.tooltip or key.description,
            classes=classes,
        )
        return widget.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._rebuild_if_changed()

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self.is_attached:
            self._rebuild_if_changed()

    def _rebuild_if_changed(self) -> None:
        """Rebuild once per change, and only while the screen is shown (a screen being left
        would be measured against the next one's state)."""
        if not self.screen.is_current:
            return
        layout = self.layout_now()
        if layout != self._requested:
            self._requested = layout
            self.call_after_refresh(self.recompose)
