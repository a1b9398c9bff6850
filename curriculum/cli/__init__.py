"""The `curriculum` command line: a thin layer where each command calls the core once.

Errors from the core (`CurriculumError`) become one stderr sentence and exit status 1; a
usage error is one sentence and status 2 (`args`); anything unexpected is one sentence naming
the crash log and status 70 (`crash`).
Launching the TUI is the launcher's job (`tui.launcher`), so this package never
imports Textual: read-only commands start fast.

May import: every other part of the core (lazily where a command alone needs it).
Must not import: textual, rich or tui.
"""

from __future__ import annotations

import argparse
import errno
import sqlite3
import sys
from collections.abc import Sequence

from curriculum import __version__, store
from curriculum.cli import (
    cards_cmd,
    commands,
    feeds_cmd,
    inbox_cmd,
    mentor_cmd,
    output,
    pending,
    plans_cmd,
    queue_cmd,
    reading_cmd,
    stats_cmd,
)
from curriculum.cli.args import Parser
from curriculum.cli.context import Context
from curriculum.clock import utcnow
from curriculum.errors import CurriculumError
from curriculum.store import paths
from curriculum.text import clean_line

COMMAND_MODULES = [
    commands, queue_cmd, reading_cmd, inbox_cmd, cards_cmd, stats_cmd, mentor_cmd, plans_cmd,
    feeds_cmd, pending,
]  # fmt: skip
TUI_COMMANDS = {None, "review"}
# The commands each module registers (`tests/cli/test_cli_parser_subset.py` checks this
# against `register`): a command line that names one is parsed by a parser holding only its
# module's commands, ~8 ms of CPU less than building all ~60 sub-parsers.
COMMANDS_OF = {
    commands: ("config", "check", "apply"),
    queue_cmd: ("today", "done", "skip", "snooze", "undo", "items"),
    reading_cmd: ("text", "prefetch", "highlights", "highlight"),
    inbox_cmd: ("inbox", "dismiss", "related", "rank"),
    cards_cmd: ("card", "cards", "optimize", "reschedule"),
    stats_cmd: ("stats", "digest", "export", "import", "backup"),
    mentor_cmd: ("question", "questions", "brief", "meeting", "advice"),
    plans_cmd: ("plan", "plans", "day-off", "days-off"),
    feeds_cmd: ("feed", "fetch", "opml", "add"),
}
OWNER = {name: module for module, names in COMMANDS_OF.items() for name in names}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, every command of DESIGN.md listed; with `command`, only the
    commands of the module that registers it (the same sub-parsers, parsing the same way)."""
    common = Parser(add_help=False)
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data folder (default: $CURRICULUM_HOME or the user data dir)",
    )
    parser = Parser(
        prog="curriculum",
        description="Read AI alignment research daily and remember it: a reading queue "
        "with daily targets, and key-idea recall cards scheduled by FSRS. "
        "With no command, opens the app on Today.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"curriculum {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    sub.add_parser("review", parents=[common], help="open the app on Review")
    owner = OWNER.get(command) if command is not None else None
    for module in [owner] if owner is not None else COMMAND_MODULES:
        module.register(sub, common)
    return parser


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse arguments (exits with usage on a bad command line, like any CLI)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    return build_parser(named_command(argv)).parse_args(argv)


def named_command(argv: Sequence[str]) -> str | None:
    """The command of a command line that is only `--home DIR` options and a known command
    with its own arguments; None for any other (`--help`, an abbreviated option, a typo),
    which the whole parser then reads."""
    rest = list(argv)
    while rest and (rest[0] == "--home" or rest[0].startswith("--home=")):
        rest = rest[2:] if rest[0] == "--home" else rest[1:]
    return rest[0] if rest and rest[0] in OWNER else None


def home_of(args: argparse.Namespace) -> paths.Path:
    """The home folder chosen by `--home`, `$CURRICULUM_HOME` or the default."""
    return paths.home_dir(getattr(args, "home", None))


def fail(sentence: str) -> None:
    """Write one sentence to stderr as one clean line (no escapes, whatever it quotes)."""
    sys.stderr.write(f"curriculum: {clean_line(sentence, 2000)}\n")


def run(args: argparse.Namespace) -> int:
    """Run a parsed non-TUI command; returns the exit status."""
    context = Context(home=home_of(args), now=utcnow())
    try:
        status = int(args.func(context, args))
        if status == 0:
            stats_cmd.daily_backup(context)
        return status
    except CurriculumError as error:
        fail(str(error))
        return 1
    except BrokenPipeError:
        return output.reader_gone()
    except (sqlite3.Error, OSError) as error:
        fail(failure_sentence(context.home, error))
        return 1
    except KeyboardInterrupt:
        fail("interrupted.")
        return 130
    except Exception as error:  # the last resort: a bug is a sentence and a crash log
        from curriculum.cli import crash

        fail(crash.report(context.home, error, context.now))
        return crash.EXIT_CRASH
    finally:
        context.close()


def failure_sentence(home: paths.Path, error: sqlite3.Error | OSError) -> str:
    """One plain sentence for a database or file failure that escaped a command."""
    if isinstance(error, sqlite3.Error):
        return store.describe(paths.db_path(home), error)
    where = f" {error.filename}" if error.filename else ""
    if error.errno in {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}:
        return f"Could not write{where}: the disk is full; free some space and try again."
    reason = error.strerror or str(error)
    reason = reason[:1].lower() + reason[1:]
    return f"Could not use{where}: {reason}; check the path and its permissions."


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the commands that need no TUI."""
    args = parse(argv)
    if args.command in TUI_COMMANDS:
        sys.stderr.write("curriculum: the app is launched by `tui.launcher`.\n")
        return 2
    return run(args)
