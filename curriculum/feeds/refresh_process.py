"""A refresh in a process of its own (the app's), reporting as JSON lines on stdout.

The app starts `command(...)`; the child opens the database, refreshes the feeds it was told
to (every feed, some ids, or those due) and writes one JSON object per line: `{"total": n}`,
then `{"done": k}` after each feed, and last `{"outcomes": [...]}` or `{"failure": sentence}`.
Nothing of the refresh (downloading, parsing, storing) runs in the app's process, so it
never competes with the interface for Python's GIL; the child also runs at a lower CPU
priority, so on a busy machine the interface comes first. It ends at once when the app ends,
however it ends (its parsing workers with it), losing at most the transaction in flight.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from curriculum.clock import from_iso, to_iso
from curriculum.feeds._children import die_with, python_command
from curriculum.feeds.model import FetchPolicy, Outcome

NICE = 10  # how much lower the child's CPU priority is than the app's
Selection = str | Sequence[int]  # "all", "due", or feed ids


def command(
    db_path: Path, now: datetime, select: Selection, policy: FetchPolicy | None = None
) -> list[str]:
    """The command line that runs this refresh as a child of the current process."""
    request = {
        "db": str(db_path),
        "now": to_iso(now),
        "select": select if isinstance(select, str) else list(select),
        "policy": dataclasses.asdict(policy) if policy is not None else None,
        "parent": os.getpid(),
    }
    return python_command(__name__, json.dumps(request))


def outcome_from(data: dict[str, Any]) -> Outcome:
    """An Outcome back from its line."""
    return Outcome(**data)


def _policy(data: dict[str, Any] | None) -> FetchPolicy | None:
    if data is None:
        return None
    return FetchPolicy(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def _emit(value: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def _select(db: Any, select: Selection, now: datetime) -> list[Any]:
    from curriculum.feeds import refresh

    if select == "due":
        return refresh.due_feeds(db, now)
    feeds = refresh.all_feeds(db)
    if select == "all":
        return feeds
    wanted = set(select)
    return [f for f in feeds if f.id in wanted]


def run(db_path: Path, now: datetime, select: Selection, policy: FetchPolicy | None) -> None:
    """Refresh and report (the child's work, after its set-up)."""
    from curriculum import store
    from curriculum.feeds import parsers, refresh

    db = store.open_db(db_path)
    try:
        feeds = _select(db, select, now)
        _emit({"total": len(feeds)})
        outcomes = refresh.refresh(
            db,
            feeds,
            now,
            policy,
            progress=lambda done, _total, _outcome: _emit({"done": done}),
            named=not isinstance(select, str),  # asked for by name: polled even when gone
            workers=parsers.worker_count(len(feeds), background=True),
        )
    finally:
        db.close()
    _emit({"outcomes": [dataclasses.asdict(o) for o in outcomes]})


def failure_sentence(error: BaseException, db_path: Path) -> str:
    """One sentence for what stopped the refresh."""
    from curriculum import store
    from curriculum.errors import CurriculumError

    if isinstance(error, CurriculumError):
        return str(error)
    if isinstance(error, sqlite3.Error):
        return store.describe(db_path, error)
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror} ({error.filename})" if error.filename else error.strerror
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def main(request_json: str) -> None:
    """The child's entry point: set up, refresh, report; a failure is reported, not raised."""
    request = json.loads(request_json)
    die_with(int(request["parent"]))
    with contextlib.suppress(OSError):
        os.nice(NICE)
    db_path = Path(request["db"])
    try:
        run(db_path, from_iso(request["now"]), request["select"], _policy(request["policy"]))
    except BrokenPipeError:
        os._exit(1)  # the app is gone: nobody to tell
    except Exception as error:
        import traceback

        traceback.print_exc()  # to stderr, which the app keeps for its log
        _emit({"failure": failure_sentence(error, db_path)})
