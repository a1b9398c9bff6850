"""Feed refreshes in the background: a thread with its own connection and event loop.

The app's own thread only draws and answers keys. Downloading, storing (on a connection of
the refresh's own: a `Database` belongs to its thread) and parsing (in worker processes)
happen elsewhere, so a refresh never holds up a key. Progress and the end come back to the
app as messages (`post_message` is thread-safe). One refresh runs at a time; quitting stops
it, and with it its downloads and worker processes. A refresh that fails is never silent:
`notice` turns every ending into the toast to show, and the Feeds screen's header keeps it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from textual.message import Message

from curriculum import store
from curriculum.errors import CurriculumError
from tui import guard

Select = Callable[[Database, datetime], Sequence[Any]]  # which feeds (FeedRow), in the thread


def due_feeds(db: Database, now: datetime) -> Sequence[Any]:
    """The feeds whose poll interval has passed (the launch refresh)."""
    from curriculum.feeds import refresh

    return refresh.due_feeds(db, now)


def chosen_feeds(feed_ids: Sequence[int] | None = None) -> Select:
    """Every feed, or those with these ids (`R`, `r`)."""

    def select(db: Database, now: datetime) -> Sequence[Any]:
        from curriculum.feeds import refresh

        feeds = refresh.all_feeds(db)
        return feeds if feed_ids is None else [f for f in feeds if f.id in set(feed_ids)]

    return select


def plural(count: int, word: str) -> str:
    """`1 feed`, `2 feeds`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass
class RefreshRun:
    """One refresh: what it is, how far it got, and how it ended."""

    kind: str  # "launch" (due feeds, quietly) or "manual" (R, r)
    total: int = 0
    done: int = 0
    outcomes: list[Any] = field(default_factory=list)
    failure: str | None = None  # the sentence for a refresh that stopped with an error
    cancelled: bool = False
    finished: bool = False

    @property
    def new_items(self) -> int:
        """Readings that arrived."""
        return sum(o.new_items for o in self.outcomes)

    @property
    def failed(self) -> int:
        """Feeds that failed."""
        return sum(1 for o in self.outcomes if o.status == "error")

    @property
    def offline(self) -> bool:
        """Every feed failed because the network could not be reached."""
        return bool(self.outcomes) and all(o.status == "error" and o.offline for o in self.outcomes)


def outcome_line(outcomes: Sequence[Any], where: str = "Problem") -> str:
    """`12 new readings from 20 feeds; 1 failed (see Problem)`."""
    new = sum(o.new_items for o in outcomes)
    errors = sum(1 for o in outcomes if o.status == "error")
    line = f"{plural(new, 'new reading')} from {plural(len(outcomes), 'feed')}"
    return line + (f"; {errors} failed (see {where})" if errors else "")


def notice(run: RefreshRun) -> tuple[str, str] | None:
    """The toast for a finished refresh, as (message, severity); None for a quiet one."""
    if run.cancelled:
        return None
    if run.failure is not None:
        return f"Refreshing feeds failed: {run.failure}", "error"
    if not run.outcomes:
        return ("No feeds to refresh.", "information") if run.kind == "manual" else None
    if run.offline:
        if run.kind == "launch":
            return "Offline: feeds were not refreshed.", "information"
        return "You seem to be offline: no feed could be reached.", "warning"
    severity = "warning" if run.failed else "information"
    if run.kind == "launch":
        if not (run.new_items or run.failed):
            return None  # a launch refresh that brought nothing says nothing
        return outcome_line(run.outcomes, where="Feeds"), severity
    return outcome_line(run.outcomes), severity


def status_line(run: RefreshRun | None) -> str:
    """The Feeds header's line about the running or last refresh ('' before any)."""
    if run is None or run.cancelled:
        return ""
    if not run.finished:
        return f"Refreshing: {run.done} of {plural(run.total, 'feed')}…"
    if run.failure is not None:
        return f"The last refresh failed: {run.failure}"
    if run.offline:
        return "The last refresh could reach no feed (offline?)."
    if not run.outcomes:
        return ""
    return f"Last refresh: {outcome_line(run.outcomes)}."


class FeedsRefreshed(Message):
    """Feeds were refreshed in the background; lists showing readings may reload."""


class RefreshProgress(Message):
    """The running refresh moved on (or started: `done` 0)."""

    def __init__(self, run: RefreshRun) -> None:
        super().__init__()
        self.run = run


class RefreshFinished(Message):
    """A refresh ended: `run` has its outcomes, its failure, or was cancelled."""

    def __init__(self, run: RefreshRun) -> None:
        super().__init__()
        self.run = run


class Refresher:
    """Runs the app's feed refreshes, one at a time, each in a thread of its own."""

    def __init__(self, app: Any, path: Path) -> None:
        self.app = app
        self.path = path
        self.current: RefreshRun | None = None  # running
        self.last: RefreshRun | None = None  # the latest, running or finished
        self._thread: threading.Thread | None = None  # the running refresh's thread
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._stopping = False

    @property
    def running(self) -> bool:
        """Whether a refresh is under way."""
        return self.current is not None

    def start(self, kind: str, select: Select, now: datetime, policy: Any = None) -> bool:
        """Start a refresh of the feeds `select` picks; False when one is already running.

        It runs as a thread worker of the app (so `app.workers` can wait for it).
        """
        if self.current is not None:
            return False
        run = RefreshRun(kind)
        self.current = self.last = run
        self._stopping = False
        self.app.run_worker(
            partial(self._work, run, select, now, policy),
            name=f"refresh-{kind}",
            group="feeds-refresh",
            thread=True,
            exit_on_error=False,  # `_work` reports every error itself
        )
        return True

    def stop(self, timeout: float = 3.0) -> None:
        """Cancel a running refresh and wait (up to `timeout`) for its thread to end."""
        self._stopping = True
        loop, task = self._loop, self._task
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # its loop has already closed
                loop.call_soon_threadsafe(task.cancel)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def finish(self, run: RefreshRun) -> None:
        """Called by the app when it handles RefreshFinished."""
        if self.current is run:
            self.current = None

    # in the refresh's thread ---------------------------------------------------------

    def _work(self, run: RefreshRun, select: Select, now: datetime, policy: Any) -> None:
        self._thread = threading.current_thread()
        try:
            db = store.open_db(self.path)
        except Exception as error:
            run.failure = _describe(error)
        else:
            try:
                asyncio.run(self._refresh(db, run, select, now, policy))
            except asyncio.CancelledError:
                run.cancelled = True
            except Exception as error:
                run.failure = guard.failure_sentence(error, db) or _describe(error)
            finally:
                self._loop = self._task = None
                db.close()
        run.finished = True
        self.app.post_message(RefreshFinished(run))

    async def _refresh(
        self, db: Database, run: RefreshRun, select: Select, now: datetime, policy: Any
    ) -> None:
        from curriculum.feeds import parsers, refresh

        self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
        if self._stopping:
            raise asyncio.CancelledError
        feeds = list(select(db, now))
        run.total = len(feeds)
        self.app.post_message(RefreshProgress(run))

        def progress(done: int, total: int, _outcome: object) -> None:
            run.done = done
            self.app.post_message(RefreshProgress(run))

        workers = parsers.worker_count(len(feeds), background=True)
        run.outcomes = await refresh.refresh_feeds(db, feeds, now, policy, progress, workers)


def _describe(error: BaseException) -> str:
    """A sentence for an error without one of its own (a bug: its type and message)."""
    if isinstance(error, CurriculumError):
        return str(error)
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
