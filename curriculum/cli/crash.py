"""The last resort: an unexpected error (a bug) becomes one sentence and a crash log.

The CLI and the app call `report` when something escapes every other handler: the
traceback is appended to `crash.log` in the data folder (or the system's temporary folder
when that cannot be written), and the sentence names the file. The exit status is
`EXIT_CRASH` (70, "internal software error" in sysexits).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from curriculum import __version__
from curriculum.clock import to_iso
from curriculum.store import paths

EXIT_CRASH = 70
MAX_LOG_BYTES = 1024 * 1024  # a longer log is moved to crash.log.1 first


def _append(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
        os.replace(path, path.with_name(path.name + ".1"))
    with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
        log.write(text)


def _entry(error: BaseException, now: datetime, where: str) -> str:
    trace = "".join(traceback.format_exception(error))
    argv = " ".join(sys.argv)
    return (
        f"=== {to_iso(now)} · curriculum {__version__} · Python {sys.version.split()[0]}"
        f" · {where}\n$ {argv}\n{trace}\n"
    )


def write_log(home: Path, error: BaseException, now: datetime, where: str) -> Path | None:
    """Append the error's traceback to the crash log; the file written, or None."""
    text = _entry(error, now, where)
    for path in (paths.crash_log(home), Path(tempfile.gettempdir()) / "curriculum-crash.log"):
        try:
            _append(path, text)
        except (OSError, ValueError):
            continue
        return path
    return None


def report(home: Path, error: BaseException, now: datetime, where: str = "command") -> str:
    """Write the crash log and return the one sentence to show the user."""
    path = write_log(home, error, now, where)
    kind = type(error).__name__
    if path is None:
        return (
            f"Curriculum stopped on an unexpected error ({kind}); nothing more could be "
            "saved about it; please report it with the command you ran."
        )
    return (
        f"Curriculum stopped on an unexpected error ({kind}); the details are in {path} — "
        "please include that file when you report it."
    )
