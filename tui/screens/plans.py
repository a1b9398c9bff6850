"""Plans: goals with a date and your estimate, Curriculum's forecast, what happened, and the
calibration record; the weekly goal and planned days off."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from curriculum.progress import plans_text
from curriculum.progress.plans_text import duration, plan_status, when
from curriculum.queue import daily, plans, streaks, weekly_goal
from curriculum.queue.plans import Plan
from tui.returning import ReloadsOnReturn
from tui.safe import plain
from tui.widgets.footer import KeysFooter

OUTCOME_STYLES = {"done": "$success", "partly": "$warning", "not": "$error"}


def plan_line(plan: Plan, today: date) -> Content:
    """A plan: its status, goal, estimate, forecast and what it took."""
    status = plan_status(plan, today)
    style = OUTCOME_STYLES.get(plan.outcome or "", "$accent bold" if plan.due(today) else "dim")
    parts = [f"estimate {duration(plan.estimate)}" if plan.estimate else "no estimate"]
    if plan.forecast_day and plan.outcome is None:
        parts.append(f"Curriculum's forecast {when(plan.forecast_day, today)}")
    if plan.actual is not None:
        parts.append(f"took {duration(plan.actual)}")
    surprised = {True: "would be surprised to miss it", False: "not surprised to miss it"}
    if plan.surprised is not None:
        parts.append(surprised[plan.surprised])
    return Content.assemble(
        Content.styled(f"{status:<16}", style),
        plain(plan.text, 300),
        Content.styled(f"\n{'':16}{' · '.join(parts)}", "dim"),
    )


class PlansScreen(ReloadsOnReturn, Screen[None]):
    """`a` makes a plan (with Curriculum's forecast), `enter` says what happened."""

    CSS_PATH = "mentor.tcss"
    BINDINGS = [
        Binding("a", "add", "New plan"),
        Binding("enter", "close", "What happened"),
        Binding("o", "days_off", "Days off"),
        Binding("escape", "app.go('today')", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="plans-summary")
        yield OptionList(id="plans-list")
        yield KeysFooter()

    @property
    def db(self) -> Any:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.title = "Plans"
        self.reload()
        self.query_one("#plans-list", OptionList).focus()

    def today(self) -> date:
        """The study day."""
        return daily.current_day(self.db, self.app.now())  # type: ignore[attr-defined]

    def reload(self) -> None:
        """Show the plans, the calibration record and the weekly goal."""
        today = self.today()
        record = plans.calibration_of(self.db)
        met = streaks.met_days(self.db, daily.targets(self.db))
        goal = weekly_goal.goal_of(self.db, met, today)
        off = weekly_goal.upcoming_days_off(self.db, today)
        lines = [*plans_text.calibration_lines(record.as_json())]
        lines.append(f"Weekly goal: {plans_text.week_text(goal.as_json())}")
        if off:
            lines.append("Days off: " + ", ".join(when(d, today) for d in off[:5]))
        self.query_one("#plans-summary", Static).update(Content("\n".join(lines)))
        listing = self.query_one("#plans-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        found = plans.all_plans(self.db)
        for plan in found:
            listing.add_option(Option(plan_line(plan, today), id=str(plan.id)))
        if not found:
            listing.add_option(
                Option(
                    "No plans yet: a makes one — a goal, a date and your estimate.", disabled=True
                )
            )
            return
        listing.highlighted = min(highlighted or 0, len(found) - 1)

    def selected(self) -> Plan | None:
        """The plan under the cursor."""
        listing = self.query_one("#plans-list", OptionList)
        if listing.highlighted is None:
            return None
        option_id = listing.get_option_at_index(listing.highlighted).id
        return plans.get_plan(self.db, int(option_id)) if option_id else None

    def action_add(self) -> None:
        """Make a plan: Curriculum's forecast and the surprise question come next."""
        from tui.dialogs.plan_add import PlanAddDialog

        def made(plan_id: int | None) -> None:
            if plan_id is not None:
                self.notify(f"Plan {plan_id} made; on its date Curriculum asks what happened.")
            self.reload()

        self.app.push_screen(PlanAddDialog(), made)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_close()

    def action_close(self) -> None:
        """Say what happened by the plan's date."""
        plan = self.selected()
        if plan is None:
            return
        if plan.outcome is not None:
            self.notify(f"This plan is closed ({plan_status(plan, self.today())}).", timeout=2)
            return
        from tui.dialogs.plan_close import PlanCloseDialog

        self.app.push_screen(PlanCloseDialog(plan.id), lambda _: self.reload())

    def action_days_off(self) -> None:
        """Plan days off, or take them back."""
        from tui.dialogs.days_off import DaysOffDialog

        self.app.push_screen(DaysOffDialog(self.today()), lambda _: self.reload())
