"""What happened by the plan's date: done, partly or not, and the time it took."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from curriculum.errors import CurriculumError
from curriculum.progress.plans_text import when
from curriculum.queue import daily, plans
from tui.dialogs.mentor import MentorDialog
from tui.text_fields import TextInput


class PlanCloseDialog(MentorDialog[str | None]):
    """`d` done, `p` partly, `n` not done; `escape` asks again tomorrow (when it was asked)."""

    HELP_ID = "close-help"
    BUTTON_ACTION = "close"
    BINDINGS = [
        Binding("d", "close('done')", "Done"),
        Binding("p", "close('partly')", "Partly"),
        Binding("n", "close('not')", "Not done"),
        Binding("escape", "later", "Later"),
    ]

    def __init__(self, plan_id: int, asked: bool = False) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.asked = asked  # Curriculum asked (its date came), rather than the reader

    def compose(self) -> ComposeResult:
        db, now = self.db, self.now()
        plan = plans.get_plan(db, self.plan_id)
        today = daily.current_day(db, now)
        logged = plans.time_since_made(db, plan, now)
        estimate = f"your estimate was {plan.estimate} min · " if plan.estimate else ""
        with Vertical(classes="mentor-dialog"):
            yield Static(f"What happened by {when(plan.by_day, today)}?", classes="mentor-title",
                         markup=False)  # fmt: skip
            yield Static(plan.text, classes="mentor-context", markup=False)
            since = f"{logged} logged since" if logged else "nothing logged since"
            yield Label(f"Time it took, in minutes ({estimate}{since})")
            yield TextInput(str(logged or ""), id="close-actual", restrict=r"\d*", max_length=6)
            with Horizontal(classes="mentor-buttons"):
                yield Button("d Done", id="close-done", variant="success")
                yield Button("p Partly", id="close-partly")
                yield Button("n Not done", id="close-not", variant="error")
            later = "escape: ask me tomorrow" if self.asked else "escape cancels"
            yield Static(f"Done means done by the date · {later}", id="close-help",
                         classes="mentor-help", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#close-done", Button).focus()

    def action_close(self, outcome: str) -> None:
        """Record the outcome and the time it took."""
        actual = self.query_one("#close-actual", Input).value.strip()
        try:
            plans.close_plan(
                self.db, self.plan_id, outcome, int(actual) if actual else None, self.now()
            )
        except CurriculumError as error:
            self.say(str(error), error=True)
            return
        self.dismiss(outcome)

    def action_later(self) -> None:
        """Not now: when Curriculum asked, it asks again on the next study day."""
        if self.asked:
            plans.put_off(self.db, self.plan_id, self.now())
        self.dismiss(None)
