"""Queue commands: today, done, skip, snooze, undo, and items (the library)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from curriculum.cli.context import Context
from curriculum.cli.output import emit_json, plural, say, table
from curriculum.library import items as library

if TYPE_CHECKING:
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

    p = sub.add_parser("undo", parents=[common], help="undo the last done/skip/snooze/more")
    p.set_defaults(func=undo)

    p = sub.add_parser("items", parents=[common], help="the library of readings")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--feed", metavar="F", help="only this feed (its name, id or URL)")
    p.add_argument("--status", metavar="S", help=f"only this status: {', '.join(library.STATUSES)}")
    p.add_argument("--tag", metavar="T", help="only readings with this tag (or from such feeds)")
    p.add_argument("--search", metavar="TEXT", help="full-text search of title, authors, summary")
    p.add_argument("--limit", type=int, metavar="N", help="at most N readings")
    p.set_defaults(func=items)


def _print_today(data: daily.Today) -> None:
    t, d = data.target, data.done
    say(
        f"Today, {data.day.isoformat()} — read {d.items}/{t.items} readings, "
        f"{d.minutes}/{t.minutes} min · streak {data.streak.current} (best {data.streak.best})"
        f" · {plural(data.cards_due, 'card')} due"
    )
    for f in data.forecast:
        planned = f.planned_finish.isoformat() if f.planned_finish else "—"
        expected = f.expected_finish.isoformat() if f.expected_finish else "not enough history"
        say(
            f"{f.track}: {plural(f.remaining, 'reading')} ({f.minutes} min) left; "
            f"finish {planned} as planned, {expected} at your pace"
        )
    if not data.entries:
        say("Nothing queued: add a feed (`curriculum feed add URL`) or activate a track.")
        return
    table(
        ["ID", "MIN", "STATUS", "TITLE", "SOURCE"],
        [[e.id, e.minutes, e.status, e.title, e.source] for e in data.entries],
    )


def today(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum today [--json] [--more]`."""
    from curriculum.queue import actions, daily

    if args.more:
        result = actions.more(ctx.db, ctx.now)
        if not args.json:
            say(result.message)
    data = daily.snapshot(ctx.db, ctx.now)
    if args.json:
        emit_json(data.as_json())
    else:
        _print_today(data)
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
    """`curriculum undo`."""
    from curriculum.queue import actions

    say(actions.undo(ctx.db).message)
    return 0


def items(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum items [--json] [--feed F] [--status S] [--tag T] [--search TEXT]`."""
    query = library.Query(text=args.search or "", status=args.status, feed=args.feed, tag=args.tag)
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
