"""Library: every reading, filtered by status, feed and tag, searched as you type (FTS5)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Header, Input, Select, Static

from curriculum.library import items
from tui.returning import ReloadsOnReturn
from tui.screens.reading_actions import ReadingScreen
from tui.text_fields import TextInput
from tui.widgets.footer import KeysFooter
from tui.widgets.reading_list import ReadingList

SEARCH_DELAY = 0.15


class LibraryScreen(ReloadsOnReturn, ReadingScreen):
    """The whole library in a virtual list; `/` searches, the selects filter."""

    CSS_PATH = "library.tcss"
    BINDINGS = [
        Binding("escape", "leave_field", "Leave search"),  # elsewhere the app's Back
        Binding("o", "toggle_order", "Order", tooltip="Newest first, or for you (learned)"),
    ]
    AUTO_FOCUS = "#library-list"  # the readings, not the search box: `/` searches
    ORDER_WORDS = {"newest": "newest first (o: for you)", "for-you": "for you (o: newest first)"}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="library-filters"):
            # compact (one line, no borders): at 80 columns the box and three filters fit whole
            yield TextInput(
                placeholder="/ search titles, authors, summaries",
                id="library-search",
                compact=True,
            )
            yield Select(
                [(s.capitalize(), s) for s in items.STATUSES],
                prompt="Any status",
                id="library-status",
                compact=True,
            )
            yield Select(
                [(name, str(feed_id)) for feed_id, name in items.feed_names(self.db)],
                prompt="Any feed",
                id="library-feed",
                compact=True,
            )
            yield Select(
                [(t, t) for t in items.tags(self.db)],
                prompt="Any tag",
                id="library-tag",
                compact=True,
            )
        yield Static(id="library-count", markup=False)
        yield ReadingList(lambda ids: items.rows(self.db, ids), id="library-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Library"
        self._pending: Timer | None = None
        self.order = "newest"
        self.sub_title = self.ORDER_WORDS[self.order]
        self.reload()
        self.query_one(ReadingList).focus()

    def _select(self, widget_id: str) -> str | None:
        value: Any = self.query_one(widget_id, Select).value
        return None if value is Select.NULL else str(value)

    def current_query(self) -> items.Query:
        """The search text and filters as a library query."""
        return items.Query(
            text=self.query_one("#library-search", Input).value,
            status=self._select("#library-status"),
            feed=self._select("#library-feed"),
            tag=self._select("#library-tag"),
            order=self.order,
        )

    def reload(self) -> None:
        """Run the query again and show the matching readings."""
        ids = items.ids(self.db, self.current_query())
        listing = self.query_one(ReadingList)
        listing.show(ids)
        count = f"{len(ids):,} reading{'s' if len(ids) != 1 else ''}"
        self.query_one("#library-count", Static).update(
            count if ids else f"{count} — clear the search or the filters to see more"
        )

    def action_toggle_order(self) -> None:
        """Newest first, or the learned ranking's order."""
        self.order = "for-you" if self.order == "newest" else "newest"
        self.sub_title = self.ORDER_WORDS[self.order]
        self.reload()
        self.query_one(ReadingList).action_jump(0)  # a new order starts at its top

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(SEARCH_DELAY, self.reload)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ReadingList).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.reload()

    def on_reading_list_selected(self, event: ReadingList.Selected) -> None:
        self.open_reading(event.item_id)

    def selected_id(self) -> int | None:
        return self.query_one(ReadingList).current_id()

    def action_search(self) -> None:
        """Focus the search box (dropping the `/` a terminal may also deliver as text)."""
        search = self.query_one("#library-search", Input)
        before = search.value
        search.focus()

        def drop_slash() -> None:
            if search.value == before + "/":
                search.value = before

        self.call_after_refresh(drop_slash)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape leaves the search box only while it has the focus."""
        if action == "leave_field":
            return isinstance(self.focused, Input)
        return True

    def leave_field(self) -> None:
        """Escape in the search box: back to the list, where the reading keys work again."""
        self.query_one(ReadingList).focus()

    def action_leave_field(self) -> None:
        """Leave the search box."""
        self.leave_field()
