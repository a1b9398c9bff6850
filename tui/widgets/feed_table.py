"""The Feeds screen's table: a row per feed, marks to act on several, a filter, and column
widths worked out from the table's width so the Problem column stays on screen at 80
columns (a DataTable sizes columns to their longest cell, which pushed it off)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from curriculum.clock import from_iso
from curriculum.text import clean_line

STATUS_STYLE = {"ok": "green", "warning": "yellow", "error": "red", "never": "dim"}
MARK = "●"
# (key, label, fixed width or None for a share of what is left)
COLUMNS = (
    ("mark", " ", 1),
    ("Feed", "Feed", None),
    ("Unread", "Unread", 6),
    ("Last fetch", "Last fetch", 10),
    ("Status", "Status", 7),
    ("Problem", "Problem", None),
)
FEED_SHARE = 0.45  # of the width left for the two free columns, the Feed column's part
CHROME = 2 * len(COLUMNS) + 2  # one cell of padding each side of a column, the scrollbar


def ago(stamp: str | None, now: datetime) -> str:
    """A short age such as '5 min ago', '3 h ago', '2 d ago', or 'never'."""
    if not stamp:
        return "never"
    seconds = max(0, int((now - from_iso(stamp)).total_seconds()))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def column_widths(total: int) -> list[int]:
    """Each column's width for a table `total` cells wide."""
    fixed = sum(width or 0 for _key, _label, width in COLUMNS)
    free = max(total - fixed - CHROME, 24)
    feed = max(12, min(40, int(free * FEED_SHARE)))
    widths = [width or 0 for _key, _label, width in COLUMNS]
    widths[1], widths[5] = feed, max(free - feed, 12)
    return widths


def matches(feed: Any, query: str) -> bool:
    """Whether every word of `query` is in the feed's name, address, tags or problem."""
    haystack = " ".join([feed.name, feed.url, *feed.tags, feed.error or ""]).lower()
    return all(word in haystack for word in query.lower().split())


def shown(feeds: Iterable[Any], query: str, failing_only: bool) -> list[Any]:
    """The feeds the filter and the view let through, in their order."""
    return [
        f
        for f in feeds
        if (not failing_only or f.status == "error") and (not query or matches(f, query))
    ]


def _fit(text: str, width: int) -> str:
    text = clean_line(text, 500)
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def row_cells(feed: Any, now: datetime, widths: Sequence[int], marked: bool) -> list[Text]:
    """One row; feed text as plain Rich Text (never markup), cut to its column."""
    return [
        Text(MARK if marked else " ", style="bold" if marked else ""),
        Text(_fit(feed.name, widths[1])),
        Text(str(feed.unread), justify="right"),
        Text(ago(feed.last_fetched, now)),
        Text(feed.status, style=STATUS_STYLE.get(feed.status, "")),
        Text(_fit(feed.error or "", widths[5]), style="dim"),
    ]


class FeedTable(DataTable[Text]):
    """The feeds shown, with their marks; `show` redraws only when something changed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.feeds: list[Any] = []
        self.marked: set[int] = set()
        self._now: datetime | None = None
        self._drawn: tuple[object, ...] | None = None  # what the rows were drawn from
        self._marks_shown: set[int] = set()

    def show(self, feeds: Sequence[Any], now: datetime, keep: int | None = None) -> None:
        """Show these feeds (marks of feeds no longer shown are dropped), keeping the cursor
        on feed `keep` if it is among them."""
        self.feeds, self._now = list(feeds), now
        self.marked &= {f.id for f in self.feeds}
        self._draw(keep)

    def _draw(self, keep: int | None = None) -> None:
        """Redraw the rows when what they show changed; marks alone change just their cells."""
        if self._now is None:
            return
        widths = column_widths(self.size.width or 80)
        rows = [row_cells(f, self._now, widths, marked=False) for f in self.feeds]
        drawn = (tuple(widths), tuple(tuple(str(c) for c in row) for row in rows))
        keep = self.selected_id() if keep is None else keep
        if drawn != self._drawn:
            index = self.cursor_row
            if self._drawn is None or self._drawn[0] != drawn[0]:
                self.clear(columns=True)
                for (key, label, _), width in zip(COLUMNS, widths, strict=True):
                    self.add_column(label, width=width, key=key)
            else:
                self.clear()
            for feed, cells in zip(self.feeds, rows, strict=True):
                self.add_row(*cells, key=str(feed.id))
            self._drawn, self._marks_shown = drawn, set()
            ids = [f.id for f in self.feeds]
            if keep in ids:
                self.move_cursor(row=ids.index(keep))
            elif ids:
                self.move_cursor(row=min(index, len(ids) - 1))
        self._draw_marks()

    def _draw_marks(self) -> None:
        for feed_id in self.marked ^ self._marks_shown:
            marked = feed_id in self.marked
            mark = Text(MARK if marked else " ", style="bold" if marked else "")
            self.update_cell(str(feed_id), "mark", mark)
        self._marks_shown = set(self.marked)

    def on_resize(self) -> None:
        self._draw()

    def selected_id(self) -> int | None:
        """The id of the highlighted feed, if any."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key else None

    def toggle_mark(self) -> None:
        """Mark or unmark the highlighted feed, then move down a row."""
        feed_id = self.selected_id()
        if feed_id is None:
            return
        self.marked ^= {feed_id}
        self._draw_marks()
        self.action_cursor_down()

    def toggle_all(self) -> None:
        """Mark every shown feed, or unmark them all when they already are."""
        ids = {f.id for f in self.feeds}
        self.marked = set() if ids and ids <= self.marked else ids
        self._draw_marks()

    def chosen(self) -> list[int]:
        """The marked feeds (in shown order), else the highlighted one."""
        if self.marked:
            return [f.id for f in self.feeds if f.id in self.marked]
        feed_id = self.selected_id()
        return [] if feed_id is None else [feed_id]
