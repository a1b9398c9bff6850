"""The Inbox's list: new arrivals in the learned order, one line each, paged like the Library.

Each line: the learned score (how large a share of your unread readings this one beats), the
title, and on the right its feed (and, on a wide terminal, why it ranks where it does).
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.message import Message

from curriculum.queue.inbox import Arrival
from tui.safe import plain
from tui.widgets.reading_list import ReadingList

WIDE = 110  # from this width the reason shows on the line too


def score_text(score: float | None) -> str:
    """The score as a percentage, or a dash before the ranking has seen the reading."""
    return " -- " if score is None else f"{round(score * 100):3d}%"


def arrival_content(row: Arrival, width: int) -> Content:
    """One arrival in one line."""
    why_width = 34 if width >= WIDE else 0
    right = f" {row.feed[:22]:<22}"
    if why_width:
        right += f" {row.why[:why_width]:<{why_width}}"
    title_width = max(width - len(right) - 6, 8)
    title = plain(row.title).truncate(title_width, ellipsis=True, pad=True)
    return Content.assemble(
        Content.styled(score_text(row.score), "bold"), "  ", title, Content.styled(right, "dim")
    )


class InboxList(ReadingList):
    """Arrivals by id; posts `Highlighted` when the cursor moves to another one."""

    class Highlighted(Message):
        """The cursor is on another arrival (or on none)."""

        def __init__(self, item_id: int | None) -> None:
            super().__init__()
            self.item_id = item_id

    def content(self, row: Any, width: int) -> Content:
        return arrival_content(row, width)

    def show_at(self, ids: list[int], index: int) -> None:
        """Show these arrivals with the cursor at `index` (after triage: the next one)."""
        self.show(ids)
        self.cursor = max(0, min(index, len(ids) - 1))
        self.post_message(self.Highlighted(self.current_id()))

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        self.post_message(self.Highlighted(self.current_id()))

    def current_row(self) -> Arrival | None:
        """The arrival under the cursor."""
        row = self.row_at(self.cursor) if self.ids else None
        return row if isinstance(row, Arrival) else None
