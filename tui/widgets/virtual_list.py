"""A keyboard list that draws only its visible lines: the base of the reading and feed lists.

Textual's DataTable and OptionList measure every row up front; this `ScrollView` asks its
subclass for one line at a time (`line`), so a list of 20,000 rows appears as fast as one
of 20. It owns the cursor (a reactive index, kept on screen), the moving keys, the click
and the cursor's style; subclasses say how many rows there are and what each one shows.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class VirtualList(ScrollView, can_focus=True):
    """Rows drawn on demand, a cursor row, up/down/page/home/end and clicks."""

    COMPONENT_CLASSES = {"virtual-list--cursor"}
    DEFAULT_CSS = """
    VirtualList { height: 1fr; }
    VirtualList > .virtual-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    VirtualList:blur > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    def row_count(self) -> int:
        """How many rows the list has."""
        raise NotImplementedError

    def line(self, index: int, width: int) -> Content | None:
        """Row `index` as one line of `width` cells (None: not available, drawn blank)."""
        raise NotImplementedError

    def line_width(self) -> int:
        """The cells a row has."""
        return self.scrollable_content_region.width

    def resize_rows(self) -> None:
        """Tell the scroll view how many rows there are (after the rows changed)."""
        self.virtual_size = Size(self.size.width, self.row_count())

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles are worked out once per paint, not twice per line (~0.3 ms each).
        self._base_style = self.rich_style
        self._cursor_style = self.get_component_rich_style("virtual-list--cursor")
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.line_width()
        base = getattr(self, "_base_style", None) or self.rich_style
        content = self.line(index, width) if 0 <= index < self.row_count() else None
        if content is None:
            return Strip.blank(width, base)
        strip = Strip(content.render_segments()).crop_extend(0, width, base)
        if index == self.cursor:
            cursor = getattr(self, "_cursor_style", None)
            strip = strip.apply_style(
                cursor or self.get_component_rich_style("virtual-list--cursor")
            )
        return strip.apply_style(base)

    def watch_cursor(self, old: int, new: int) -> None:
        self.keep_visible()
        self.refresh()

    def keep_visible(self) -> None:
        """Scroll so the cursor's row is on screen."""
        top, height = self.scroll_offset.y, max(self.size.height, 1)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def clamp(self, index: int) -> int:
        """`index` kept within the rows."""
        return max(0, min(index, self.row_count() - 1))

    def action_move(self, step: int) -> None:
        """Move the cursor up or down."""
        self.cursor = self.clamp(self.cursor + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful."""
        self.cursor = self.clamp(self.cursor + direction * max(self.size.height - 1, 1))

    def action_jump(self, index: int) -> None:
        """Go to the first (0) or last (-1) row."""
        self.cursor = self.clamp(self.row_count() - 1 if index < 0 else index)

    def on_click(self, event: Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.row_count():
            self.cursor = index
            self.clicked(event.chain)

    def clicked(self, chain: int) -> None:
        """A click put the cursor on a row (`chain`: 2 for a double click)."""
