"""After the meeting: the day it was held and the advice given, one piece per line."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from curriculum.errors import CurriculumError
from curriculum.progress import after_meeting
from tui.text_fields import TextEditor, TextInput


class MeetingDialog(ModalScreen[bool]):
    """`ctrl+s` records the meeting (the brief is kept as it stands); `escape` cancels."""

    CSS_PATH = "mentor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Record the meeting", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

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

    def action_save(self) -> None:
        """Record the meeting and its advice."""
        lines = self.query_one("#meeting-advice", TextArea).text.splitlines()
        app = self.app
        advice = [line for line in lines if line.strip()]
        try:
            after_meeting.record_meeting(app.db, app.now(), advice, self._day())  # type: ignore[attr-defined]
        except CurriculumError as error:
            help_line = self.query_one("#meeting-help", Static)
            help_line.update(str(error))
            help_line.add_class("-error")
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without recording."""
        self.dismiss(False)
