"""Snooze dialog: until when? A date, 'tomorrow', or a count of days or weeks."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from curriculum.errors import CurriculumError
from curriculum.queue import actions
from tui.dialogs.base import Dialog
from tui.text_fields import TextInput


class SnoozeScreen(Dialog[date | None]):
    """Returns the chosen study day, or None when cancelled."""

    CSS_PATH = "snooze.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="snooze-box"):
            yield Static("Snooze until", id="snooze-title", markup=False)
            yield TextInput(value="tomorrow", id="snooze-input", select_on_focus=True)
            yield Static(
                "YYYY-MM-DD, tomorrow, 3d or 2w · enter snoozes · escape cancels",
                id="snooze-help",
                markup=False,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            until = actions.parse_until(event.value, self.today)
        except CurriculumError as error:
            self.query_one("#snooze-help", Static).update(str(error))
            return
        if until <= self.today:
            self.query_one("#snooze-help", Static).update("Choose a day after today.")
            return
        self.dismiss(until)

    def action_cancel(self) -> None:
        """Close without snoozing."""
        self.dismiss(None)
