"""The Feeds screen's list: a row per feed, marks to act on several, a filter, and column
widths worked out from the list's width so the Problem column stays on screen at 80 columns.

It draws only the visible lines (`VirtualList`) from plain `Content`: Textual's
DataTable renders each cell through Rich and cost ~100 ms to show a hundred feeds again
each time the screen came back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from textual.content import Content
from textual.message import Message

from curriculum.clock import from_iso
from curriculum.text import clean_line
from tui.widgets.virtual_list import VirtualList

STATUS_STYLE = {
    "ok": "green",
    "warning": "yellow",
    "error": "red",
    "never": "dim",
    "gone": "red dim",
    "waiting": "yellow dim",
}
MARK = "●"
UNREAD, LAST_FETCH, STATUS = 6, 10, 7  # fixed column widths
FIXED = 3 + 1 + UNREAD + 2 + LAST_FETCH + 2 + STATUS + 2  # the mark, gaps, fixed columns
FEED_SHARE = 0.45  # of the width left for the two free columns, the Feed column's part


def ago(stamp: str | None, now: datetime) -> str:
    """A short age such as '5 min ago', '3 h ago', '2 d ago', or 'never'."""
    if not stamp:
        return "never"
    seconds = max(0, int((now - from_iso(stamp)).total_seconds()))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def column_widths(total: int) -> tuple[int, int]:
    """The Feed and Problem columns' widths in a list whose rows are `total` cells wide."""
    free = max(total - FIXED, 24)
    feed = max(12, min(40, int(free * FEED_SHARE)))
    return feed, max(free - feed, 12)


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
    """Feed text as one line of exactly `width` cells, cut with an ellipsis."""
    text = clean_line(text, 500)
    text = text if len(text) <= width else text[: max(width - 1, 0)] + "…"
    return text.ljust(width)


def header(width: int) -> Content:
    """The column labels, aligned with `row`."""
    feed, problem = column_widths(width)
    labels = f"   {'Feed':<{feed}} {'Unread':>{UNREAD}}  {'Last fetch':<{LAST_FETCH}}  "
    return Content.styled(labels + f"{'Status':<{STATUS}}  {'Problem':<{problem}}", "bold")


def row(feed: Any, now: datetime, width: int, marked: bool) -> Content:
    """One feed in one line; feed text shown literally (never markup)."""
    feed_width, problem_width = column_widths(width)
    status = feed.status
    return Content.assemble(
        Content.styled(f" {MARK if marked else ' '} ", "bold"),
        Content(_fit(feed.name, feed_width)),
        f" {feed.unread:>{UNREAD}}  {ago(feed.last_fetched, now):<{LAST_FETCH}}  ",
        Content.styled(f"{status:<{STATUS}}", STATUS_STYLE.get(status, "")),
        "  ",
        Content.styled(_fit(feed.error or "", problem_width), "dim"),
    )


class FeedTable(VirtualList):
    """The feeds shown, with their marks; posts Highlighted when the cursor moves."""

    class Highlighted(Message):
        """The cursor moved to another feed (or the list changed under it)."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.feeds: list[Any] = []
        self.marked: set[int] = set()
        self._now: datetime | None = None

    def show(self, feeds: Sequence[Any], now: datetime, keep: int | None = None) -> None:
        """Show these feeds (marks of feeds no longer shown are dropped), keeping the cursor
        on feed `keep` — by default the one it is on — if it is among them."""
        keep = self.selected_id() if keep is None else keep
        self.feeds, self._now = list(feeds), now
        self.marked &= {f.id for f in self.feeds}
        self.resize_rows()
        ids = [f.id for f in self.feeds]
        index = ids.index(keep) if keep in ids else min(self.cursor, max(len(ids) - 1, 0))
        if index == self.cursor:
            self.keep_visible()
            self.post_message(self.Highlighted())
        self.cursor = index
        self.refresh()

    def selected_id(self) -> int | None:
        """The id of the highlighted feed, if any."""
        return self.feeds[self.cursor].id if 0 <= self.cursor < len(self.feeds) else None

    def row_text(self, index: int) -> str:
        """Row `index` as plain text, as drawn."""
        assert self._now is not None
        marked = self.feeds[index].id in self.marked
        return row(self.feeds[index], self._now, self.line_width(), marked).plain

    def cells(self, index: int) -> list[str]:
        """Row `index`'s columns as drawn: mark, feed, unread, last fetch, status, problem."""
        text = self.row_text(index)
        feed, problem = column_widths(self.line_width())
        bounds = [(0, 3), (3, 3 + feed), (3 + feed, 10 + feed), (10 + feed, 22 + feed)]
        bounds += [(22 + feed, 31 + feed), (31 + feed, 31 + feed + problem)]
        return [text[a:b].strip() for a, b in bounds]

    def line_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width or 80

    def row_count(self) -> int:
        return len(self.feeds)

    def line(self, index: int, width: int) -> Content | None:
        if self._now is None:
            return None
        feed = self.feeds[index]
        return row(feed, self._now, width, feed.id in self.marked)

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        self.post_message(self.Highlighted())

    def on_resize(self) -> None:
        self.resize_rows()
        self.refresh()

    def toggle_mark(self) -> None:
        """Mark or unmark the highlighted feed, then move down a row."""
        feed_id = self.selected_id()
        if feed_id is None:
            return
        self.marked ^= {feed_id}
        self.refresh()
        self.action_move(1)

    def toggle_all(self) -> None:
        """Mark every shown feed, or unmark them all when they already are."""
        ids = {f.id for f in self.feeds}
        self.marked = set() if ids and ids <= self.marked else ids
        self.refresh()

    def chosen(self) -> list[int]:
        """The marked feeds (in shown order), else the highlighted one."""
        if self.marked:
            return [f.id for f in self.feeds if f.id in self.marked]
        feed_id = self.selected_id()
        return [] if feed_id is None else [feed_id]
