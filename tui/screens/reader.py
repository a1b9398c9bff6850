"""Reader: a reading's whole text, where you left off, with an outline, highlights and cards.

The text is parsed in a thread, a piece at a time, and shown as it comes (`DocumentView`),
so a reading of any length opens at once. If the whole text is not kept yet it is fetched
in the background and replaces the feed's summary when it arrives. Reading time is
logged; the position, % read and minutes left follow the screen's top line.
"""

from __future__ import annotations

import threading
import webbrowser
from typing import Any

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from curriculum.errors import CurriculumError
from curriculum.library import highlights, items, positions, texts
from curriculum.library.document import Block, Document, parse_blocks
from curriculum.library.items import ItemDetail, get_item
from curriculum.library.reader_text import Numbering, reader_pieces
from curriculum.queue import actions, daily, reading_time
from curriculum.store import transaction
from tui import guard
from tui.safe import plain
from tui.widgets.document_view import DocumentView
from tui.widgets.footer import KeysFooter
from tui.widgets.related import RelatedReadings

DEFAULT_WPM = 230


def meta_line(item: ItemDetail) -> str:
    """Source, authors, date and estimated minutes, joined."""
    authors = ", ".join(item.authors[:6]) + (" et al." if len(item.authors) > 6 else "")
    parts = [item.source, authors, (item.published or "")[:10], f"{item.minutes} min"]
    status = "" if item.status in ("inbox", "queued") else item.status
    return " · ".join(part for part in [*parts, status] if part)


class ReaderScreen(Screen[None]):
    """Title and source, then the text; `d` done, `h` highlight, `c` card, `g` outline."""

    CSS_PATH = "reader.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("d", "done", "Done"),
        Binding("h", "highlight", "Highlight"),
        Binding("c", "card", "Card"),
        Binding("g", "outline", "Outline"),
        Binding("L", "later", "Later", key_display="L"),
        Binding("H", "highlights", "Highlights", key_display="H", show=False),
        Binding("right_curly_bracket", "paragraph(1)", "Next paragraph", show=False),
        Binding("left_curly_bracket", "paragraph(-1)", "Previous paragraph", show=False),
        Binding("right_parenthesis", "sentence(1)", "Next sentence", show=False),
        Binding("left_parenthesis", "sentence(-1)", "Previous sentence", show=False),
        Binding("space", "page(1)", "Page down", show=False),
        Binding("o", "open_browser", "Open in browser", show=False),
        Binding("k", "key_ideas", "Key ideas", show=False),
        Binding("ctrl+n", "question", "Question"),
        Binding("R", "related", "Related", key_display="R", show=False),
        *[Binding(str(n), f"open_link({n})", f"Open link {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, item_id: int, highlight_id: int | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self.highlight_id = highlight_id  # open at this highlight
        self.timer = reading_time.ActiveTimer()
        self.links: list[str] = []
        self.text: texts.ReadingText | None = None
        self.loaded = False  # every piece of the text is shown
        self.fetching = False
        self._place: int | None = None  # a plain-text offset to show once it has loaded
        self._placed = False
        self.wpm: float = DEFAULT_WPM
        self._painted = threading.Event()  # the first piece has been drawn

    @property
    def db(self) -> Any:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def now(self) -> Any:
        """The app's clock."""
        return self.app.now()  # type: ignore[attr-defined]

    @property
    def view(self) -> DocumentView:
        """The text (kept, so it is still there while the screen unmounts)."""
        return self._view

    def compose(self) -> ComposeResult:
        item = get_item(self.db, self.item_id)
        self.item = item
        yield Header()
        yield Static(plain(item.title), id="reader-title")
        yield Static(plain(meta_line(item)), id="reader-meta")
        self._view = DocumentView(id="reader-text")
        yield self._view
        with Vertical(id="reader-related-box", classes="-away"):  # shown at the end of the text
            yield RelatedReadings(self.item_id, id="reader-related")
        yield Static(id="reader-status", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Reader"
        self.view.focus()
        self.timer.touch(self.now())
        self.wpm = reading_time.personal_wpm(self.db) or DEFAULT_WPM
        self._choose_place()
        self.watch(self.view, "scroll_y", self._scrolled, init=False)
        self.load(self.item, texts.stored(self.db, self.item_id), self._may_fetch())
        self.show_status()

    def _may_fetch(self) -> bool:
        may = getattr(self.app, "may_fetch_texts", None)
        return bool(may()) if may is not None else False

    def _choose_place(self) -> None:
        if self.highlight_id is not None:
            try:
                found = highlights.get(self.db, self.highlight_id)
            except CurriculumError:
                found = None
            if found is not None and found.start is not None:
                self._place = found.start
                return
        saved = positions.get(self.db, self.item_id)
        self._place = saved.offset if saved is not None and saved.offset > 0 else None
        self._placed = self._place is None

    # -- loading the text, a piece at a time, off the UI thread ----------------------------
    @work(thread=True, exclusive=True, group="reader-text", exit_on_error=False)
    def load(self, item: ItemDetail, kept: texts.ReadingText | None, fetch: bool = False) -> None:
        """Choose the text, compose it and parse it piece by piece; each piece is shown.
        With `fetch`, the whole text is fetched meanwhile if it is missing."""
        worker = get_current_worker()
        text = texts.choose(item, kept)
        if fetch and texts.should_fetch(item, kept, self.now()):
            self.app.call_from_thread(self.fetch_whole_text)
        numbering = Numbering()
        self.app.call_from_thread(self._started, text, numbering.urls, worker)
        for number, piece in enumerate(reader_pieces(item, text, numbering)):
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._add, parse_blocks(piece), worker)
            if number == 0:  # let the first screen be drawn before parsing on
                self._painted.wait(0.5)
        self.app.call_from_thread(self._finished, worker)

    _loading: object = None  # the load whose pieces are shown (an older one's are dropped)

    def _started(self, text: texts.ReadingText, links: list[str], loading: object = None) -> None:
        """A (new) text begins; `links` fills up as its pieces are numbered."""
        self._loading = loading
        self.text, self.links, self.loaded = text, links, False
        self._painted.clear()
        if self.view.document.blocks:
            self.view.replace(Document())
        if text.source == "feed" and not self.item.content_md and self.item.content_html:
            items.cache_markdown(self.db, self.item_id, text.markdown)  # converted once

    def _add(self, blocks: list[Block], loading: object = None) -> None:
        if loading is not self._loading:
            return  # a piece of a load replaced meanwhile (the whole text arrived or failed)
        self.view.append(blocks)
        if not self._painted.is_set():
            self.call_after_refresh(self._painted.set)
        place = self._place
        if not self._placed and place is not None and self.view.document.length >= place:
            self._go_to(place)
        self.show_status()

    def _go_to(self, offset: int) -> None:
        self._placed = True
        if self.highlight_id is not None:
            self.view.select_offset(offset, sentence=False)
            self.view.scroll_to_offset(offset)
        else:
            self.view.scroll_to_offset(offset, center=False)

    def _finished(self, loading: object = None) -> None:
        if loading is not self._loading:
            return
        self.loaded = True
        if not self._placed and self._place is not None:
            self._go_to(min(self._place, self.view.document.length))
        self._placed = True
        self.show_highlights(check=True)
        self.show_status()

    @work(exclusive=True, group="reader-fetch", exit_on_error=False)
    async def fetch_whole_text(self) -> None:
        """Fetch the whole text in the background; show it when it comes."""
        from curriculum.feeds import fulltext
        from curriculum.feeds.endpoints import ArxivEndpoints
        from curriculum.feeds.fetch import Fetcher

        self.fetching = True
        self.show_status()
        try:
            endpoints = ArxivEndpoints.from_env()
            policy = endpoints.polite(getattr(self.app, "fetch_policy", None))
            async with Fetcher(policy) as fetcher:
                result = await fulltext.fetch_text(fetcher, self.item, endpoints)
            shown = fulltext.keep(self.db, result, self.now(), self.wpm)
        except CurriculumError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        finally:
            self.fetching = False
        self._arrived(shown)

    def _arrived(self, shown: texts.ReadingText) -> None:
        if shown.whole:
            self.notify(f"The whole text is here ({shown.words:,} words).", markup=False)
        self.item = get_item(self.db, self.item_id)
        self.query_one("#reader-meta", Static).update(plain(meta_line(self.item)))
        self._place, self._placed = None, True
        self.load(self.item, texts.stored(self.db, self.item_id))

    # -- status, highlights ----------------------------------------------------------------
    def show_status(self) -> None:
        """Section · % read · minutes left · highlights (and what is still loading)."""
        if not self.is_mounted or not self._view.is_mounted:
            return
        view = self.view
        parts = []
        section = view.section()
        if section:
            parts.append(section if len(section) <= 40 else section[:39] + "…")
        fraction = view.fraction_read()
        words_left = round(view.layout_.words * (1 - fraction))
        parts.append(f"{fraction:.0%} read · {max(round(words_left / self.wpm), 0)} min left")
        count = len(view.highlights)
        if count:
            parts.append(f"{count} highlight{'s' if count != 1 else ''}")
        if not self.loaded:
            parts.append("loading…")
        if self.fetching:
            parts.append("fetching the whole text…")
        self.query_one("#reader-status", Static).update(" · ".join(parts))

    def show_highlights(self, check: bool = False) -> None:
        """Mark the reading's highlights (after the whole text is in, find moved ones)."""
        found = highlights.of_item(self.db, self.item_id)
        if check and found:
            document = self.view.document
            places = {h.id: highlights.anchored(document, h) for h in found}
            if any(places[h.id] != (h.start, h.end) for h in found):
                found = highlights.reanchor(self.db, self.item_id, document)
        self.view.set_highlights(
            [(h.start, h.end, h.id) for h in found if h.start is not None and h.end is not None]
        )
        self.show_status()

    def _highlight_here(self) -> int | None:
        selection = self.view.selection()
        if selection is None:
            return None
        start, end = selection
        for low, high, highlight_id in self.view.highlights:
            if low < end and start < high:
                return highlight_id
        return None

    # -- activity and time -------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        self.timer.touch(self.now())

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.timer.touch(self.now())

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.timer.touch(self.now())

    def on_screen_suspend(self) -> None:
        self.save_time()
        self.save_place()

    def on_screen_resume(self) -> None:
        self.timer.last = self.now()
        if self.loaded:
            self.show_highlights()

    def on_unmount(self) -> None:
        self.save_time()
        self.save_place()

    def save_time(self) -> None:
        """Log the active reading time since the last save as a session."""
        now = self.now()
        seconds = self.timer.take(now)
        if seconds <= 0:
            return
        day = daily.current_day(self.db, now).isoformat()

        def record() -> None:
            with transaction(self.db):
                reading_time.record_session(self.db, self.item_id, seconds, now, day)

        guard.write_when_free(self.app, self.db, record)

    def save_place(self) -> None:
        """Remember where the reader is (once the saved place was reached)."""
        if self._placed and self.view.document.blocks:
            place = (self.item_id, self.view.top_offset(), self.view.fraction_read(), self.now())
            guard.write_when_free(self.app, self.db, lambda: positions.save(self.db, *place))

    def on_document_view_cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.show_status()

    # -- actions -----------------------------------------------------------------------------
    def action_paragraph(self, step: int) -> None:
        """Move the cursor to the next or previous paragraph."""
        self.view.move_paragraph(step)

    def action_sentence(self, step: int) -> None:
        """Move the cursor to the next or previous sentence."""
        self.view.move_sentence(step)

    def action_page(self, step: int) -> None:
        """Scroll a screen down."""
        self.view.action_page_down()

    def action_highlight(self) -> None:
        """Highlight the selected sentence or paragraph (again: remove that highlight)."""
        selection = self.view.selection()
        if selection is None:
            self.notify(
                "Select a paragraph with } or {, or a sentence with ) or (, then press h.",
                timeout=4,
            )
            return
        existing = [h for h in self.view.highlights if (h[0], h[1]) == selection]
        try:
            if existing:
                highlights.remove(self.db, existing[0][2])
                self.notify("Highlight removed.", timeout=2)
            else:
                made = highlights.add(
                    self.db, self.item_id, self.view.document, *selection, self.now()
                )
                self.notify(
                    f"Highlighted “{_short(made.quote)}” — c writes a card from it.", markup=False
                )
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.show_highlights()

    def action_card(self) -> None:
        """Write a card from the highlight under the cursor (highlighting the selection first)."""
        highlight_id = self._highlight_here()
        if highlight_id is None:
            selection = self.view.selection()
            if selection is None:
                self.notify("Select a sentence or paragraph (or a highlight) first, then press c.")
                return
            try:
                highlight_id = highlights.add(
                    self.db, self.item_id, self.view.document, *selection, self.now()
                ).id
            except CurriculumError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.show_highlights()
        self.save_time()
        _key_ideas(self.app, self.item_id, highlight_id)

    def action_outline(self) -> None:
        """Jump to a section."""
        from tui.dialogs.reading_lists import OutlineScreen

        headings = self.view.document.outline()
        if not headings:
            self.notify("This reading has no sections.", timeout=2)
            return
        top = self.view.top_block()
        current = max((n for n, (index, _, _) in enumerate(headings) if index <= top), default=0)

        def jump(index: int | None) -> None:
            if index is not None:
                self.view.scroll_to_offset(self.view.document.blocks[index].start, center=False)

        self.app.push_screen(OutlineScreen(headings, current), jump)

    def action_highlights(self) -> None:
        """List this reading's highlights."""
        from tui.dialogs.reading_lists import HighlightsScreen

        found = highlights.of_item(self.db, self.item_id)
        if not found:
            self.notify("No highlights in this reading yet: select text, then press h.")
            return
        self.app.push_screen(HighlightsScreen(found), self._listed)

    def _listed(self, choice: tuple[str, int] | None) -> None:
        if choice is None:
            return
        what, highlight_id = choice
        if what == "remove":
            highlights.remove(self.db, highlight_id)
            self.show_highlights()
            self.notify("Highlight removed; cards written from it stay.", timeout=3)
        elif what == "card":
            _key_ideas(self.app, self.item_id, highlight_id)
        else:
            found = highlights.get(self.db, highlight_id)
            if found.start is not None:
                self.view.select_offset(found.start, sentence=False)
                self.view.scroll_to_offset(found.start)

    def action_later(self) -> None:
        """Stop for now: keep the place, bring the rest back on the next study day."""
        self.save_time()
        try:
            result = actions.later(
                self.db, self.item_id, self.now(), self.view.top_offset(), self.view.fraction_read()
            )
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._placed = False  # the place is saved by `later`; leaving must not move it
        self.notify(result.message, markup=False)
        self.app.pop_screen()

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
        from tui.dialogs.question_jot import jot_question

        jot_question(self.app, item_id=self.item_id, highlight_id=self._highlight_here())

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

    def _scrolled(self, _old: float, new: float) -> None:
        """Keep the status line current; once the reader scrolls to the end of the text,
        "related in your library" appears below it (and stays: it shortens the view)."""
        self.show_status()
        if self.loaded and 0 < self.view.max_scroll_y <= new:
            self.query_one("#reader-related-box").remove_class("-away")

    def action_related(self) -> None:
        """Show or hide "related in your library" (its list takes the keys while shown)."""
        box = self.query_one("#reader-related-box")
        box.toggle_class("-away")
        if box.has_class("-away"):
            self.view.focus()
        else:
            self.query_one("#related-list").focus()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _key_ideas(app: App[Any], item_id: int, highlight_id: int | None = None) -> None:
    from tui.screens.key_ideas import open_key_ideas  # a TextArea: loaded when needed

    open_key_ideas(app, item_id, highlight_id)
