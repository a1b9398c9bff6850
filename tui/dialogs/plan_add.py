"""Make a plan: the goal, its date and your estimate; then Curriculum's forecast beside it
and the scholar's question — would you be surprised if it is not done by then?"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from curriculum.errors import CurriculumError
from curriculum.progress import plans_text
from curriculum.queue import daily, plans
from curriculum.queue.plans import Proposal
from tui.dialogs.mentor import MentorDialog
from tui.text_fields import TextInput


class PlanAddDialog(MentorDialog[int | None]):
    """Enter shows the forecast and the question; `y` / `n` answers and makes the plan."""

    HELP_ID = "plan-help"
    BINDINGS = [
        Binding("y", "answer(True)", "Surprised", show=False),
        Binding("n", "answer(False)", "Not surprised", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    proposal: Proposal | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="mentor-dialog"):
            yield Static("A plan: a goal, a date and your estimate", classes="mentor-title",
                         markup=False)  # fmt: skip
            with Horizontal(classes="mentor-row"):
                yield Label("Goal", classes="mentor-label")
                yield TextInput(placeholder="Finish week 3 of the track", id="plan-text",
                            max_length=500)  # fmt: skip
            with Horizontal(classes="mentor-row"):
                yield Label("By", classes="mentor-label")
                yield TextInput("sun", placeholder="YYYY-MM-DD, today, sat, 3d, 2w", id="plan-by",
                            select_on_focus=True)  # fmt: skip
            with Horizontal(classes="mentor-row"):
                yield Label("Estimate", classes="mentor-label")
                yield TextInput(placeholder="minutes (blank: none)", id="plan-estimate",
                            restrict=r"\d*", max_length=6)  # fmt: skip
            yield Static(id="plan-forecast", classes="mentor-forecast", markup=False)
            with Horizontal(classes="mentor-buttons", id="plan-answers"):
                yield Button("y Yes, I'd be surprised", id="plan-yes", variant="primary")
                yield Button("n No, not surprised", id="plan-no")
            yield Static("enter shows Curriculum's forecast · escape cancels", id="plan-help",
                         classes="mentor-help", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#plan-answers").display = False
        self.query_one("#plan-forecast").display = False
        self.query_one("#plan-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        db, now = self.db, self.now()
        text = self.query_one("#plan-text", Input).value
        estimate = self.query_one("#plan-estimate", Input).value.strip()
        try:
            by_day = plans.parse_by(
                self.query_one("#plan-by", Input).value, daily.current_day(db, now)
            )
            self.proposal = plans.propose(
                db, text, by_day, int(estimate) if estimate else None, now
            )
        except CurriculumError as error:
            self.say(str(error), error=True)
            return
        self._ask(self.proposal)

    def _ask(self, proposal: Proposal) -> None:
        """Show the forecast and the question; the fields stay as typed."""
        lines = plans_text.proposal_lines(proposal)[1:]
        lines.append(plans_text.surprise_question(proposal.by_day, proposal.today))
        forecast = self.query_one("#plan-forecast", Static)
        forecast.update("\n".join(lines))
        forecast.display = True
        for field in self.query(Input):
            field.disabled = True
        self.query_one("#plan-answers").display = True
        self.query_one("#plan-yes", Button).focus()
        self.say("y or n makes the plan · escape cancels")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "plan-yes")

    def action_answer(self, surprised: bool) -> None:
        """Make the plan with the answer to the question."""
        if self.proposal is None:
            return
        plan = plans.add_plan(self.db, self.proposal, surprised, self.now())
        self.dismiss(plan.id)

    def action_cancel(self) -> None:
        """Close without making a plan."""
        self.dismiss(None)
