"""Reader: one reading's details and text as Markdown, links numbered, reading time tracked."""

from __future__ import annotations

import webbrowser
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from curriculum.errors import CurriculumError
from curriculum.library.items import ItemDetail, get_item
from curriculum.library.reader_text import body_of, compose
from curriculum.queue import actions, daily, reading_time
from curriculum.store import transaction
from tui import guard
from tui.safe import plain
from tui.widgets.footer import KeysFooter
from tui.widgets.related import RelatedReadings


def meta_line(item: ItemDetail) -> str:
    """Source, authors, date and estimated minutes, joined."""
    authors = ", ".join(item.authors[:6]) + (" et al." if len(item.authors) > 6 else "")
    parts = [item.source, authors, (item.published or "")[:10], f"{item.minutes} min"]
    status = "" if item.status in ("inbox", "queued") else item.status
    return " · ".join(part for part in [*parts, status] if part)


class ReaderScreen(Screen[None]):
    """Title, source, authors, date, minutes, then the content; `d` done, `o` browser."""

    CSS_PATH = "reader.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("d", "done", "Done → key ideas"),
        Binding("o", "open_browser", "Open in browser"),
        Binding("k", "key_ideas", "Key ideas", show=False),
        Binding("ctrl+n", "question", "Question"),
        *[Binding(str(n), f"open_link({n})", f"Open link {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id
        self.timer = reading_time.ActiveTimer()
        self.links: list[str] = []

    @property
    def db(self) -> Any:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def now(self) -> Any:
        """The app's clock."""
        return self.app.now()  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        item = get_item(self.db, self.item_id)
        self.item = item
        text = compose(item, body_of(self.db, item))
        self.links = text.links
        yield Header()
        with VerticalScroll(id="reader-body"):
            yield Static(plain(item.title), id="reader-title")
            yield Static(plain(meta_line(item)), id="reader-meta")
            if item.url:
                yield Static(plain(item.url), id="reader-url")
            yield Markdown(text.markdown, id="reader-markdown", open_links=False)
            yield RelatedReadings(self.item_id, id="reader-related")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Reader"
        self.query_one("#reader-body").focus()
        self.timer.touch(self.now())

    def on_key(self, event: events.Key) -> None:
        self.timer.touch(self.now())

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.timer.touch(self.now())

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.timer.touch(self.now())

    def on_screen_suspend(self) -> None:
        self.save_time()

    def on_screen_resume(self) -> None:
        self.timer.last = self.now()

    def on_unmount(self) -> None:
        self.save_time()

    def save_time(self) -> None:
        """Log the active reading time since the last save as a session."""
        now = self.now()
        seconds = self.timer.take(now)
        if seconds <= 0:
            return
        day = daily.current_day(self.db, now).isoformat()
        with transaction(self.db):
            reading_time.record_session(self.db, self.item_id, seconds, now, day)

    def action_done(self) -> None:
        """Mark read (with the time spent), then write key ideas; waits (with a message)
        while another process holds the write lock."""
        guard.patient_write(self.app, self.db, self._done)

    def _done(self) -> None:
        self.save_time()
        if self.item.status != "read":
            try:
                result = actions.done(self.db, self.item_id, self.now())
            except CurriculumError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify(result.message, markup=False)
        app = self.app
        app.pop_screen()
        _key_ideas(app, self.item_id)

    def action_key_ideas(self) -> None:
        """Write key ideas for this reading."""
        _key_ideas(self.app, self.item_id)

    def action_question(self) -> None:
        """Jot a question about this reading (and the highlight under the cursor, if any)."""
        from tui.dialogs.question_jot import highlight_of, jot_question

        jot_question(self.app, item_id=self.item_id, highlight_id=highlight_of(self))

    def _browse(self, url: str) -> None:
        if not url.startswith(("http://", "https://")):
            self.notify("Only web (http, https) links are opened.", severity="warning")
            return
        if webbrowser.open(url):
            self.notify(f"Opened {url}", markup=False)
        else:
            self.notify(f"No browser could be started; the link is {url}", markup=False)

    def action_open_browser(self) -> None:
        """Open the reading's URL in the browser."""
        if self.item.url:
            self._browse(self.item.url)
        else:
            self.notify("This reading has no link.", severity="warning")

    def action_open_link(self, number: int) -> None:
        """Open link number `number` of the text."""
        if 1 <= number <= len(self.links):
            self._browse(self.links[number - 1])
        else:
            self.notify(f"There is no link {number}.", severity="warning")

    def on_related_readings_chosen(self, event: RelatedReadings.Chosen) -> None:
        self.app.push_screen(ReaderScreen(event.item_id))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        if event.href.startswith(("http://", "https://")):
            self._browse(event.href)


def _key_ideas(app: App[Any], item_id: int) -> None:
    from tui.screens.key_ideas import open_key_ideas  # a TextArea: loaded when needed

    open_key_ideas(app, item_id)
