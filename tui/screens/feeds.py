"""Feeds: every followed feed with unread count, last fetch, status and problem.

`a` add · `r` refresh the marked or selected feeds · `R` refresh all · `e` edit · `delete`
remove the marked or selected feeds · `/` filter · `!` failing only · `space` mark ·
`ctrl+a` mark every shown feed · `i` import OPML. Refreshes run in a child process
(`tui.background`); the progress bar and the header follow them, so the UI never freezes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, ProgressBar, Static

from curriculum.clock import to_iso
from curriculum.feeds import manage
from curriculum.store import Database
from curriculum.text import clean_line, plural
from tui import guard
from tui.background import FeedsRefreshed, RefreshRun, status_line
from tui.dialogs.feed_dialogs import (
    AddFeedDialog,
    ConfirmRemoveDialog,
    EditFeedDialog,
    ImportOpmlDialog,
)
from tui.returning import ReloadsOnReturn
from tui.safe import plain
from tui.text_fields import TextInput
from tui.widgets.feed_table import FeedTable, ago, header, shown
from tui.widgets.footer import KeysFooter

__all__ = ["FeedsRefreshed", "FeedsScreen", "ago"]


class FilterInput(TextInput):
    """The filter box: `enter` or `escape` hands the keys back to the table."""

    BINDINGS = [Binding("escape", "leave", "Back to the list", show=False)]

    def action_leave(self) -> None:
        """Focus the table again (the filter stays)."""
        self.screen.query_one(FeedTable).focus()


class FeedsScreen(ReloadsOnReturn, Screen[None]):
    """The list of feeds and their actions."""

    CSS_PATH = "feeds.tcss"
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("r", "refresh_chosen", "Refresh"),
        Binding("R", "refresh_all", "Refresh all", key_display="R"),
        Binding("e", "edit", "Edit"),
        Binding("delete", "remove", "Remove"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("exclamation_mark", "failing", "Failing", key_display="!"),
        Binding("space", "mark", "Mark", show=False),
        Binding("ctrl+a", "mark_all", "Mark all shown", show=False),
        Binding("i", "import_opml", "Import OPML", show=False),
    ]

    failing_only = False

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
        yield FilterInput(
            placeholder="/ filter by name, address, tag or problem", id="feeds-filter", compact=True
        )
        yield Static(id="feeds-columns")
        yield FeedTable(id="feeds-table")
        yield ProgressBar(id="feeds-progress", show_eta=False)
        yield Static(id="feeds-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Feeds"
        self.query_one("#feeds-progress").display = False
        self.query_one(FeedTable).focus()
        self.reload()

    def on_feeds_refreshed(self, _message: FeedsRefreshed) -> None:
        self.reload()

    @property
    def table(self) -> FeedTable:
        """The feeds table."""
        return self.query_one(FeedTable)

    _loaded_at: tuple[int, int] | None = None  # the store's change counters at the last load

    def _store_version(self) -> tuple[int, int]:
        """Changes made through this connection, and commits made by others (cheap)."""
        return self.db.conn.total_changes, guard.data_version(self.db)

    def reload(self, select: int | None = None) -> None:
        """Reload every feed from the store (unless nothing changed since the last load),
        keeping (or moving to) the selection."""
        version = self._store_version()
        if version != self._loaded_at or select is not None:
            self._all = manage.list_feeds(self.db)
            self._loaded_at = version
        self._show(select)
        app: Any = self.app
        self.show_refresh(app.refresher.last if app._refresher is not None else None)

    def _show(self, select: int | None = None) -> None:
        query = self.query_one(FilterInput).value
        self.table.show(shown(self._all, query, self.failing_only), self.now(), select)
        self._show_columns()
        self._show_summary(query)

    def _show_summary(self, query: str) -> None:
        feeds, table = self._all, self.table
        if not feeds:
            text = "No feeds yet — a adds one, i imports an OPML file."
        else:
            text = f"{plural(len(feeds), 'feed')} · {sum(f.unread for f in feeds)} unread"
            failing = sum(1 for f in feeds if f.status == "error")
            text += f" · {failing} failing" if failing else ""
            gone = sum(1 for f in feeds if f.status == "gone")
            text += f" · {gone} gone (not polled)" if gone else ""
            view = [v for v in ("failing only" if self.failing_only else "", query.strip()) if v]
            if view:
                text += f" · showing {len(table.feeds)} ({', '.join(view)})"
            if table.marked:
                text += f" · {len(table.marked)} marked"
        self.query_one("#feeds-summary", Static).update(Content(clean_line(text, 400)))

    def selected_id(self) -> int | None:
        """The id of the highlighted feed, if any."""
        return self.table.selected_id()

    def on_feed_table_highlighted(self, _event: FeedTable.Highlighted) -> None:
        self._show_detail()

    def on_resize(self) -> None:
        self._show_columns()

    def _show_columns(self) -> None:
        table = self.table
        width = table.scrollable_content_region.width or table.size.width or self.size.width
        self.query_one("#feeds-columns", Static).update(header(width))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "feeds-filter":
            self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "feeds-filter":
            self.table.focus()

    def _show_detail(self) -> None:
        detail = self.query_one("#feeds-detail", Static)
        feed_id = self.selected_id()
        if feed_id is None:
            detail.update("")
            return
        f = next(feed for feed in self.table.feeds if feed.id == feed_id)
        parts = [plain(f.url)]
        extras = [
            ("tags", ", ".join(f.tags)),
            ("include", ", ".join(f.include)),
            ("exclude", ", ".join(f.exclude)),
        ]
        meta = " · ".join(f"{k}: {v}" for k, v in extras if v)
        meta = f"priority {f.priority} · {plural(f.items, 'reading')}" + (
            f" · {meta}" if meta else ""
        )
        parts += [Content("\n"), Content.styled(clean_line(meta), "dim")]
        if f.error:
            style = "$error" if f.status == "error" else "$warning"
            parts += [Content("\n"), Content.styled(clean_line(f.error, 400), style)]
        detail.update(Content.assemble(*parts))

    # actions ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Type to show only the feeds whose name, address, tags or problem match."""
        self.query_one(FilterInput).focus()

    def action_failing(self) -> None:
        """Show only the failing feeds, or every feed again."""
        self.failing_only = not self.failing_only
        self._show()

    def action_mark(self) -> None:
        """Mark the highlighted feed (to refresh or remove several at once)."""
        self.table.toggle_mark()
        self._show_summary(self.query_one(FilterInput).value)

    def action_mark_all(self) -> None:
        """Mark every shown feed, or unmark them all."""
        self.table.toggle_all()
        self._show_summary(self.query_one(FilterInput).value)

    def action_add(self) -> None:
        """Add a feed by URL (a site URL is searched for its feed)."""

        def done(result: Any) -> None:
            if result is None:
                return
            self.reload(select=result.feed_id)
            note = f"Added {result.name}: {plural(result.new_items, 'new reading')}"
            warning = f" ({result.warning})" if result.warning else ""
            self.notify(clean_line(note) + warning, markup=False)  # feed names are untrusted

        self.app.push_screen(AddFeedDialog(), done)

    def action_edit(self) -> None:
        """Edit the highlighted feed."""
        feed_id = self.selected_id()
        if feed_id is None:
            return
        feed = manage.get_feed(self.db, feed_id)
        self.app.push_screen(EditFeedDialog(feed), lambda saved: saved and self.reload())

    def action_remove(self) -> None:
        """Remove the marked feeds (or the highlighted one) after confirmation."""
        ids = self.table.chosen()
        if not ids:
            return
        feeds = [f for f in self.table.feeds if f.id in set(ids)]

        def done(confirmed: Any) -> None:
            if not confirmed:
                return
            removal = manage.remove_feeds(self.db, ids)
            self.table.marked.clear()
            self.reload()
            what = removal.names[0] if len(ids) == 1 else plural(len(ids), "feed")
            message = (
                f"Removed {what}: {plural(removal.removed, 'unread reading')} gone, "
                f"{removal.kept} kept."
            )
            self.notify(clean_line(message), markup=False)

        self.app.push_screen(ConfirmRemoveDialog(feeds), done)

    def action_import_opml(self) -> None:
        """Import feeds from an OPML file or URL."""

        def done(result: Any) -> None:
            if result is None:
                return
            self.reload()
            self.notify(
                f"Imported {plural(result.added, 'feed')} ({result.existing} already "
                f"followed, {result.skipped} skipped). Press R to fetch them."
            )

        self.app.push_screen(ImportOpmlDialog(), done)

    def action_refresh_chosen(self) -> None:
        """Refresh the marked feeds (or the highlighted one) now."""
        ids = self.table.chosen()
        if ids:
            self._refresh(ids)

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

    def _reached_since(self, run: RefreshRun | None) -> bool:
        """Whether some feed was fetched after `run` started (an offline ending is old news)."""
        if run is None or run.started is None:
            return False
        since = to_iso(run.started)  # stored times are this same fixed-width UTC text
        return any(f.status == "ok" and (f.last_fetched or "") >= since for f in self._all)

    def show_refresh(self, run: RefreshRun | None) -> None:
        """Show a refresh's progress (or its end) in the bar and the header."""
        bar = self.query_one("#feeds-progress", ProgressBar)
        running = run is not None and not run.finished
        bar.display = running
        if run is not None and running:
            bar.update(total=max(run.total, 1), progress=run.done)
        line = status_line(run, self._reached_since(run))
        style = "$error" if run is not None and run.failure else ""
        status = self.query_one("#feeds-status", Static)
        status.update(Content.styled(line, style) if style else Content(line))
        status.display = bool(line)
