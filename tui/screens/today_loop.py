"""What Today shows of the mentor loop: the weekly goal, advice that is back, plans whose date
has come, open questions; and asking what happened to a plan once its date has come."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from curriculum.progress.mentor_today import Extras
from curriculum.progress.plans_text import week_text
from curriculum.queue import daily, plans
from tui.safe import plain


def loop_content(extras: Extras) -> Content:
    """Lines for Today: the weekly goal first, then what asks for attention."""
    lines = [Content.styled(f"weekly goal: {week_text(extras.week.as_json())}", "dim")]
    for track, finish in list(extras.stretched.items())[:1]:
        if finish is not None and extras.overrun is not None:
            lines.append(
                Content.styled(
                    f"your plans take {extras.overrun:.1f}× their estimate: {track} at that "
                    f"overrun, {finish:%-d %b}",
                    "dim",
                )
            )
    for item in extras.advice[:2]:
        lines.append(
            Content.assemble(
                Content.styled("advice back: ", "$warning"),
                plain(item.text, 120),
                Content.styled("  (b: follow it up in the Brief)", "dim"),
            )
        )
    if len(extras.advice) > 2:
        lines.append(Content.styled(f"… and {len(extras.advice) - 2} more pieces of advice", "dim"))
    for plan in extras.plans[:1]:
        lines.append(
            Content.assemble(
                Content.styled("plan due: ", "$warning"),
                plain(plan.text, 120),
                Content.styled("  (p: what happened?)", "dim"),
            )
        )
    return Content("\n").join(lines)


def ask_due_plans(screen: Any) -> None:
    """Ask what happened to the first plan whose date has come and that was not put off
    today (escape: ask tomorrow)."""
    app = screen.app
    asking = plans.to_ask(app.db, daily.current_day(app.db, app.now()))
    if not asking:
        return
    from tui.dialogs.plan_close import PlanCloseDialog

    app.push_screen(PlanCloseDialog(asking[0].id, asked=True), lambda _: screen.reload())
