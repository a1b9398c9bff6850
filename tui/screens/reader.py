"""Reader: one reading's details and text, rendered as Markdown."""

from __future__ import annotations

import webbrowser

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from curriculum.library import get_item
from tui.safe import plain


class ReaderScreen(Screen[None]):
    """Title, source, authors, minutes, then the content; `o` opens the URL."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("o", "open_browser", "Open in browser"),
    ]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        item = get_item(self.app.db, self.item_id)  # type: ignore[attr-defined]
        self.item = item
        yield Header()
        with VerticalScroll(id="reader-body"):
            yield Static(plain(item.title), id="reader-title")
            meta = " · ".join(
                part
                for part in [
                    item.source,
                    ", ".join(item.authors),
                    (item.published or "")[:10],
                    f"{item.minutes} min",
                ]
                if part
            )
            yield Static(plain(meta), id="reader-meta")
            if item.url:
                yield Static(plain(item.url), id="reader-url")
            text = item.content_md or item.summary
            if text:
                yield Markdown(text, id="reader-markdown", open_links=False)
            else:
                yield Static(
                    "No text was included with this reading: press o to open it in your browser.",
                    classes="hint",
                    markup=False,
                )
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Reader"

    def action_open_browser(self) -> None:
        if self.item.url:
            webbrowser.open(self.item.url)
            self.notify("Opened in your browser.")
        else:
            self.notify("This reading has no link.", severity="warning")
