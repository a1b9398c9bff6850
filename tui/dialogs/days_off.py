"""Planned days off: add one (today or later), or take one back with delete."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from curriculum.errors import CurriculumError
from curriculum.queue import plans, weekly_goal
from tui.dialogs.mentor import MentorDialog
from tui.text_fields import TextInput


class DaysOffDialog(MentorDialog[None]):
    """Enter plans the typed day off; `delete` on a listed day takes it back."""

    HELP_ID = "days-off-help"
    BINDINGS = [
        Binding("delete", "cancel_day", "Take back"),
        Binding("escape", "dismiss(None)", "Close"),
    ]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="mentor-dialog"):
            yield Static("Planned days off", classes="mentor-title", markup=False)
            yield Static(
                "A day off breaks no streak and lowers that week's goal by a day.",
                classes="mentor-context",
                markup=False,
            )
            yield TextInput(placeholder="YYYY-MM-DD, today, tomorrow, sat, 3d", id="days-off-input")
            yield OptionList(id="days-off-list")
            yield Static("enter adds · delete takes the highlighted day back · escape closes",
                         id="days-off-help", classes="mentor-help", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#days-off-input", Input).focus()

    def _fill(self) -> None:
        listed = self.query_one("#days-off-list", OptionList)
        listed.clear_options()
        days = weekly_goal.upcoming_days_off(self.db, self.today)
        for day in days:
            listed.add_option(Option(day.strftime("%a %-d %b %Y"), id=day.isoformat()))
        if not days:
            listed.add_option(Option("No days off planned.", id="none", disabled=True))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            day = plans.parse_by(event.value, self.today)
            added = weekly_goal.add_day_off(self.db, day, self.today, self.now())
        except CurriculumError as error:
            self.say(str(error), error=True)
            return
        event.input.value = ""
        self.say(f"{day:%a %-d %b} is {'now' if added else 'already'} a day off.")
        self._fill()

    def action_cancel_day(self) -> None:
        """Take back the highlighted day off."""
        listed = self.query_one("#days-off-list", OptionList)
        if listed.highlighted is None:
            return
        option_id = listed.get_option_at_index(listed.highlighted).id
        if not option_id or option_id == "none":
            return
        weekly_goal.cancel_day_off(self.db, date.fromisoformat(option_id))
        self.say(f"{date.fromisoformat(option_id):%a %-d %b} is a study day again.")
        self._fill()
