"""Feeds: every followed feed with unread count, last fetch, status and error.

`a` add · `r` refresh the selected feed · `R` refresh all · `e` edit · `delete` remove ·
`i` import OPML. Refreshes run in an async worker with a progress bar; the UI never freezes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from sqlite_utils import Database
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, ProgressBar, Static

from curriculum.clock import from_iso
from curriculum.feeds import manage
from curriculum.text import clean_line
from tui.background import FeedsRefreshed, RefreshRun, status_line
from tui.dialogs.feed_dialogs import (
    AddFeedDialog,
    ConfirmRemoveDialog,
    EditFeedDialog,
    ImportOpmlDialog,
)
from tui.returning import ReloadsOnReturn
from tui.safe import plain
from tui.widgets.footer import KeysFooter

STATUS_STYLE = {"ok": "green", "warning": "yellow", "error": "red", "never": "dim"}
COLUMNS = ("Feed", "Unread", "Last fetch", "Status", "Problem")


def ago(stamp: str | None, now: datetime) -> str:
    """A short age such as '5 min ago', '3 h ago', '2 d ago', or 'never'."""
    if not stamp:
        return "never"
    seconds = max(0, int((now - from_iso(stamp)).total_seconds()))
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def row_cells(feed: manage.FeedInfo, now: datetime) -> list[Text]:
    """One table row; feed text as plain Rich Text (never markup)."""
    return [
        Text(clean_line(feed.name, 60)),
        Text(str(feed.unread), justify="right"),
        Text(ago(feed.last_fetched, now)),
        Text(feed.status, style=STATUS_STYLE.get(feed.status, "")),
        Text(clean_line(feed.error or "", 80), style="dim"),
    ]


class FeedsScreen(ReloadsOnReturn, Screen[None]):
    """The list of feeds and their actions."""

    CSS_PATH = "feeds.tcss"
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("r", "refresh_one", "Refresh"),
        Binding("R", "refresh_all", "Refresh all", key_display="R"),
        Binding("e", "edit", "Edit"),
        Binding("delete", "remove", "Remove"),
        Binding("i", "import_opml", "Import OPML"),
    ]

    @property
    def db(self) -> Database:
        app: Any = self.app
        return app.db  # type: ignore[no-any-return]

    def now(self) -> datetime:
        app: Any = self.app
        return app.now()  # type: ignore[no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="feeds-summary")
        yield Static(id="feeds-status")
        table: DataTable[Text] = DataTable(id="feeds-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield ProgressBar(id="feeds-progress", show_eta=False)
        yield Static(id="feeds-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Feeds"
        table = self.query_one("#feeds-table", DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        self.query_one("#feeds-progress").display = False
        self.reload()
        app: Any = self.app
        self.show_refresh(app.refresher.last if app._refresher is not None else None)

    def on_feeds_refreshed(self, _message: FeedsRefreshed) -> None:
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Reload every feed from the store, keeping (or moving) the selection."""
        table = self.query_one("#feeds-table", DataTable)
        keep = select if select is not None else self.selected_id()
        index = table.cursor_row
        feeds = manage.list_feeds(self.db)
        now = self.now()
        table.clear()
        for feed in feeds:
            table.add_row(*row_cells(feed, now), key=str(feed.id))
        unread = sum(f.unread for f in feeds)
        failing = sum(1 for f in feeds if f.status == "error")
        summary = f"{len(feeds)} feeds · {unread} unread"
        summary += f" · {failing} failing" if failing else ""
        if not feeds:
            summary = "No feeds yet — a adds one, i imports an OPML file."
        self.query_one("#feeds-summary", Static).update(Content(summary))
        if keep is not None and str(keep) in {str(f.id) for f in feeds}:
            table.move_cursor(row=table.get_row_index(str(keep)))
        elif feeds:
            table.move_cursor(row=min(index, len(feeds) - 1))
        self._show_detail()

    def selected_id(self) -> int | None:
        """The id of the highlighted feed, if any."""
        table = self.query_one("#feeds-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key else None

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#feeds-detail", Static)
        feed_id = self.selected_id()
        if feed_id is None:
            detail.update("")
            return
        f = manage.get_feed(self.db, feed_id)
        parts = [plain(f.url)]
        extras = [
            ("tags", ", ".join(f.tags)),
            ("include", ", ".join(f.include)),
            ("exclude", ", ".join(f.exclude)),
        ]
        meta = " · ".join(f"{k}: {v}" for k, v in extras if v)
        meta = f"priority {f.priority} · {f.items} readings" + (f" · {meta}" if meta else "")
        parts += [Content("\n"), Content.styled(clean_line(meta), "dim")]
        if f.error:
            style = "$error" if f.status == "error" else "$warning"
            parts += [Content("\n"), Content.styled(clean_line(f.error, 400), style)]
        detail.update(Content.assemble(*parts))

    def action_add(self) -> None:
        """Add a feed by URL (a site URL is searched for its feed)."""

        def done(result: Any) -> None:
            if result is None:
                return
            self.reload(select=result.feed_id)
            count = result.new_items
            note = f"Added {result.name}: {count} new reading{'s' if count != 1 else ''}"
            warning = f" ({result.warning})" if result.warning else ""
            self.notify(clean_line(note) + warning, markup=False)  # feed names are untrusted

        self.app.push_screen(AddFeedDialog(), done)

    def action_edit(self) -> None:
        """Edit the selected feed."""
        feed_id = self.selected_id()
        if feed_id is None:
            return
        feed = manage.get_feed(self.db, feed_id)
        self.app.push_screen(EditFeedDialog(feed), lambda saved: saved and self.reload())

    def action_remove(self) -> None:
        """Remove the selected feed after confirmation."""
        feed_id = self.selected_id()
        if feed_id is None:
            return
        feed = manage.get_feed(self.db, feed_id)

        def done(confirmed: Any) -> None:
            if not confirmed:
                return
            name, removed, kept = manage.remove_feed(self.db, feed_id)
            self.reload()
            message = clean_line(f"Removed {name}: {removed} unread gone, {kept} kept.")
            self.notify(message, markup=False)

        self.app.push_screen(ConfirmRemoveDialog(feed), done)

    def action_import_opml(self) -> None:
        """Import feeds from an OPML file or URL."""

        def done(result: Any) -> None:
            if result is None:
                return
            self.reload()
            self.notify(
                f"Imported {result.added} feeds ({result.existing} already followed, "
                f"{result.skipped} skipped). Press R to fetch them."
            )

        self.app.push_screen(ImportOpmlDialog(), done)

    def action_refresh_one(self) -> None:
        """Refresh the selected feed now."""
        feed_id = self.selected_id()
        if feed_id is not None:
            self._refresh([feed_id])

    def action_refresh_all(self) -> None:
        """Refresh every feed now."""
        self._refresh(None)

    def _refresh(self, feed_ids: list[int] | None) -> None:
        """Refresh in the background; the progress bar and header follow it."""
        app: Any = self.app
        if not app.refresh_feeds("manual", "all" if feed_ids is None else feed_ids):
            run = app.refresher.current
            self.notify(f"A refresh is already running ({run.done} of {run.total} feeds done).")
            return
        self.show_refresh(app.refresher.current)

    def show_refresh(self, run: RefreshRun | None) -> None:
        """Show a refresh's progress (or its end) in the bar and the header."""
        bar = self.query_one("#feeds-progress", ProgressBar)
        running = run is not None and not run.finished
        bar.display = running
        if run is not None and running:
            bar.update(total=max(run.total, 1), progress=run.done)
        self._show_status(run)

    def _show_status(self, run: RefreshRun | None) -> None:
        line = status_line(run)
        style = "$error" if run is not None and run.failure else ""
        status = self.query_one("#feeds-status", Static)
        status.update(Content.styled(line, style) if style else Content(line))
        status.display = bool(line)
