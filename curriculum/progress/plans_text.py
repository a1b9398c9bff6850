"""Plans, calibration, the weekly goal and reading speed in words, for the CLI and the app."""

from __future__ import annotations

from datetime import date
from typing import Any

from curriculum.queue.plans import Plan, Proposal
from curriculum.queue.reading_speed import KIND_NAMES


def duration(minutes: int) -> str:
    """`45 min`, `2 h`, `3 h 10 min`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def when(day: date, today: date) -> str:
    """`today`, `tomorrow`, `Sat 28 Nov`, or with the year when it is not this year's."""
    if day == today:
        return "today"
    if (day - today).days == 1:
        return "tomorrow"
    return day.strftime("%a %-d %b" if day.year == today.year else "%a %-d %b %Y")


def factor(value: float) -> str:
    """`1.4×`."""
    return f"{value:.1f}×"


def overrun_text(overrun: float | None, ratio_plans: int) -> str:
    """The reader's own overrun, in words."""
    if overrun is None:
        return "your own overrun is not known yet (it needs two plans done with times)"
    return f"your plans have taken {factor(overrun)} their estimate (median of {ratio_plans})"


def proposal_lines(p: Proposal) -> list[str]:
    """What Curriculum says when a plan is made: the estimate, the overrun, the forecast."""
    lines = [f"Plan: {p.text} — by {when(p.by_day, p.today)} ({p.by_day.isoformat()})."]
    if p.estimate is None:
        lines.append("No estimate given: with --estimate MINUTES Curriculum forecasts it.")
        return lines
    estimate = f"Your estimate: {duration(p.estimate)}"
    if p.overrun is not None and p.expected is not None:
        estimate += (
            f"; {overrun_text(p.overrun, p.ratio_plans)}, so expect about {duration(p.expected)}"
        )
    lines.append(estimate + ".")
    if p.forecast_day is None:
        lines.append("Curriculum's forecast: no pace yet (nothing read in the last 14 days).")
        return lines
    verdict = (
        f"{(p.forecast_day - p.by_day).days} days after your date"
        if p.late
        else "in time for your date"
    )
    lines.append(
        f"Curriculum's forecast at your pace ({round(p.pace)} min a day lately): "
        f"done {when(p.forecast_day, p.today)} ({p.forecast_day.isoformat()}), {verdict}."
    )
    return lines


def surprise_question(by_day: date, today: date) -> str:
    """The scholar's question."""
    return f"Would you be surprised if it is not done by {when(by_day, today)}?"


def plan_status(plan: Plan, today: date) -> str:
    """`open, by Sat 28 Nov`, `due: what happened?`, `done`, `partly`, `not done`."""
    if plan.outcome == "not":
        return "not done"
    if plan.outcome is not None:
        return plan.outcome
    if plan.due(today):
        return "what happened?"
    return f"by {when(plan.by_day, today)}"


def calibration_lines(cal: dict[str, Any]) -> list[str]:
    """The calibration record (the `stats --json` section) in words."""
    closed = cal["plans_closed"]
    if not closed:
        return ["Plans: none closed yet (`curriculum plan add` makes one)."]
    share = round(100 * cal["met_share"])
    lines = [f"Plans: {cal['met_on_time']} of {closed} met on time ({share}%)"]
    if cal["median_ratio"] is not None:
        lines.append(
            f"  time taken: {factor(cal['median_ratio'])} the estimate "
            f"(median of {cal['ratio_plans']} done)"
        )
    for key, said in (("not_surprised", "would not be"), ("surprised", "would be")):
        group = cal[key]
        if group["plans"]:
            lines.append(
                f"  you {said} surprised by a slip: {group['slipped']} of {group['plans']} slipped"
            )
    return lines


def week_text(week: dict[str, Any]) -> str:
    """`this week 3 of 5 days · 2 weeks in a row` (days off noted)."""
    off = week["days_off"]
    off_text = f", {off} day{'s' if off != 1 else ''} off" if off else ""
    goal = f"this week {week['met_days']} of {week['goal']} days{off_text}"
    if week["reached"]:
        goal += " ✓"
    run = week["weeks_in_a_row"]
    return goal + (f" · {run} week{'s' if run != 1 else ''} in a row" if run else "")


def speed_line(speeds: list[dict[str, Any]]) -> str:
    """Reading speed per kind, with the timed reads behind each."""
    parts = [f"{KIND_NAMES[s['kind']]} {s['wpm']} wpm ({s['samples']} timed)" for s in speeds]
    return "Reading speed: " + " · ".join(parts)
