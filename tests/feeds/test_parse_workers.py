"""The parsing processes: they work where the app runs, end with their refresh, and a lost
worker costs at most the feed it was parsing."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import threading
from pathlib import Path

import pytest

from curriculum.feeds import parse, parsers
from curriculum.feeds.model import FeedError

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
HEADERS = {"content-type": "application/xml"}
BODIES = [(FEEDS / name).read_bytes() for name in ("nnw_kc0011.rss", "nnw_qemu.atom")]
URL = "https://example.org/feed"


class NoDescriptor:
    """What Textual puts in sys.stderr inside a terminal: a stream without a file descriptor."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""

    def fileno(self) -> int:
        return -1


def test_workers_parse_where_stderr_has_no_descriptor_and_threads_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside the app: Textual's stand-in stderr, and other threads running."""
    monkeypatch.setattr(sys, "stderr", NoDescriptor())
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()

    async def run() -> tuple[list[parse.ParsedFeed], int]:
        async with parsers.Parsers(2) as pool:
            jobs = [pool.parse(body, HEADERS, URL) for body in BODIES * 2]
            results = await asyncio.gather(*jobs)
            return list(results), len(pool.processes)

    try:
        results, started = asyncio.run(run())
    finally:
        stop.set()
        other.join()
    expected = [parse.parse_feed(body, HEADERS, URL) for body in BODIES * 2]
    assert [dataclasses.asdict(r) for r in results] == [dataclasses.asdict(e) for e in expected]
    assert started == 2


def test_workers_end_with_their_refresh() -> None:
    async def run() -> list[asyncio.subprocess.Process]:
        async with parsers.Parsers(2) as pool:
            await asyncio.gather(*(pool.parse(b, HEADERS, URL) for b in BODIES))
            processes = pool.processes
            assert all(p.returncode is None for p in processes)
        return processes

    processes = asyncio.run(run())
    assert len(processes) == 2 and all(p.returncode == 0 for p in processes)


def test_a_worker_killed_on_a_body_fails_that_feed_only() -> None:
    async def run() -> tuple[str, int, int]:
        async with parsers.Parsers(1) as pool:
            await pool.parse(BODIES[0], HEADERS, URL)
            [victim] = pool.processes
            victim.kill()  # as the out-of-memory killer would
            await victim.wait()
            with pytest.raises(FeedError) as failed:
                await pool.parse(BODIES[1], HEADERS, URL)
            after = await pool.parse(BODIES[1], HEADERS, URL)  # a new worker takes over
            return str(failed.value), len(after.entries), len(pool.processes)

    reason, entries, running = asyncio.run(run())
    assert "parser was stopped" in reason
    assert entries == 10 and running == 1


def test_where_workers_cannot_start_bodies_are_parsed_in_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parsers, "BOOT", "curriculum.no_such_module")  # the worker exits with 1

    async def run() -> tuple[list[int], int]:
        async with parsers.Parsers(2) as pool:
            results = await asyncio.gather(*(pool.parse(b, HEADERS, URL) for b in BODIES * 2))
            return [len(r.entries) for r in results], pool.workers

    counts, workers = asyncio.run(run())
    assert counts == [20, 10, 20, 10] and workers == 0


def test_a_bad_feed_is_a_sentence_from_a_worker() -> None:
    async def run() -> None:
        async with parsers.Parsers(1) as pool:
            await pool.parse(b"<?xml version='1.0'?><nothing/>", HEADERS, URL)

    with pytest.raises(FeedError, match="neither an RSS nor an Atom feed"):
        asyncio.run(run())


def test_the_app_parses_every_refresh_in_processes() -> None:
    assert parsers.worker_count(1, background=True) == 1
    assert parsers.worker_count(1) == 0
    assert 1 <= parsers.worker_count(100, background=True) <= parsers.MAX_WORKERS
