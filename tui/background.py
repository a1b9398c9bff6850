"""Feed refreshes in the background: a child process does the work, the app follows it.

The app only draws and answers keys. Downloading, parsing and storing happen in a process of
their own (`curriculum.feeds.refresh_process`, at a lower CPU priority, with its own parsing
workers), so a refresh never competes with the interface for Python's GIL and never holds up
a key. The child reports progress and its end as JSON lines, which become messages here.
One refresh runs at a time; quitting ends it (its child and workers with it). A refresh that
fails is never silent: `notice` turns every ending into the toast to show, and the Feeds
screen's header keeps `status_line`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.message import Message

from curriculum.text import plural

Selection = str | Sequence[int]  # "all", "due" or feed ids


@dataclass
class RefreshRun:
    """One refresh: what it is, how far it got, and how it ended."""

    kind: str  # "launch" (due feeds, quietly) or "manual" (R, r)
    started: datetime | None = None
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


def status_line(run: RefreshRun | None, reached_since: bool = False) -> str:
    """The Feeds header's line about the running or last refresh ('' before any).

    `reached_since`: a feed was fetched after that refresh started (added, or refreshed by
    `curriculum fetch`), so an "offline" ending no longer holds and is not shown.
    """
    if run is None or run.cancelled:
        return ""
    if not run.finished:
        return (
            f"Refreshing: {run.done} of {plural(run.total, 'feed')}…"
            if run.total
            else "Refreshing…"
        )
    if run.failure is not None:
        return f"The last refresh failed: {run.failure}"
    if run.offline:
        return "" if reached_since else "The last refresh could reach no feed (offline?)."
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
    """Runs the app's feed refreshes, one at a time, each in a child process."""

    command: Callable[..., list[str]] | None = None  # tests swap the child's command line

    def __init__(self, app: Any, path: Path) -> None:
        self.app = app
        self.path = path
        self.current: RefreshRun | None = None  # running
        self.last: RefreshRun | None = None  # the latest, running or finished
        self._process: asyncio.subprocess.Process | None = None

    @property
    def running(self) -> bool:
        """Whether a refresh is under way."""
        return self.current is not None

    def start(self, kind: str, select: Selection, now: datetime, policy: Any = None) -> bool:
        """Start refreshing `select` ("all", "due" or feed ids); False when a refresh is
        already running. It is an async worker of the app, so `app.workers` can wait for it
        and quitting cancels it (which ends the child process)."""
        if self.current is not None:
            return False
        from curriculum.feeds import refresh_process

        run = RefreshRun(kind, started=now)
        self.current = self.last = run
        argv = (self.command or refresh_process.command)(self.path, now, select, policy)
        self.app.run_worker(self._watch(run, argv), name=f"refresh-{kind}", group="feeds-refresh")
        return True

    def finish(self, run: RefreshRun) -> None:
        """Called by the app when it handles RefreshFinished."""
        if self.current is run:
            self.current = None

    def stop(self) -> None:
        """End a running refresh now (its child process, and so its workers)."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()

    async def _watch(self, run: RefreshRun, argv: list[str]) -> None:
        """Start the child, follow its lines, and report how it ended."""
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
        except OSError as error:
            run.failure = f"the refresh could not start ({error.strerror or error})"
        else:
            self._process = process
            try:
                await self._follow(run, process)
            except asyncio.CancelledError:
                run.cancelled = True
                raise
            finally:
                self.stop()
                await process.wait()
                self._process = None
        finally:
            run.finished = True
            if not run.cancelled:
                self.app.post_message(RefreshFinished(run))

    async def _follow(self, run: RefreshRun, process: asyncio.subprocess.Process) -> None:
        """Read the child's report until it ends; a child that ends without one failed."""
        from curriculum.feeds.refresh_process import outcome_from

        assert process.stdout is not None and process.stderr is not None
        errors = asyncio.ensure_future(process.stderr.read())
        ended = False
        async for line in process.stdout:
            report = json.loads(line)
            run.total = report.get("total", run.total)
            run.done = report.get("done", run.done)
            if "outcomes" in report:
                run.outcomes = [outcome_from(o) for o in report["outcomes"]]
                ended = True
            if "failure" in report:
                run.failure, ended = report["failure"], True
            self.app.post_message(RefreshProgress(run))
        status = await process.wait()
        text = (await errors).decode(errors="replace").strip()
        if not ended:
            last = text.splitlines()[-1] if text else "no message"
            run.failure = f"the refresh process stopped (exit status {status}): {last}"
