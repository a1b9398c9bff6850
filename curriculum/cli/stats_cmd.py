"""Progress and data commands: stats, digest, export, import, backup."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from curriculum.cli.context import Context
from curriculum.cli.output import emit_json, plural, say
from curriculum.errors import ConfigError, CurriculumError, StoreError
from curriculum.store import backup

FORMATS = ("json", "anki", "markdown", "revlog")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("stats", parents=[common], help="reading and review statistics")
    p.add_argument("--json", action="store_true", help="print everything as JSON")
    p.set_defaults(func=stats)

    p = sub.add_parser(
        "digest", parents=[common], help="a Markdown digest of what you read, for a mentor"
    )
    p.add_argument(
        "--since",
        metavar="DATE",
        help="first day: YYYY-MM-DD, yesterday, or a count back such as 3d or 2w "
        "(default: the last 7 days)",
    )
    p.set_defaults(func=show_digest)

    p = sub.add_parser(
        "export",
        parents=[common],
        help="export as json, anki, markdown or revlog",
        description="json: everything (for `curriculum import`); anki: a TSV Anki imports; "
        "markdown: one note per reading in a folder; revlog: review logs as CSV for FSRS tools.",
    )
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--out", metavar="PATH", type=Path, help="file (folder for markdown)")
    p.set_defaults(func=export)

    p = sub.add_parser("import", parents=[common], help="import a JSON export, merging")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(func=import_file)

    p = sub.add_parser("backup", parents=[common], help="back up the database now")
    p.add_argument("path", nargs="?", type=Path, metavar="PATH", help="file or folder")
    p.set_defaults(func=make_backup)


def _since(ctx: Context, text: str | None) -> date | None:
    """The digest's first day from `--since`, counted back from today's study day."""
    if text is None:
        return None
    from curriculum.clock import parse_day
    from curriculum.queue import daily

    today = daily.current_day(ctx.db, ctx.now)
    day = parse_day(text, today, back=True)
    if day is None:
        raise ConfigError(
            f"'{text}' is not a date; use YYYY-MM-DD, 'yesterday', or a count back "
            "such as 3d or 2w."
        )
    if day > today:
        raise ConfigError(f"--since is a day in the past, not {day.isoformat()}.")
    return day


def stats(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum stats [--json]`."""
    from curriculum.progress import stats_report

    data = stats_report.report(ctx.db, ctx.now)
    if args.json:
        emit_json(data)
        return 0
    from curriculum.progress.stats_text import render

    for line in render(data):
        say(line)
    return 0


def show_digest(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum digest [--since DATE]`."""
    from curriculum.progress import digest

    sys.stdout.write(digest.digest(ctx.db, ctx.now, _since(ctx, args.since)))
    return 0


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise StoreError(f"Cannot write {out}: {error.strerror}.") from None
    sys.stderr.write(f"Wrote {out}.\n")


def export(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum export --format F [--out PATH]`."""
    if args.format == "json":
        from curriculum.exchange import json_export

        _write(json_export.dumps(json_export.export(ctx.db, ctx.now)), args.out)
    elif args.format == "anki":
        from curriculum.exchange import anki

        _write(anki.export(ctx.db), args.out)
    elif args.format == "revlog":
        from curriculum.exchange import revlog

        _write(revlog.export(ctx.db), args.out)
    else:
        from curriculum.exchange import markdown

        folder = args.out or Path("curriculum-notes")
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"{folder} is a file; markdown export needs a folder for --out.")
        written = markdown.export(ctx.db, folder)
        say(f"Wrote {len(written)} note{'' if len(written) == 1 else 's'} to {folder}.")
    return 0


def import_file(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum import FILE`."""
    from curriculum.exchange import json_import

    document = json_import.read_document(args.file)
    saved = backup.backup_to(ctx.db, backup.pre_import_path(ctx.home, ctx.now))
    r = json_import.import_document(ctx.db, document, ctx.now)
    say(
        f"Imported {args.file}: {plural(r.items, 'reading')} added ({r.items_merged} merged), "
        f"{plural(r.cards, 'card')} added ({r.cards_merged} merged), "
        f"{plural(r.reviews, 'review')}, {plural(r.feeds, 'feed')}, {plural(r.tracks, 'track')}, "
        f"{plural(r.settings, 'setting')}. "
        f"(Before importing, the database was saved to {saved}.)"
    )
    return 0


def make_backup(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum backup [PATH]`."""
    path = backup.backup_now(ctx.db, ctx.home, ctx.now, args.path)
    say(f"Backed up to {path}.")
    return 0


def daily_backup(ctx: Context) -> None:
    """The automatic once-a-day backup, after a command succeeded."""
    try:
        backup.auto_backup(ctx.db, ctx.home, ctx.now)
    except CurriculumError as error:
        sys.stderr.write(f"curriculum: warning: the daily backup failed: {error}\n")
