"""After the meeting: the day it was held and the advice given, one piece per line."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static, TextArea

from curriculum.errors import CurriculumError
from curriculum.progress import after_meeting
from tui.dialogs.mentor import SaveDialog
from tui.text_fields import TextEditor, TextInput


class MeetingDialog(SaveDialog):
    """`ctrl+s` records the meeting (the brief is kept as it stands); `escape` cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Record the meeting", priority=True)]
    HELP_ID = "meeting-help"

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="mentor-dialog"):
            yield Static("The meeting took place", classes="mentor-title", markup=False)
            yield Static(
                "The brief is kept as it stands and the next one starts. Each piece of advice "
                "comes back, spaced, until you act on it or drop it.",
                classes="mentor-context",
                markup=False,
            )
            yield Label("Held on (YYYY-MM-DD, or today)")
            yield TextInput("today", id="meeting-day", select_on_focus=True)
            yield Label("Advice, one piece per line")
            yield TextEditor(id="meeting-advice", soft_wrap=True)
            yield Static("ctrl+s records · escape cancels", id="meeting-help",
                         classes="mentor-help", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#meeting-advice", TextArea).focus()

    def _day(self) -> date:
        text = self.query_one("#meeting-day", Input).value.strip().lower()
        if text in ("", "today"):
            return self.today
        if text == "yesterday":
            return self.today - timedelta(days=1)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CurriculumError(
                f"'{text}' is not a date; use YYYY-MM-DD, today or yesterday."
            ) from None

    def save(self) -> None:
        """Record the meeting and its advice."""
        lines = self.query_one("#meeting-advice", TextArea).text.splitlines()
        advice = [line for line in lines if line.strip()]
        after_meeting.record_meeting(self.db, self.now(), advice, self._day())
