"""A virtual list of readings: holds only ids, fetches and renders rows a page at a time.

It renders just the visible lines (`VirtualList`), so 20,000 readings appear as fast as 20.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from curriculum.library.items import Row
from tui.safe import plain
from tui.widgets.virtual_list import VirtualList

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


class ReadingList(VirtualList):
    """Readings by id; `enter` (or a double click) posts Selected."""

    BINDINGS = [Binding("enter", "select", "Open")]

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
        self.resize_rows()
        position = ids.index(current) if current in ids[:5000] else 0
        self.cursor = min(position, max(len(ids) - 1, 0))
        self.keep_visible()
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

    def row_count(self) -> int:
        return len(self.ids)

    def line(self, index: int, width: int) -> Content | None:
        row = self.row_at(index)
        return None if row is None else self.content(row, width)

    def action_select(self) -> None:
        """Open the reading under the cursor."""
        item_id = self.current_id()
        if item_id is not None:
            self.post_message(self.Selected(item_id))

    def clicked(self, chain: int) -> None:
        if chain >= 2:
            self.action_select()
