"""A virtual list of readings: holds only ids, fetches and renders rows a page at a time.

It renders just the visible lines (`ScrollView.render_line`), so 20,000 readings appear as
fast as 20.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from curriculum.library.items import Row
from tui.safe import plain

PAGE = 100
MARKS = {"inbox": "  ", "queued": "○ ", "read": "✓ ", "skipped": "– ", "snoozed": "z "}


def row_content(row: Row, width: int) -> Content:
    """One reading in one line: mark, title, then source, date and minutes on the right."""
    right = f" {row.source[:24]:<24} {(row.published or '')[:10]:<10} {row.minutes:>3}m"
    title_width = max(width - len(right) - 2, 8)
    title = plain(row.title).truncate(title_width, ellipsis=True, pad=True)
    if row.priority:
        right = f" {row.priority:+d}" + right
        title = title.truncate(max(title_width - 3, 5), ellipsis=True, pad=True)
    return Content.assemble(MARKS.get(row.status, "  "), title, Content.styled(right, "dim"))


class ReadingList(ScrollView, can_focus=True):
    """Readings by id; `enter` (or a double click) posts Selected."""

    COMPONENT_CLASSES = {"reading-list--cursor"}
    DEFAULT_CSS = """
    ReadingList { height: 1fr; }
    ReadingList > .reading-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    ReadingList:blur > .reading-list--cursor { background: $block-cursor-blurred-background; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Open"),
    ]

    cursor: reactive[int] = reactive(0)

    class Selected(Message):
        """A reading was chosen."""

        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, fetch: Callable[[list[int]], list[Any]], id: str | None = None) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self.ids: list[int] = []
        self._rows: dict[int, Any] = {}

    def show(self, ids: list[int]) -> None:
        """Show these readings (keeping the cursor on the same reading when it is still there)."""
        current = self.current_id()
        self.ids = ids
        self._rows.clear()
        self.virtual_size = Size(self.size.width, len(ids))
        position = ids.index(current) if current in ids[:5000] else 0
        self.cursor = min(position, max(len(ids) - 1, 0))
        self._keep_visible()
        self.refresh()

    def forget(self) -> None:
        """Drop cached rows (after an action changed them) and redraw."""
        self._rows.clear()
        self.refresh()

    def current_id(self) -> int | None:
        """The id under the cursor."""
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    def row_at(self, index: int) -> Any:
        """The row at a list position, fetching its page when needed."""
        if index not in self._rows:
            start = index - index % PAGE
            page_ids = self.ids[start : start + PAGE]
            by_id = {row.id: row for row in self._fetch(page_ids)}
            for offset, item_id in enumerate(page_ids):
                if item_id in by_id:
                    self._rows[start + offset] = by_id[item_id]
        return self._rows.get(index)

    def content(self, row: Any, width: int) -> Content:
        """One row as a line (subclasses list other kinds of rows)."""
        return row_content(row, width)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles are worked out once per paint, not twice per line (~0.3 ms each).
        self._base_style = self.rich_style
        self._cursor_style = self.get_component_rich_style("reading-list--cursor")
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = getattr(self, "_base_style", None) or self.rich_style
        row = self.row_at(index) if index < len(self.ids) else None
        if row is None:
            return Strip.blank(width, base)
        segments = self.content(row, width).render_segments()
        strip = Strip(segments).crop_extend(0, width, base)
        if index == self.cursor:
            cursor = getattr(self, "_cursor_style", None)
            strip = strip.apply_style(
                cursor or self.get_component_rich_style("reading-list--cursor")
            )
        return strip.apply_style(base)

    def watch_cursor(self, old: int, new: int) -> None:
        self._keep_visible()
        self.refresh()

    def _keep_visible(self) -> None:
        top, height = self.scroll_offset.y, max(self.size.height, 1)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self.ids) - 1))

    def action_move(self, step: int) -> None:
        """Move the cursor up or down."""
        self.cursor = self._clamp(self.cursor + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful."""
        self.cursor = self._clamp(self.cursor + direction * max(self.size.height - 1, 1))

    def action_jump(self, index: int) -> None:
        """Go to the first (0) or last (-1) reading."""
        self.cursor = self._clamp(len(self.ids) - 1 if index < 0 else index)

    def action_select(self) -> None:
        """Open the reading under the cursor."""
        item_id = self.current_id()
        if item_id is not None:
            self.post_message(self.Selected(item_id))

    def on_click(self, event: Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.ids):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()
