"""Printing for the CLI: JSON for scripts, plain aligned tables for people.

Every string printed passes through `strip_controls` (tables through `clean_line`), so
feed text or a typed argument cannot emit terminal escapes even if it slipped past ingest.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Sequence
from typing import Any

from curriculum.text import clean_line, plural, strip_controls

__all__ = ["ask", "emit_json", "plural", "reader_gone", "say", "table"]


def emit_json(value: Any) -> None:
    """Print a JSON document (ASCII-safe, so no raw control characters reach the terminal)."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=True) + "\n")


SIGPIPE_STATUS = 128 + 13  # how a Unix tool ends when the reader of its output goes away


def reader_gone() -> int:
    """The reader of our output left (`curriculum items | head -1`): end quietly, as Unix
    tools do. Nothing more is written (Python's final flush would fail again and print an
    error), and the exit status is that of a process ended by SIGPIPE."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return SIGPIPE_STATUS


def say(text: str = "") -> None:
    """Print one line for a person (controls and invisible characters removed, whatever the
    line quotes: a feed's name, an address typed on the command line)."""
    sys.stdout.write(strip_controls(text) + "\n")


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print rows as aligned columns; the widest column is trimmed to the terminal width."""
    cells = [[clean_line(str(c), 500) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    total = shutil.get_terminal_size((120, 24)).columns
    excess = sum(widths) + 2 * (len(widths) - 1) - total
    if excess > 0:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        widths[widest] = max(widths[widest] - excess, 10)
    for row in [list(headers), *cells]:
        line = "  ".join(_fit(c, w).ljust(w) for c, w in zip(row, widths, strict=True))
        say(line.rstrip())


def ask(question: str) -> bool:
    """A yes/no question on a terminal (default no); False without one (scripts, cron)."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}
