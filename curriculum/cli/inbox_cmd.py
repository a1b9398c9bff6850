"""What to read next: `inbox`, `dismiss`, `related`, `rank` (the learned ranking).

`inbox` and `rank` may retrain the model, which loads scikit-learn: only these commands do
(and `rank_arrivals`, called after commands that add readings, scores them with the stored
model, which needs numpy only, and nothing at all when no model exists yet).
"""

from __future__ import annotations

import argparse
from typing import Any

from curriculum.cli.context import Context
from curriculum.cli.output import emit_json, say, table
from curriculum.library import items as library


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "inbox", parents=[common], help="new feed readings, best first by the learned ranking"
    )
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N readings")
    p.set_defaults(func=inbox)

    p = sub.add_parser("dismiss", parents=[common], help="not for me: take readings off the Inbox")
    p.add_argument("items", nargs="+", metavar="ITEM", help="ids, arXiv ids or URLs")
    p.set_defaults(func=dismiss)

    p = sub.add_parser("related", parents=[common], help="the readings most like one reading")
    p.add_argument("item", metavar="ITEM", help="the reading's id, arXiv id or URL")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--limit", type=int, default=8, metavar="N", help="at most N (default 8)")
    p.set_defaults(func=related)

    p = sub.add_parser(
        "rank", parents=[common], help="retrain the learned ranking now and rank every reading"
    )
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument(
        "--if-stale", action="store_true", help="only when your signals changed (for scripts)"
    )
    p.set_defaults(func=rank)


def _limit(value: int | None) -> int | None:
    from curriculum.errors import ConfigError

    if value is not None and value < 1:
        raise ConfigError(f"--limit must be 1 or more, not {value}.")
    return value


def inbox(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum inbox [--json] [--limit N]`: retrains first when the signals changed."""
    from curriculum.queue import inbox as arrivals
    from curriculum.queue import ranking

    limit = _limit(args.limit)
    ranking.retrain(ctx.db, ctx.now)
    found = arrivals.listing(ctx.db, limit)
    if args.json:
        emit_json([a.as_json() for a in found])
        return 0
    total = arrivals.count(ctx.db)
    if not found:
        say("The Inbox is empty: every new reading is triaged (`curriculum fetch` gets more).")
        return 0
    say(
        f"{total} new reading{'s' if total != 1 else ''}, best first. "
        + ranking.explain(ranking.model_info(ctx.db))
    )
    table(
        ["ID", "SCORE", "TITLE", "FEED", "WHY"],
        [[a.id, _score(a.score), a.title, a.feed[:24], a.why[:40]] for a in found],
    )
    return 0


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def dismiss(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum dismiss ITEM…`: each one its own action (undo takes back the last)."""
    from curriculum.queue import actions

    ids = [library.resolve(ctx.db, text) for text in args.items]
    for item_id in ids:
        say(actions.dismiss(ctx.db, item_id, ctx.now).message)
    return 0


def related(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum related ITEM [--json]`."""
    from curriculum.library.related import related as like

    item_id = library.resolve(ctx.db, args.item)
    found = like(ctx.db, item_id, _limit(args.limit) or 8)
    if args.json:
        emit_json([r.as_json() for r in found])
        return 0
    if not found:
        say("No related readings in your library yet.")
        return 0
    table(
        ["ID", "STATUS", "TITLE", "SOURCE", "SHARED"],
        [[r.id, r.status, r.title, r.source[:24], ", ".join(r.shared)] for r in found],
    )
    return 0


def rank(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum rank [--json] [--if-stale]`."""
    from curriculum.queue import ranking

    report = ranking.retrain(ctx.db, ctx.now, force=not args.if_stale)
    if args.json:
        emit_json(
            {
                "trained": report.trained,
                "ranked": report.ranked,
                "model": ranking.as_json(report.info),
                "likes": report.likes,
            }
        )
        return 0
    say(ranking.explain(report.info))
    if report.likes:
        say("It weighs most: " + ", ".join(report.likes) + ".")
    say(f"Ranked {report.ranked} unread reading{'s' if report.ranked != 1 else ''}.")
    return 0


def rank_arrivals(ctx: Context) -> None:
    """Score readings that arrived since the last ranking (the stored model; no training)."""
    from curriculum.queue import ranking

    ranking.rank_unranked(ctx.db)
