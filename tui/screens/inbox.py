"""Inbox: new arrivals, best first by the learned ranking, triaged with one key each.

`]` keeps a reading for later (its priority goes up, so a coming day picks it), `+` adds it
to today, `x` dismisses it, `enter` opens it; the next arrival comes under the cursor, so
200 arXiv papers take minutes. The preview below the list shows the highlighted reading's
source, why it ranks where it does, and the start of its summary.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Static

from curriculum.errors import CurriculumError
from curriculum.queue import actions, ranking
from curriculum.queue import inbox as arrivals
from tui.returning import ReloadsOnReturn
from tui.safe import plain
from tui.screens.reading_actions import ReadingScreen
from tui.widgets.footer import KeysFooter
from tui.widgets.inbox_list import InboxList, score_text

PREVIEW_CHARS = 600


class InboxScreen(ReloadsOnReturn, ReadingScreen):
    """Arrivals in the learned order, a preview of the highlighted one, one key per verdict."""

    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("right_square_bracket", "keep", "Keep", tooltip="Keep for later: priority up"),
        Binding("x", "dismiss", "Dismiss", tooltip="Not for me: out of the Inbox"),
        Binding("plus", "queue", "To today", tooltip="Add to today's queue"),
        Binding("escape", "leave", "Back", show=False),
        Binding("i", "noop", show=False),  # already in the inbox
        # The reading actions stay, out of the footer: the four verdicts above come first.
        Binding("d", "done", "Done", show=False),
        Binding("z", "snooze", "Snooze", show=False),
        Binding("slash", "search", "Search", show=False),
        Binding("k", "key_ideas", "Key ideas", show=False),
        Binding("u", "undo", "Undo", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="inbox-summary", markup=False)
        yield InboxList(lambda ids: arrivals.arrivals(self.db, ids), id="inbox-list")
        yield Static(id="inbox-preview")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Inbox"
        self.reload()
        self.query_one(InboxList).focus()
        self._request_ranking()

    def _request_ranking(self) -> None:
        request = getattr(self.app, "request_ranking", None)
        if callable(request):
            request()

    def reload(self) -> None:
        """Show the arrivals again, keeping the cursor's place."""
        listing = self.query_one(InboxList)
        ids = arrivals.ids(self.db)
        listing.show_at(ids, listing.cursor)
        self._summary(len(ids))

    def _summary(self, total: int) -> None:
        learned = ranking.explain(ranking.model_info(self.db))
        if total == 0:
            text = "The Inbox is empty: every new reading is triaged. f → Feeds to fetch more."
        else:
            noun = "reading" if total == 1 else "readings"
            text = f"{total} new {noun}, best first. {learned}"
        self.query_one("#inbox-summary", Static).update(text)

    def on_inbox_list_highlighted(self, event: InboxList.Highlighted) -> None:
        self._preview()

    def _preview(self) -> None:
        preview = self.query_one("#inbox-preview", Static)
        row = self.query_one(InboxList).current_row()
        if row is None:
            preview.update("")
            return
        authors = ", ".join(row.authors[:4]) + (" et al." if len(row.authors) > 4 else "")
        where = " · ".join(p for p in (row.feed, authors, (row.published or "")[:10]) if p)
        why = f"{score_text(row.score).strip()} · {row.why}" if row.why else ""
        summary = row.summary[:PREVIEW_CHARS] + ("…" if len(row.summary) > PREVIEW_CHARS else "")
        if summary.strip() == row.title.strip():
            summary = ""
        preview.update(
            Content("\n").join(
                [
                    plain(row.title).stylize("bold"),
                    plain(where).stylize("dim"),
                    plain(f"why: {why}" if why else "not ranked yet").stylize("italic"),
                    plain(summary, PREVIEW_CHARS + 1),
                ]
            )
        )

    def selected_id(self) -> int | None:
        return self.query_one(InboxList).current_id()

    def on_reading_list_selected(self, event: InboxList.Selected) -> None:
        self.open_reading(event.item_id)

    def _triage(
        self, act: Callable[[int], actions.Done], then: Callable[[], None] | None = None
    ) -> None:
        item_id = self.selected_id()
        if item_id is None:
            self.notify("The Inbox is empty.", severity="warning")
            return
        try:
            result = act(item_id)
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(result.message, markup=False, timeout=2)
        self.reload()
        self._request_ranking()
        if then is not None:
            then()

    def action_keep(self) -> None:
        """Keep the reading for later: priority up, out of the Inbox."""
        self._triage(lambda i: actions.keep(self.db, i, self.now()))

    def action_dismiss(self) -> None:
        """Not for me: out of the Inbox, and the ranking learns from it."""
        self._triage(lambda i: actions.dismiss(self.db, i, self.now()))

    def action_queue(self) -> None:
        """Add the reading to today's queue."""
        self._triage(lambda i: actions.queue_now(self.db, i, self.now()), then=self.today_grew)

    def action_noop(self) -> None:
        """Nothing to do here."""

    def action_search(self) -> None:
        """Search the library."""
        self.app.switch_mode("library")

    def action_leave(self) -> None:
        """Back to Today."""
        self.app.switch_mode("today")
