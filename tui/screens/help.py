"""Help: every key of the app, grouped by where it works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.dialogs.base import Dialog
from tui.keymap import KEYMAP, label


class HelpScreen(Dialog[None]):
    """A table of every key; escape or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Keys — escape closes", id="help-title", markup=False)
        table: DataTable[str] = DataTable(id="help-table", cursor_type="row")
        table.add_columns("Where", "Key", "Action")
        for where, key, action in KEYMAP:
            table.add_row(where, label(key), action)
        yield table
