"""Parsing fetched bodies on every core: worker processes of our own for big refreshes.

feedparser is pure Python, so parsing holds the GIL; a refresh of many feeds parses in worker
processes while the main process keeps downloading and storing. Small refreshes (and a
refresh where nothing changed) never start a process: a worker is started when a body needs
parsing and every started worker is busy, up to the refresh's count.

The workers are plain child processes (`parse_worker`) spoken to over their stdin and stdout.
No multiprocessing: nothing depends on `sys.stderr` having a file descriptor (inside the app
Textual swaps it for an object whose `fileno()` is -1, which made multiprocessing's resource
tracker fail), and there is no fork server or resource tracker to outlive a killed refresh.
A worker ends when its stdin closes, and at once when the process that started it dies.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping

from curriculum.feeds._children import python_command
from curriculum.feeds.model import FeedError, ParsedFeed

POOL_MIN_FEEDS = 8
MAX_WORKERS = 4
STOP_SECONDS = 2.0  # how long a worker may take to end after its stdin closes
BOOT = "curriculum.feeds.parse_worker"  # the module whose main() a worker runs


def worker_count(feeds: int, background: bool = False) -> int:
    """How many parsing processes a refresh of `feeds` feeds may start (0: parse in a thread).

    In the foreground (the CLI) a small refresh parses in a thread: starting a process costs
    more than it saves. In the background (the app) every refresh parses in processes, so
    parsing never competes with the interface for the GIL.
    """
    if feeds < (1 if background else POOL_MIN_FEEDS):
        return 0
    return min(os.cpu_count() or 1, MAX_WORKERS, feeds)


def parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """`parse.parse_feed`, imported on first use: a refresh where nothing changed never
    loads the parser (nor concepts, content); a worker loads it itself."""
    from curriculum.feeds.parse import parse_feed as parse

    return parse(body, headers, url)


class WorkerGone(Exception):
    """A worker process ended without answering."""


class Worker:
    """One parsing process and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.answered = 0  # requests answered so far

    @classmethod
    async def start(cls) -> Worker:
        """Start a worker (its imports run while the caller goes on)."""
        process = await asyncio.create_subprocess_exec(
            *python_command(BOOT, str(os.getpid())),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return cls(process)

    async def parse(self, body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
        """Send one body, wait for its parse; raises FeedError or WorkerGone."""
        import pickle

        from curriculum.feeds.parse_worker import HEADER

        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        data = pickle.dumps((body, dict(headers), url), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            stdin.write(HEADER.pack(len(data)) + data)
            await stdin.drain()
            (size,) = HEADER.unpack(await stdout.readexactly(HEADER.size))
            kind, value = pickle.loads(await stdout.readexactly(size))
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            raise WorkerGone from error
        self.answered += 1
        if kind == "error":
            raise FeedError(str(value))
        assert isinstance(value, ParsedFeed)
        return value

    async def stop(self, now: bool = False) -> None:
        """End the process: close its stdin and wait (or kill it when `now` or it lingers)."""
        process = self.process
        if process.stdin is not None and not process.stdin.is_closing():
            process.stdin.close()
        if now and process.returncode is None:
            process.kill()
        try:
            await asyncio.wait_for(process.wait(), STOP_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()


class Parsers:
    """Where a refresh's bodies are parsed; use as `async with Parsers(n) as parsers`."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._started: list[Worker] = []
        self._idle: list[Worker] = []
        self._starting = 0
        self._changed = asyncio.Condition()

    async def __aenter__(self) -> Parsers:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        workers, self._started, self._idle = self._started, [], []
        await asyncio.gather(
            *(w.stop(now=kind is not None) for w in workers), return_exceptions=True
        )

    @property
    def processes(self) -> list[asyncio.subprocess.Process]:
        """The worker processes running now (for tests)."""
        return [worker.process for worker in self._started]

    async def _take(self) -> Worker | None:
        """An idle worker, a new one while fewer than `workers` run, else the next freed;
        None when bodies are to be parsed in threads."""
        async with self._changed:
            while self.workers and not self._idle:
                if len(self._started) + self._starting < self.workers:
                    break
                await self._changed.wait()
            if not self.workers:
                return None
            if self._idle:
                return self._idle.pop()
            self._starting += 1
        try:
            worker: Worker | None = await Worker.start()
        except OSError:
            worker = None
        async with self._changed:
            self._starting -= 1
            if worker is None:
                self._parse_in_threads()
            else:
                self._started.append(worker)
        return worker

    async def _give_back(self, worker: Worker) -> None:
        async with self._changed:
            if worker in self._started:
                self._idle.append(worker)
            self._changed.notify()

    def _parse_in_threads(self) -> None:
        """Workers cannot run here: every waiting and later body is parsed in a thread."""
        self.workers = 0
        self._changed.notify_all()

    async def parse(self, body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
        """`parse_feed` in a worker process (or a thread); raises FeedError like it."""
        worker = await self._take() if self.workers else None
        if worker is None:
            return await asyncio.to_thread(parse_feed, body, headers, url)
        try:
            return await worker.parse(body, headers, url)
        except WorkerGone:
            if await self._lost(worker):
                return await asyncio.to_thread(parse_feed, body, headers, url)
            raise FeedError(
                "the feed could not be read: its parser was stopped (out of memory?)"
            ) from None
        finally:
            await self._give_back(worker)

    async def _lost(self, worker: Worker) -> bool:
        """Forget a dead worker; True when workers cannot run here at all (it exited by
        itself, e.g. Python could not start), False when it was killed on this body (out of
        memory?): then this feed fails and a new worker may start for the others."""
        await worker.stop()  # it has ended or is ending: its own exit status tells which
        async with self._changed:
            self._started.remove(worker)
            cannot_run = (worker.process.returncode or 0) >= 0
            if cannot_run:
                self._parse_in_threads()
            self._changed.notify()
        return cannot_run
