"""Plans and days off: `plan add|close`, `plans`, `day-off`, `days-off`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from curriculum.cli.context import Context
from curriculum.cli.output import emit_json, say, table
from curriculum.errors import ConfigError

ANSWERS = {"yes": True, "y": True, "no": False, "n": False}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    plan = sub.add_parser("plan", parents=[common], help="make a plan, or say what happened")
    actions = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "add",
        parents=[common],
        help="a goal with a date and your estimate; Curriculum forecasts it from your pace",
        description="Shows Curriculum's forecast beside your estimate, then asks whether you "
        "would be surprised if it is not done by then (or takes --surprised).",
    )
    p.add_argument("text", metavar="TEXT", help="the goal, e.g. 'finish week 3 of the track'")
    p.add_argument("--by", required=True, metavar="DATE",
                   help="YYYY-MM-DD, today, tomorrow, a weekday (sat), 3d, 2w")  # fmt: skip
    p.add_argument("--estimate", type=int, metavar="MINUTES", help="your estimate of the time")
    p.add_argument("--surprised", choices=["yes", "no"], help="answer the question up front")
    p.set_defaults(func=plan_add)
    p = actions.add_parser("close", parents=[common], help="what happened by the plan's date")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--outcome", required=True, choices=["done", "partly", "not"])
    p.add_argument("--actual", type=int, metavar="MINUTES", help="the time it took (default: "
                   "the time logged in Curriculum since the plan was made)")  # fmt: skip
    p.set_defaults(func=plan_close)

    p = sub.add_parser("plans", parents=[common], help="plans and your calibration record")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=list_plans)

    p = sub.add_parser(
        "day-off", parents=[common], help="plan a day off: it breaks no streak or weekly goal"
    )
    p.add_argument("day", metavar="DATE", help="YYYY-MM-DD, today, tomorrow, a weekday, 3d")
    p.add_argument("--cancel", action="store_true", help="take the day off back")
    p.set_defaults(func=day_off)
    p = sub.add_parser("days-off", parents=[common], help="planned days off from today on")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=list_days_off)


def _ask_surprise(question: str) -> bool | None:
    """Ask at a terminal; None when there is no one to ask or no clear answer."""
    if not sys.stdin.isatty():
        say(f"{question} (not asked: no terminal; pass --surprised yes|no)")
        return None
    for _ in range(3):
        try:
            answer = input(f"{question} [y/n] ").strip().lower()
        except EOFError:
            return None
        if answer in ANSWERS:
            return ANSWERS[answer]
    return None


def plan_add(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum plan add TEXT --by DATE [--estimate MINUTES] [--surprised yes|no]`."""
    from curriculum.progress import plans_text
    from curriculum.queue import daily, plans

    today = daily.current_day(ctx.db, ctx.now)
    proposal = plans.propose(ctx.db, args.text, plans.parse_by(args.by, today), args.estimate,
                             ctx.now)  # fmt: skip
    for line in plans_text.proposal_lines(proposal):
        say(line)
    question = plans_text.surprise_question(proposal.by_day, today)
    surprised = ANSWERS[args.surprised] if args.surprised else _ask_surprise(question)
    plan = plans.add_plan(ctx.db, proposal, surprised, ctx.now)
    answer = {True: "surprised", False: "not surprised", None: "unanswered"}[surprised]
    say(f"Plan {plan.id} made ({answer}); on {plan.by_day.isoformat()} Curriculum asks what "
        "happened.")  # fmt: skip
    return 0


def plan_close(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum plan close ID --outcome done|partly|not [--actual MINUTES]`."""
    from curriculum.progress.plans_text import duration
    from curriculum.queue import plans

    plan = plans.close_plan(ctx.db, args.id, args.outcome, args.actual, ctx.now)
    if plan.actual is None:
        took = "time taken unknown (nothing logged since it was made; --actual gives it)"
    else:
        source = (
            "" if args.actual is not None else " (logged since it was made; --actual corrects it)"
        )
        took = f"took {duration(plan.actual)}{source}"
    say(f"Plan {plan.id}: {args.outcome}, {took}.")
    return 0


def list_plans(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum plans [--json]`."""
    from curriculum.progress.plans_text import calibration_lines, duration, plan_status
    from curriculum.queue import daily, plans

    found = plans.all_plans(ctx.db)
    record = plans.calibration_of(ctx.db).as_json()
    if args.json:
        emit_json({"plans": [p.as_json() for p in found], "calibration": record})
        return 0
    today = daily.current_day(ctx.db, ctx.now)
    if found:
        surprised = {True: "yes", False: "no", None: "?"}
        table(
            ["ID", "BY", "ESTIMATE", "FORECAST", "SURPRISED", "STATUS", "PLAN"],
            [[p.id, p.by_day.isoformat(), duration(p.estimate) if p.estimate else "—",
              p.forecast_day.isoformat() if p.forecast_day else "—", surprised[p.surprised],
              plan_status(p, today), p.text] for p in found],
        )  # fmt: skip
    else:
        say("No plans yet: `curriculum plan add TEXT --by DATE --estimate MINUTES`.")
    for line in calibration_lines(record):
        say(line)
    return 0


def day_off(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum day-off DATE [--cancel]`."""
    from curriculum.queue import daily, weekly_goal
    from curriculum.queue.plans import parse_by

    today = daily.current_day(ctx.db, ctx.now)
    day = parse_by(args.day, today)
    if args.cancel:
        weekly_goal.cancel_day_off(ctx.db, day)
        say(f"{day.isoformat()} is a study day again.")
    elif weekly_goal.add_day_off(ctx.db, day, today, ctx.now):
        say(f"{day.isoformat()} is a planned day off: it breaks no streak and lowers that "
            "week's goal by a day.")  # fmt: skip
    else:
        raise ConfigError(f"{day.isoformat()} is already a planned day off.")
    return 0


def list_days_off(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum days-off [--json]`."""
    from curriculum.queue import daily, weekly_goal

    days = weekly_goal.upcoming_days_off(ctx.db, daily.current_day(ctx.db, ctx.now))
    if args.json:
        emit_json([d.isoformat() for d in days])
    elif days:
        for d in days:
            say(d.strftime("%Y-%m-%d %A"))
    else:
        say("No days off planned: `curriculum day-off DATE` plans one.")
    return 0
