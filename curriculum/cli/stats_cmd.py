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
from curriculum.text import strip_controls

FORMATS = ("json", "anki", "apkg", "markdown", "revlog")


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
        help="export as json, anki, apkg, markdown or revlog",
        description="json: everything (for `curriculum import`); anki: a TSV Anki imports; "
        "apkg: an Anki package with schedules and review history (for Anki, AnkiDroid, "
        "AnkiMobile); markdown: one note per reading in a folder; revlog: review logs as CSV "
        "for FSRS tools (with a .json sidecar saying the timezone and day start).",
    )
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument(
        "--out", metavar="PATH", type=Path, help="file (folder for markdown; apkg: curriculum.apkg)"
    )
    p.set_defaults(func=export)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import a JSON export, or reviews and edits from an Anki .apkg/.colpkg",
    )
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

    sys.stdout.write(strip_controls(digest.digest(ctx.db, ctx.now, _since(ctx, args.since))))
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
        if args.out is not None:
            sidecar = revlog.write_sidecar(ctx.db, args.out, ctx.now)
            sys.stderr.write(f"Wrote {sidecar} (timezone and day start for the FSRS tools).\n")
    elif args.format == "apkg":
        export_apkg(ctx, args.out or Path("curriculum.apkg"))
    else:
        from curriculum.exchange import markdown

        folder = args.out or Path("curriculum-notes")
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"{folder} is a file; markdown export needs a folder for --out.")
        written = markdown.export(ctx.db, folder)
        say(f"Wrote {len(written)} note{'' if len(written) == 1 else 's'} to {folder}.")
    return 0


def export_apkg(ctx: Context, out: Path) -> None:
    """`curriculum export --format apkg [--out FILE]`."""
    from curriculum.exchange import apkg

    if out.is_dir():
        out = out / "curriculum.apkg"
    try:
        notes, cards = apkg.write(ctx.db, out, ctx.now)
    except OSError as error:
        raise StoreError(f"Cannot write {out}: {error.strerror}.") from None
    say(
        f"Wrote {out}: {notes} note{'' if notes == 1 else 's'}, {cards} card"
        f"{'' if cards == 1 else 's'} with their schedules and reviews. In Anki: File → "
        'Import, with "Import any learning progress" on.'
    )


def import_anki(ctx: Context, path: Path) -> int:
    """`curriculum import FILE.apkg|.colpkg`: reviews and edits made in Anki."""
    from curriculum.exchange import apkg_import

    package = apkg_import.read_package(path)  # a bad file is refused before the backup
    saved = backup.backup_to(ctx.db, backup.pre_import_path(ctx.home, ctx.now))
    r = apkg_import.import_package(ctx.db, path, ctx.now, package)
    say(
        f"Imported {path}: {r.notes} notes matched, {r.reviews} reviews added to "
        f"{r.cards_merged} cards, {r.notes_updated} notes updated from Anki, "
        f"{r.cards_added} cards added for new clozes, {r.left_out} notes not from "
        f"Curriculum left out. (Before importing, the database was saved to {saved}.)"
    )
    for problem in r.not_applied:
        say(f"Not applied: {problem} Make that edit here with `curriculum card edit`.")
    return 0


def import_file(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum import FILE`."""
    from curriculum.exchange import apkg_import, json_import

    if apkg_import.is_package(args.file):
        return import_anki(ctx, args.file)

    document = json_import.read_document(args.file)
    saved = backup.backup_to(ctx.db, backup.pre_import_path(ctx.home, ctx.now))
    r = json_import.import_document(ctx.db, document, ctx.now)
    if r.items:
        from curriculum.cli.inbox_cmd import rank_arrivals

        rank_arrivals(ctx)
    say(
        f"Imported {args.file}: {plural(r.items, 'reading')} added ({r.items_merged} merged), "
        f"{plural(r.cards, 'card')} added ({r.cards_merged} merged), "
        f"{plural(r.reviews, 'review')}, {plural(r.feeds, 'feed')}, {plural(r.tracks, 'track')}, "
        f"{plural(r.highlights, 'highlight')}, {plural(r.questions, 'question')}, "
        f"{plural(r.meetings, 'meeting')}, "
        f"{plural(r.advice, 'piece of advice', 'pieces of advice')}, {plural(r.plans, 'plan')}, "
        f"{plural(r.days_off, 'day off', 'days off')}, {plural(r.settings, 'setting')}. "
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
