"""What happened by the plan's date: done, partly or not, and the time it took."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from curriculum.errors import CurriculumError
from curriculum.progress.plans_text import when
from curriculum.queue import daily, plans
from tui.text_fields import TextInput


class PlanCloseDialog(ModalScreen[str | None]):
    """`d` done, `p` partly, `n` not done; `escape` asks again tomorrow (when it was asked)."""

    CSS_PATH = "mentor.tcss"
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
        app = self.app
        db, now = app.db, app.now()  # type: ignore[attr-defined]
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

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id:
            self.action_close(event.button.id.removeprefix("close-"))

    def action_close(self, outcome: str) -> None:
        """Record the outcome and the time it took."""
        actual = self.query_one("#close-actual", Input).value.strip()
        app = self.app
        try:
            plans.close_plan(app.db, self.plan_id, outcome, int(actual) if actual else None,  # type: ignore[attr-defined]
                             app.now())  # type: ignore[attr-defined]  # fmt: skip
        except CurriculumError as error:
            help_line = self.query_one("#close-help", Static)
            help_line.update(str(error))
            help_line.add_class("-error")
            return
        self.dismiss(outcome)

    def action_later(self) -> None:
        """Not now: when Curriculum asked, it asks again on the next study day."""
        if self.asked:
            app = self.app
            plans.put_off(app.db, self.plan_id, app.now())  # type: ignore[attr-defined]
        self.dismiss(None)
