"""The console script: parses the command line, then runs a command or opens the app.

Textual is imported only when the app is launched, so `curriculum today` stays fast.
"""

from __future__ import annotations

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

    try:
        return run_app(cli.home_of(args), start="review" if args.command == "review" else "today")
    except CurriculumError as error:
        sys.stderr.write(f"curriculum: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
