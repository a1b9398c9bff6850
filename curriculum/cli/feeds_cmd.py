"""Feed commands: `feed add/list/edit/remove`, `fetch`, `opml import/export`, `add`.

The feeds package (httpx, feedparser) is imported inside each command, never at the top,
so read-only commands such as `curriculum today` stay fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from curriculum.cli.args import whole
from curriculum.cli.context import Context
from curriculum.cli.inbox_cmd import rank_arrivals
from curriculum.cli.output import emit_json, plural, say, table
from curriculum.errors import CurriculumError


def _feed_options(p: argparse.ArgumentParser, editing: bool = False) -> None:
    p.add_argument("--name", metavar="N", help="display name (default: the feed's title)")
    p.add_argument("--tag", action="append", metavar="T", help="a tag (repeatable)")
    p.add_argument(
        "--priority",
        type=whole("--priority", -3, 3),
        metavar="P",
        help="-3 (least) .. 3 (most); default 0",
    )
    p.add_argument("--include", action="append", metavar="WORD", help="keep only matching items")
    p.add_argument("--exclude", action="append", metavar="WORD", help="drop matching items")
    p.add_argument(
        "--announce",
        action="append",
        metavar="TYPE",
        help="arXiv announce types to keep: new, cross, replace, replace-cross",
    )
    if editing:
        p.add_argument(
            "--poll",
            type=whole("--poll", 0, 10080),
            metavar="MIN",
            help="poll interval in minutes (0: the default)",
        )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the feed commands to the parser."""
    feed = sub.add_parser("feed", parents=[common], help="add, list, edit or remove feeds")
    actions = feed.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "add",
        parents=[common],
        help="follow a feed (a feed URL, or a site URL whose feed is discovered)",
    )
    p.add_argument("url", metavar="URL")
    _feed_options(p)
    p.add_argument("--no-fetch", action="store_true", help="add without fetching or discovery")
    p.set_defaults(func=feed_add)
    p = actions.add_parser("list", parents=[common], help="every feed with counts and status")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=feed_list)
    p = actions.add_parser("edit", parents=[common], help="change a feed's name, tags, filters")
    p.add_argument("feed", metavar="FEED", help="id, URL or name")
    _feed_options(p, editing=True)
    p.set_defaults(func=feed_edit)
    p = actions.add_parser(
        "remove",
        parents=[common],
        help="stop following feeds (keeps what you have read)",
        description="Stop following each FEED and every feed with a --tag; their unread "
        "readings go, read, queued or carded ones stay. One action: all or nothing.",
    )
    p.add_argument("feeds", nargs="*", metavar="FEED", help="id, URL or name")
    p.add_argument("--tag", action="append", metavar="T", help="every feed with this tag")
    p.set_defaults(func=feed_remove)

    p = sub.add_parser(
        "fetch", parents=[common], help="refresh all feeds (or those named, or those due)"
    )
    p.add_argument("feeds", nargs="*", metavar="FEED", help="id, URL or name (default: all)")
    p.add_argument("--due", action="store_true", help="only feeds whose poll interval passed")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=fetch)

    opml = sub.add_parser("opml", parents=[common], help="import or export an OPML list")
    actions = opml.add_subparsers(dest="opml_command", metavar="ACTION", required=True)
    p = actions.add_parser("import", parents=[common], help="follow every feed of an OPML file")
    p.add_argument("source", metavar="FILE|URL")
    p.set_defaults(func=opml_import)
    p = actions.add_parser("export", parents=[common], help="write your feeds as OPML 2.0")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help="default: standard output")
    p.set_defaults(func=opml_export)

    p = sub.add_parser("add", parents=[common], help="add one reading by URL or arXiv id")
    p.add_argument("target", metavar="URL|ARXIV-ID")
    p.add_argument("--json", action="store_true", help="print the reading as JSON")
    p.set_defaults(func=add)


def feed_add(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum feed add URL`."""
    from curriculum.feeds import manage, subscribe

    options = manage.FeedOptions(
        name=args.name,
        tags=args.tag or (),
        priority=manage.check_priority(args.priority or 0),
        include=args.include or (),
        exclude=args.exclude or (),
        announce_types=args.announce or (),
    )
    manage.check_announce(options.announce_types)
    result = subscribe.add_feed(ctx.db, args.url, ctx.now, options, fetch=not args.no_fetch)
    if not result.fetched:
        say(f"Added #{result.feed_id} {result.name} ({result.url}); not fetched yet.")
        return 0
    if result.discovered_from:
        say(f"Found the feed {result.url} on {result.discovered_from}.")
    say(f"Added #{result.feed_id} {result.name}: {_count(result.new_items)} arrived.")
    if result.new_items:
        rank_arrivals(ctx)
    if result.warning:
        say(f"warning: {result.warning}")
    return 0


def _count(n: int) -> str:
    return plural(n, "new reading")


def feed_list(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum feed list`."""
    from curriculum.feeds import manage

    feeds = manage.list_feeds(ctx.db)
    if args.json:
        emit_json([f.as_json() for f in feeds])
        return 0
    if not feeds:
        say("No feeds yet: `curriculum feed add URL` or `curriculum opml import FILE`.")
        return 0
    table(
        ["ID", "UNREAD", "ITEMS", "LAST FETCH", "STATUS", "NAME", "TAGS", "ERROR"],
        [
            [
                f.id,
                f.unread,
                f.items,
                (f.last_fetched or "never")[:16].replace("T", " "),
                f.status,
                f.name,
                ", ".join(f.tags),
                f.error or "",
            ]
            for f in feeds
        ],
    )
    return 0


def feed_edit(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum feed edit FEED ...`."""
    from curriculum.feeds import manage

    feed_id = manage.find_feed(ctx.db, args.feed)
    manage.edit_feed(
        ctx.db,
        feed_id,
        name=args.name,
        tags=args.tag,
        priority=args.priority,
        include=args.include,
        exclude=args.exclude,
        announce_types=args.announce,
        poll_minutes=args.poll,
    )
    feed = manage.get_feed(ctx.db, feed_id)
    say(f"Updated #{feed.id} {feed.name}.")
    return 0


def feed_remove(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum feed remove FEED... [--tag T]...`."""
    from curriculum.feeds import manage

    if not args.feeds and not args.tag:
        raise CurriculumError("Name the feeds to remove (id, URL or name), or give --tag TAG.")
    ids = [manage.find_feed(ctx.db, selector) for selector in args.feeds]
    for tag in args.tag or ():
        tagged = manage.feeds_tagged(ctx.db, tag)
        if not tagged:
            raise CurriculumError(
                f"No feed has the tag '{tag}'; `curriculum feed list` shows them."
            )
        ids += tagged
    removal = manage.remove_feeds(ctx.db, ids)
    what = removal.names[0] if len(removal.names) == 1 else _feeds_named(removal.names)
    say(
        f"Removed {what}: {plural(removal.removed, 'unread reading')} deleted, "
        f"{removal.kept} kept (read, queued or carded)."
    )
    return 0


def _feeds_named(names: list[str], shown: int = 3) -> str:
    more = f", and {len(names) - shown} more" if len(names) > shown else ""
    return f"{len(names)} feeds ({', '.join(names[:shown])}{more})"


class _Bar:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int, outcome: Any) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(total, 1)
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} feeds"
        sys.stderr.write(line)
        if done == total:
            sys.stderr.write("\r" + " " * len(line) + "\r")
        sys.stderr.flush()


def fetch(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum fetch [FEED...] [--due] [--json]`."""
    import gc

    gc.disable()  # the HTTP client's modules live as long as the command: set them aside
    from curriculum.feeds import refresh

    gc.freeze()
    gc.enable()

    feeds = refresh.all_feeds(ctx.db)
    if args.feeds:
        from curriculum.feeds import manage  # only to find named feeds

        wanted = {manage.find_feed(ctx.db, s) for s in args.feeds}
        feeds = [f for f in feeds if f.id in wanted]
    if args.due:
        feeds = [f for f in feeds if f.id in {d.id for d in refresh.due_feeds(ctx.db, ctx.now)}]
    bar = _Bar(not args.json)
    outcomes = refresh.refresh(ctx.db, feeds, ctx.now, progress=bar, named=bool(args.feeds))
    errors = sum(1 for o in outcomes if o.status == "error")
    new = sum(o.new_items for o in outcomes)
    if new:
        rank_arrivals(ctx)
    if args.json:
        emit_json({"feeds": [o.as_json() for o in outcomes], "new_items": new, "errors": errors})
        return 1 if errors else 0
    _report(outcomes, new, errors, refresh.all_offline(outcomes))
    return 1 if errors else 0


RESULT_WORDS = {
    "new": "fetched",
    "not_modified": "not modified",
    "unchanged": "unchanged",
    "waiting": "waiting",
    "gone": "gone",
}


def _report(outcomes: list[Any], new: int, errors: int, offline: bool) -> None:
    if not outcomes:
        say("Nothing to fetch: no feeds are due (or none are followed).")
        return
    if offline:
        if len(outcomes) == 1:
            say("You seem to be offline: the feed could not be reached.")
        else:
            say(f"You seem to be offline: none of the {len(outcomes)} feeds could be reached.")
        return
    table(
        ["ID", "RESULT", "NEW", "FEED", "NOTE"],
        [
            [
                o.feed_id,
                RESULT_WORDS.get(o.status, o.status),
                o.new_items,
                o.name,
                o.error or o.warning or "",
            ]
            for o in outcomes
        ],
    )
    say(f"{plural(len(outcomes), 'feed')}: {_count(new)}, {errors} failed.")


def opml_import(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum opml import FILE|URL` (adds feeds; fetches nothing)."""
    import asyncio

    from curriculum.feeds import opml

    data = asyncio.run(opml.read_source(args.source))
    result = opml.import_opml(ctx.db, data, ctx.now)
    say(
        f"Imported {args.source}: {plural(result.added, 'feed')} added, "
        f"{result.existing} already followed, "
        f"{result.skipped} skipped (not http or https). Run `curriculum fetch` to fetch them."
    )
    return 0


def opml_export(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum opml export [FILE]`."""
    from curriculum.feeds import opml

    text = opml.export_opml(ctx.db, ctx.now)
    if args.file is None:
        sys.stdout.write(text)
        return 0
    try:
        args.file.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CurriculumError(f"Cannot write {args.file}: {error.strerror}.") from None
    say(f"Wrote {plural(text.count('xmlUrl='), 'feed')} to {args.file}.")
    return 0


def add(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum add URL|ARXIV-ID`."""
    from curriculum.feeds import reading
    from curriculum.queue import reading_time

    wpm = reading_time.personal_wpm(ctx.db)
    result = reading.add_reading(ctx.db, args.target, ctx.now, wpm=wpm)
    if not result.existed:
        rank_arrivals(ctx)
    if args.json:
        emit_json(
            {
                "id": result.item_id,
                "title": result.title,
                "existed": result.existed,
                "text_source": result.text_source,
            }
        )
    elif result.existed:
        say(f"Already in your library: #{result.item_id} {result.title}")
    else:
        say(f"Added #{result.item_id} {result.title} ({result.minutes} min).")
        if result.text_reason:
            say(f"Its whole text is not kept: {result.text_reason}.")
    return 0
