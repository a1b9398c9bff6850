"""A screen whose feature has not landed yet: says so in one line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class PlaceholderScreen(Screen[None]):
    """Names the screen and what will fill it, honestly."""

    def __init__(self, title: str, message: str, name: str | None = None) -> None:
        super().__init__(name=name)
        self.title = title
        self.message = message

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.message, classes="placeholder", markup=False)
        yield Footer()
