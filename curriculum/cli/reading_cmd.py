"""Reading commands: `text` (a reading's whole text), `prefetch`, `highlights`, `highlight`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from curriculum.cli.context import Context
from curriculum.cli.output import emit_json, say, table
from curriculum.library import items as library
from curriculum.text import strip_controls


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "text",
        parents=[common],
        help="print a reading's whole text as Markdown (fetched and kept if needed)",
        description="Print a reading's text as Markdown: the whole text kept for it, else "
        "fetched now (a page's article, a paper's HTML version or PDF), else the feed's "
        "summary with the reason on stderr.",
    )
    p.add_argument("item", metavar="ITEM", help="the reading's id, arXiv id or URL")
    p.add_argument("--json", action="store_true", help="print id, source, words, markdown")
    p.add_argument("--refresh", action="store_true", help="fetch it again even if kept")
    p.set_defaults(func=text)

    p = sub.add_parser(
        "prefetch",
        parents=[common],
        help="fetch and keep the whole text of today's readings, for reading offline",
    )
    p.add_argument("--refresh", action="store_true", help="fetch them again even if kept")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=prefetch)

    p = sub.add_parser("highlights", parents=[common], help="list highlights")
    p.add_argument("--item", metavar="ITEM", help="only this reading's highlights")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=list_highlights)

    highlight = sub.add_parser("highlight", parents=[common], help="add or remove a highlight")
    actions = highlight.add_subparsers(dest="highlight_command", metavar="ACTION", required=True)
    p = actions.add_parser("add", parents=[common], help="highlight a quote of a reading")
    p.add_argument("item", metavar="ITEM", help="the reading's id, arXiv id or URL")
    p.add_argument("--quote", required=True, metavar="TEXT", help="words of the reading's text")
    p.set_defaults(func=highlight_add)
    p = actions.add_parser("remove", parents=[common], help="remove a highlight (cards stay)")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=highlight_remove)


def _wpm(ctx: Context) -> float | None:
    from curriculum.queue import reading_time

    return reading_time.personal_wpm(ctx.db)


def _fetch(ctx: Context, item_ids: list[int], refresh: bool) -> list[Any]:
    from curriculum.feeds import fulltext

    return fulltext.prefetch(ctx.db, item_ids, ctx.now, wpm=_wpm(ctx), refresh=refresh)


def text(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum text ITEM [--json] [--refresh]`."""
    from curriculum.library import texts

    item_id = library.resolve(ctx.db, args.item)
    item = library.get_item(ctx.db, item_id)
    if texts.needs_fetch(ctx.db, item, ctx.now, args.refresh):
        _fetch(ctx, [item_id], args.refresh)
        item = library.get_item(ctx.db, item_id)
    shown = texts.current(ctx.db, item)
    if args.json:
        emit_json(shown.as_json())
        return 0
    if not shown.whole and shown.reason:
        sys.stderr.write(f"curriculum: not the whole text: {shown.reason}.\n")
    sys.stdout.write(strip_controls(shown.markdown).rstrip() + "\n")
    return 0


def prefetch(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum prefetch [--refresh] [--json]`: today's readings, kept for offline."""
    from curriculum.queue import daily

    wanted = daily.unread_today(ctx.db, ctx.now)
    found = _fetch(ctx, wanted, args.refresh)
    if args.json:
        emit_json({"items": [row.as_json() for row in found], "checked": len(wanted)})
        return 0
    if not found:
        say(f"Today's {len(wanted)} readings already have their texts (or need none).")
        return 0
    table(
        ["ID", "SOURCE", "WORDS", "NOTE"],
        [[r.item_id, r.source, r.words, r.reason or "whole text kept"] for r in found],
    )
    whole = sum(1 for r in found if r.reason is None)
    say(f"Kept the whole text of {whole} of {len(found)} readings.")
    return 0


def list_highlights(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum highlights [--json] [--item ITEM]`."""
    from curriculum.library import highlights

    item_id = library.resolve(ctx.db, args.item) if args.item else None
    found = highlights.of_item(ctx.db, item_id)
    if args.json:
        emit_json([h.as_json() for h in found])
        return 0
    if not found:
        say("No highlights yet: highlight with h in the Reader, or `curriculum highlight add`.")
        return 0
    table(
        ["ID", "ITEM", "CARDS", "QUOTE"],
        [[h.id, h.item_id, ",".join(map(str, h.card_ids)) or "-", h.quote] for h in found],
    )
    return 0


def highlight_add(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum highlight add ITEM --quote TEXT`."""
    from curriculum.library import highlights, reader_text, texts

    item = library.get_item(ctx.db, library.resolve(ctx.db, args.item))
    document = reader_text.reader_document(item, texts.current(ctx.db, item))
    made = highlights.add_quote(ctx.db, item.id, document, args.quote, ctx.now)
    say(f"Highlight {made.id} added to reading {item.id}; `curriculum card add --highlight "
        f"{made.id}` writes a card from it.")  # fmt: skip
    return 0


def highlight_remove(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum highlight remove ID`."""
    from curriculum.library import highlights

    gone = highlights.remove(ctx.db, args.id)
    say(f"Highlight {gone.id} removed; {len(gone.card_ids)} card(s) written from it stay.")
    return 0
