"""The console script: parses the command line, then runs a command or opens the app.

Textual is imported only when the app is launched, so `curriculum today` stays fast; and
opening the app (`curriculum`, `curriculum review`, with `--home DIR`) skips building the
whole command line, so the first frame comes sooner.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence

from curriculum.errors import CurriculumError


def app_request(argv: Sequence[str]) -> tuple[str | None, str] | None:
    """(home, start screen) when the command line only opens the app, else None."""
    home, start, rest = None, "today", list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--home" and rest:
            home = rest.pop(0)
        elif arg.startswith("--home="):
            home = arg.split("=", 1)[1]
        elif arg == "review" and start == "today":
            start = "review"
        else:
            return None
    return home, start


def main(argv: Sequence[str] | None = None) -> int:
    """`curriculum [COMMAND]`: no command opens Today, `review` opens Review. An unexpected
    error anywhere is one sentence naming the crash log, and exit status 70."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # a reader that left early shows here at the latest
    except BrokenPipeError:
        from curriculum.cli.output import reader_gone

        return reader_gone()
    except Exception as error:  # the last resort
        return crashed(error, _home_arg(argv))


def _home_arg(argv: Sequence[str]) -> str | None:
    """The `--home` of a command line, if it has one."""
    for index, arg in enumerate(argv):
        if arg == "--home" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--home="):
            return arg.split("=", 1)[1]
    return None


def crashed(error: BaseException, home_arg: str | None) -> int:
    """Report a bug: one sentence on stderr, the traceback in the crash log."""
    from curriculum.cli import crash
    from curriculum.clock import utcnow
    from curriculum.store import paths
    from curriculum.text import clean_line

    sentence = crash.report(paths.home_dir(home_arg), error, utcnow(), where="launcher")
    sys.stderr.write(f"curriculum: {clean_line(sentence, 2000)}\n")
    return crash.EXIT_CRASH


def _main(argv: list[str]) -> int:
    request = app_request(argv)
    if request is None:
        import gc

        gc.disable()  # as for the app (see `open_app`): the collector skips what imports built
        from curriculum import cli

        gc.freeze()
        gc.enable()
        args = cli.parse(argv)
        if args.command not in cli.TUI_COMMANDS:
            return cli.run(args)
        request = (getattr(args, "home", None), args.command or "today")
    return open_app(*request)


def open_app(home_arg: str | None, start: str) -> int:
    """Run the app on `start`; a storage failure is one sentence and exit status 1."""
    import gc

    # Start-up imports build ~75,000 objects that live as long as the app; the cyclic
    # collector would scan them again and again (~50 ms before the first frame, one full
    # pass among them). It is paused while they load, then they are set aside from its work.
    gc.disable()
    from curriculum.store import paths
    from tui.app import run_app

    gc.freeze()
    gc.enable()

    home = paths.home_dir(home_arg)
    try:
        return run_app(home, start=start)
    except CurriculumError as error:
        sys.stderr.write(f"curriculum: {error}\n")
        return 1
    except (sqlite3.Error, OSError) as error:
        from curriculum import cli

        sys.stderr.write(f"curriculum: {cli.failure_sentence(home, error)}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
