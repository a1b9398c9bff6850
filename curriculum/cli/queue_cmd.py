"""Queue commands: today, done, skip, snooze, undo, and items (the library)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from curriculum.cli.args import whole
from curriculum.cli.context import Context
from curriculum.cli.output import emit_json, plural, say, table
from curriculum.library import items as library

if TYPE_CHECKING:
    from curriculum.progress import mentor_today
    from curriculum.queue import daily

# The queue and actions modules are imported by the commands that use them, so commands
# such as `fetch` start without them.


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("today", parents=[common], help="today's queue and progress")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--more", action="store_true", help="pull one more reading into today")
    p.set_defaults(func=today)

    for name, help_text, func in [
        ("done", "mark a reading read (time spent in the Reader is logged)", done),
        ("skip", "skip a reading", skip),
    ]:
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("item", metavar="ITEM", help="the reading's id, arXiv id or URL")
        p.set_defaults(func=func)

    p = sub.add_parser("snooze", parents=[common], help="hide a reading until a date")
    p.add_argument("item", metavar="ITEM", help="the reading's id, arXiv id or URL")
    p.add_argument(
        "--until",
        required=True,
        metavar="DATE",
        help="YYYY-MM-DD, 'tomorrow', or a count of days or weeks such as 3d or 2w",
    )
    p.set_defaults(func=snooze)

    p = sub.add_parser(
        "undo", parents=[common], help="undo the last rating or done/skip/snooze/more"
    )
    p.set_defaults(func=undo)

    p = sub.add_parser("items", parents=[common], help="the library of readings")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--feed", metavar="F", help="only this feed (its name, id or URL)")
    p.add_argument("--status", metavar="S", help=f"only this status: {', '.join(library.STATUSES)}")
    p.add_argument("--tag", metavar="T", help="only readings with this tag (or from such feeds)")
    p.add_argument("--search", metavar="TEXT", help="full-text search of title, authors, summary")
    p.add_argument(
        "--limit", type=whole("--limit", 1, 1_000_000), metavar="N", help="at most N readings"
    )
    p.add_argument(
        "--order",
        choices=library.ORDERS,
        default="newest",
        help="newest first (default), or for-you: the learned ranking's order",
    )
    p.set_defaults(func=items)


def _print_today(data: daily.Today, extras: mentor_today.Extras) -> None:
    from curriculum.progress.plans_text import week_text
    from curriculum.queue.forecast import UNKNOWN_PACE, pace_note

    t, d = data.target, data.done
    say(
        f"Today, {data.day.isoformat()} — read {d.items}/{t.items} readings, "
        f"{d.minutes}/{t.minutes} min · streak {data.streak.current} (best {data.streak.best})"
        f" · {plural(data.cards_due, 'card')} due"
    )
    say(f"Weekly goal: {week_text(extras.week.as_json())}")
    for a in extras.advice:
        say(f"Advice back today ({a.id}): {a.text} — `curriculum advice done|later|drop {a.id}`")
    for p in extras.plans:
        say(
            f"Plan {p.id} was for {p.by_day.isoformat()}: {p.text} — what happened? "
            f"`curriculum plan close {p.id} --outcome done|partly|not`"
        )
    for f in data.forecast:
        planned = f.planned_finish.isoformat() if f.planned_finish else "no target set"
        expected = f.expected_finish.isoformat() if f.expected_finish else UNKNOWN_PACE
        if pace_note(f.pace_days):
            expected += f" ({pace_note(f.pace_days)})"
        stretched = extras.stretched.get(f.track)
        overrun = (
            f" ({extras.overrun:.1f}× as your plans overrun: {stretched.isoformat()})"
            if stretched and extras.overrun
            else ""
        )
        say(
            f"{f.track}: {plural(f.remaining, 'reading')} ({f.minutes} min) left; "
            f"as planned: {planned}{overrun} · at your pace: {expected}"
        )
    if not data.entries:
        say("Nothing queued: add a feed (`curriculum feed add URL`) or activate a track.")
        return
    table(
        ["ID", "MIN", "STATUS", "TITLE", "SOURCE"],
        [[e.id, _minutes(e, extras), e.status, e.title, e.source] for e in data.entries],
    )


def _minutes(entry: daily.Entry, extras: mentor_today.Extras) -> str:
    """The MIN column: the 80% range when known; what is left of a partly read reading."""
    if entry.partly_read:
        return f"{entry.minutes} left"
    found = extras.ranges.get(entry.id)
    return found.text().removesuffix(" min") if found else str(entry.minutes)


def today(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum today [--json] [--more]`."""
    from curriculum.queue import actions, daily

    if args.more:
        result = actions.more(ctx.db, ctx.now)
        if not args.json:
            say(result.message)
    data = daily.snapshot(ctx.db, ctx.now)
    from curriculum.progress import mentor_today

    extras = mentor_today.extras(ctx.db, data)
    if args.json:
        emit_json(extras.extend(data.as_json()))
    else:
        _print_today(data, extras)
    return 0


def done(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum done ITEM`."""
    from curriculum.queue import actions

    say(actions.done(ctx.db, library.resolve(ctx.db, args.item), ctx.now).message)
    return 0


def skip(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum skip ITEM`."""
    from curriculum.queue import actions

    say(actions.skip(ctx.db, library.resolve(ctx.db, args.item), ctx.now).message)
    return 0


def snooze(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum snooze ITEM --until DATE`."""
    from curriculum.queue import actions, daily

    until = actions.parse_until(args.until, daily.current_day(ctx.db, ctx.now))
    item_id = library.resolve(ctx.db, args.item)
    say(actions.snooze(ctx.db, item_id, until, ctx.now).message)
    return 0


def undo(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum undo`: the later of the last rating and the last reading action."""
    from curriculum.cards import rating
    from curriculum.queue import actions

    last = rating.last_rating(ctx.db)
    reading = actions.latest_at(ctx.db)
    if last is not None and (reading is None or last.reviewed_at >= reading):
        card = rating.undo_rating(ctx.db, last.log_id, ctx.now)
        names = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
        say(
            f"Undone (rating {names[last.rating]}): card {card.id} is {card.state} again, "
            f"due {card.memory.due:%Y-%m-%d %H:%M} UTC."
        )
        return 0
    say(actions.undo(ctx.db).message)
    return 0


def items(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum items [--json] [--feed F] [--status S] [--tag T] [--search TEXT] [--order O]`."""
    query = library.Query(
        text=args.search or "", status=args.status, feed=args.feed, tag=args.tag, order=args.order
    )
    found = library.search(ctx.db, query, limit=args.limit)
    if args.json:
        emit_json([row.as_json() for row in found])
        return 0
    if not found:
        say("No readings match.")
        return 0
    table(
        ["ID", "STATUS", "MIN", "PUBLISHED", "TITLE", "SOURCE"],
        [[r.id, r.status, r.minutes, (r.published or "")[:10], r.title, r.source] for r in found],
    )
    return 0
