"""Parsing fetched bodies on every core: a small process pool for big refreshes.

feedparser is pure Python, so parsing holds the GIL; a refresh of many feeds parses in worker
processes while the main process keeps downloading and storing. Small refreshes (and a
refresh where nothing changed) never start a process: the pool is made on the first body
that needs parsing, and only when the refresh has at least `POOL_MIN_FEEDS` feeds.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from curriculum.feeds.model import ParsedFeed

if TYPE_CHECKING:
    from concurrent.futures import Executor

POOL_MIN_FEEDS = 8
MAX_WORKERS = 4


def worker_count(feeds: int) -> int:
    """How many parsing processes a refresh of `feeds` feeds gets (0: parse in a thread)."""
    if feeds < POOL_MIN_FEEDS:
        return 0
    return min(os.cpu_count() or 1, MAX_WORKERS, feeds)


def _context() -> Any:
    """fork on Linux when this process has no other thread (cheapest: nothing is imported
    again); else forkserver, which never forks a threaded process (the app has threads)."""
    import multiprocessing  # here: a refresh that parses nothing in a pool never needs it

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["curriculum.feeds.parse"])
        return context
    return multiprocessing.get_context("spawn")


def parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """`parse.parse_feed`, imported on first use: a refresh where nothing changed never
    loads the parser (nor concepts, content); a pool's workers load it themselves."""
    from curriculum.feeds.parse import parse_feed as parse

    return parse(body, headers, url)


def _die_with_parent() -> None:
    """Pool initializer: a worker ends when the process that started it ends, even when that
    one is killed (SIGKILL leaves no chance to shut the pool down; orphans would wait forever)."""
    if sys.platform != "linux":
        return
    import contextlib
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Parsers:
    """Where a refresh's bodies are parsed; use as `with Parsers(n) as parsers`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Executor | None = None

    def __enter__(self) -> Parsers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _executor(self) -> Executor | None:
        if self.workers and self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=_context(), initializer=_die_with_parent
            )
        return self._pool

    async def parse(self, body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
        """`parse_feed` in a worker process (or a thread); raises FeedError like it."""
        pool = self._executor()
        if pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(pool, parse_feed, body, dict(headers), url)
            except BrokenProcessPool:
                self.workers = 0  # a worker died (out of memory?): parse here from now on
        return await asyncio.to_thread(parse_feed, body, headers, url)
