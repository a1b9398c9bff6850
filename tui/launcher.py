"""The console script: parses the command line, then runs a command or opens the app.

Textual is imported only when the app is launched, so `curriculum today` stays fast.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence

from curriculum import cli
from curriculum.errors import CurriculumError


def main(argv: Sequence[str] | None = None) -> int:
    """`curriculum [COMMAND]`: no command opens Today, `review` opens Review."""
    args = cli.parse(argv)
    if args.command not in cli.TUI_COMMANDS:
        return cli.run(args)
    from tui.app import run_app

    home = cli.home_of(args)
    try:
        return run_app(home, start="review" if args.command == "review" else "today")
    except CurriculumError as error:
        sys.stderr.write(f"curriculum: {error}\n")
        return 1
    except (sqlite3.Error, OSError) as error:
        sys.stderr.write(f"curriculum: {cli.failure_sentence(home, error)}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
