"""Foundation commands: config, check, apply."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from curriculum import store
from curriculum.cli.context import Context
from curriculum.cli.output import emit_json, plural, say
from curriculum.store import paths, settings


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "config",
        parents=[common],
        help="list settings, print one, or set one",
        description="With no KEY, list every setting; with KEY, print its value; "
        "with KEY VALUE, validate and set it.",
    )
    p.add_argument("key", nargs="?", metavar="KEY")
    p.add_argument("value", nargs="?", metavar="VALUE")
    p.add_argument("--json", action="store_true", help="print all settings as JSON")
    p.set_defaults(func=config)

    p = sub.add_parser("check", parents=[common], help="check the database's integrity")
    p.set_defaults(func=check)

    p = sub.add_parser(
        "apply",
        parents=[common],
        help="apply a feeds.yaml (default: the bundled one); adds and updates, never deletes",
    )
    p.add_argument("file", nargs="?", type=Path, metavar="FILE")
    p.set_defaults(func=apply)


def config(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum config [KEY [VALUE]]`."""
    if args.key is None:
        values = settings.get_all(ctx.db)
        if args.json:
            emit_json(values)
            return 0
        width = max(len(k) for k in values)
        for key, value in values.items():
            help_text = settings.SETTINGS[key].help
            say(f"{key.ljust(width)}  {settings.format_value(value):<8}  # {help_text}")
        return 0
    if args.value is None:
        say(settings.format_value(settings.get(ctx.db, args.key)))
        return 0
    before = settings.get(ctx.db, args.key)
    value = settings.set_value(ctx.db, args.key, args.value)
    say(f"{args.key} = {settings.format_value(value)}")
    if args.key == "cards.retention" and value != before:
        from curriculum.cli.cards_cmd import offer_reschedule

        offer_reschedule(ctx, f"a retention of {settings.format_value(value)}")
    return 0


def check(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum check`: integrity and foreign keys."""
    problems = store.check(ctx.db)
    if not problems:
        from curriculum.cli.cards_cmd import check_cards

        problems = check_cards(ctx)
    if problems:
        for problem in problems:
            say(f"problem: {problem}")
        say(f"{plural(len(problems), 'problem')} found in {paths.db_path(ctx.home)}.")
        return 1
    say(f"ok: {paths.db_path(ctx.home)} passed the integrity, foreign-key and card-replay checks.")
    return 0


def apply(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum apply [FILE]`."""
    path = args.file or paths.bundled_catalog()
    from curriculum.library import catalog  # YAML: loaded only when applying

    result = catalog.apply_file(ctx.db, path, ctx.now)
    say(
        f"Applied {path}: {plural(result.feeds_added, 'feed')} added, "
        f"{result.feeds_updated} updated, {plural(result.tracks_added, 'track')} added, "
        f"{plural(result.readings_added, 'reading')} added."
    )
    return 0
