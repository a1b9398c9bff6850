"""What the mentor loop's dialogs share (a question, an answer, advice, a meeting, plans,
days off): their look (`mentor.tcss`), the app's store and clock, a help line at the foot
that turns into the error when the core refuses something, buttons that answer by their id,
and the save-or-cancel form."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from textual.binding import Binding
from textual.widgets import Button, Static

from curriculum.errors import CurriculumError
from curriculum.store import Database
from tui.dialogs.base import Dialog

Result = TypeVar("Result")


class MentorDialog(Dialog[Result]):
    """A mentor-loop dialog over the app's store.

    `HELP_ID` names the help line that `say` rewrites. With `BUTTON_ACTION` set, a button
    whose id is `<prefix>-<answer>` runs that action with the answer (`follow-done` runs
    `action_answer("done")`).
    """

    CSS_PATH = "mentor.tcss"
    HELP_ID = ""
    BUTTON_ACTION = ""

    @property
    def db(self) -> Database:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined,no-any-return]

    def now(self) -> datetime:
        """The app's clock."""
        return self.app.now()  # type: ignore[attr-defined,no-any-return]

    def say(self, message: str, error: bool = False) -> None:
        """Put `message` in the help line (in the error colour with `error`)."""
        help_line = self.query_one(f"#{self.HELP_ID}", Static)
        help_line.update(message)
        help_line.set_class(error, "-error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if self.BUTTON_ACTION and event.button.id and "-" in event.button.id:
            answer = event.button.id.partition("-")[2]
            getattr(self, f"action_{self.BUTTON_ACTION}")(answer)


class SaveDialog(MentorDialog[bool]):
    """A form: `ctrl+s` saves (`save`, whose refusal shows in the help line and keeps the
    form open), `escape` cancels. Dismisses with whether it saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def save(self) -> None:
        """Store what the form holds; raise CurriculumError to refuse it."""
        raise NotImplementedError

    def action_save(self) -> None:
        """Save, or say why not."""
        try:
            self.save()
        except CurriculumError as error:
            self.say(str(error), error=True)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)
