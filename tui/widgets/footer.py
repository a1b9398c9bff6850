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
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widget import Widget
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
    typing = getattr(screen, "TYPING_SCREEN", False)  # letters type there: no `r`, `?`, `q`
    for key, (node, binding, enabled, tooltip) in screen.active_bindings.items():
        shown = _key(app, key, binding, enabled, tooltip)
        if key == palette_key and app.ENABLE_COMMAND_PALETTE:
            palette = shown
        elif not binding.show or binding.action in seen or (typing and node is app):
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


class KeyRow(Widget):
    """The screen's keys in one line, drawn as Textual's footer keys are; a click presses one.

    One widget of a fixed width (the footer's, less the right-hand group): when the keys
    change — on Review with each card — it is only repainted, with no new layout.
    """

    COMPONENT_CLASSES = {"key-row--key", "key-row--description"}
    DEFAULT_CSS = """
    KeyRow {
        width: 1fr;
        height: 1;
        background: $footer-item-background;
    }
    KeyRow > .key-row--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyRow > .key-row--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, keys: tuple[Key, ...]) -> None:
        super().__init__()
        self.keys = keys

    def show(self, keys: tuple[Key, ...]) -> None:
        """Draw these keys instead."""
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-row--key")
        description_style = self.get_component_rich_style("key-row--description")
        line = Text(no_wrap=True, overflow="crop")
        for key in self.keys:
            dim = Style(dim=not key.enabled)
            line.append(f" {key.display} ", key_style + dim)
            if key.description:
                line.append(f"{key.description} ", description_style + dim)
        return line

    def key_at(self, x: int) -> Key | None:
        """The key drawn at column `x`."""
        start = 0
        for key in self.keys:
            if start <= x < start + key.width:
                return key
            start += key.width
        return None

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is not None and key.enabled:
            self.app.simulate_key(key.key)


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

    _requested: Layout | None = None  # what the last redraw asked for

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
        yield KeyRow(layout.keys)
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

    def shown(self) -> list[Key]:
        """The keys drawn now, left to right."""
        row = self.query(KeyRow)
        keys = list(row.first().keys) if row else []
        built = self._requested
        if built is not None:
            keys += [*built.essentials, *([built.palette] if built.palette else [])]
        return keys

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._redraw_if_changed()

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self.is_attached:
            self._redraw_if_changed()

    def _redraw_if_changed(self) -> None:
        """Redraw once per change, and only while the screen is shown (a screen being left
        would be measured against the next one's state). When only the screen's keys
        changed, the key row is repainted; otherwise the footer is rebuilt."""
        if not self.screen.is_current:
            return
        layout = self.layout_now()
        built, self._requested = self._requested, layout
        if layout == built:
            return
        rows = self.query(KeyRow)
        same_right = built is not None and (built.essentials, built.palette) == (
            layout.essentials,
            layout.palette,
        )
        if rows and same_right:
            rows.first().show(layout.keys)
        else:
            self.call_after_refresh(self.recompose)
