"""A piece of advice came back: done, not yet (it comes back later), or drop it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from curriculum.errors import CurriculumError
from curriculum.progress import advice
from tui.dialogs.mentor import MentorDialog


class AdviceFollowUpDialog(MentorDialog[str | None]):
    """`d` done, `l` later, `x` drop, `escape` leaves it as it is. Returns the answer."""

    BUTTON_ACTION = "answer"
    BINDINGS = [
        Binding("d", "answer('done')", "Done"),
        Binding("l", "answer('later')", "Not yet"),
        Binding("x", "answer('drop')", "Drop"),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, advice_id: int) -> None:
        super().__init__()
        self.advice_id = advice_id

    def compose(self) -> ComposeResult:
        item = advice.get_advice(self.db, self.advice_id)
        meeting = f"from the meeting of {item.meeting_day}" if item.meeting_day else "advice"
        put_off = f" · put off {item.follow_ups}×" if item.follow_ups else ""
        with Vertical(classes="mentor-dialog"):
            yield Static(item.text, classes="mentor-title", markup=False)
            yield Static(f"{meeting}{put_off} · did you act on it?", classes="mentor-context",
                         markup=False)  # fmt: skip
            with Horizontal(classes="mentor-buttons"):
                yield Button("d Done", id="follow-done", variant="success")
                yield Button("l Not yet", id="follow-later")
                yield Button("x Drop", id="follow-drop", variant="error")

    def action_answer(self, answer: str) -> None:
        """Record the answer; `later` brings it back after twice as long."""
        try:
            result = advice.follow_up(self.db, self.advice_id, answer, self.now())
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if result.status == "open":
            self.notify(f"It comes back on {result.due:%a %-d %b}.", timeout=3)
        self.dismiss(answer)
