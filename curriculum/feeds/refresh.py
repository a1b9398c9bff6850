"""Refreshing feeds: fetch concurrently, parse off the loop, store one transaction per feed.

A failing feed is an `Outcome` with a reason, never an exception that stops the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from curriculum.clock import from_iso
from curriculum.feeds import ingest, restraint
from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import Entry, FeedError, FetchPolicy, Outcome, ParsedFeed, Response
from curriculum.feeds.parsers import Parsers, worker_count
from curriculum.store import Database, settings, transaction

Progress = Callable[[int, int, Outcome], None]
CHUNK_ENTRIES = 250  # entries stored per transaction (a few tens of ms of holding the lock)


@dataclass(frozen=True)
class FeedRow:
    """What a refresh needs to know about one feed."""

    id: int
    url: str
    name: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_fetched: str | None
    poll_minutes: int | None
    status: str = "ok"
    retry_after: str | None = None  # a server's Retry-After, as a stored stamp


FEED_COLUMNS = (
    "id, url, name, etag, last_modified, body_hash, last_fetched, poll_minutes, status, retry_after"
)


def all_feeds(db: Database) -> list[FeedRow]:
    """Every feed, in id order."""
    rows = db.execute(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY id").fetchall()
    return [FeedRow(*row) for row in rows]


def is_due(feed: FeedRow, now: datetime, default_minutes: int) -> bool:
    """True when a feed has never been fetched or its poll interval has passed."""
    if feed.last_fetched is None:
        return True
    interval = timedelta(minutes=feed.poll_minutes or default_minutes)
    return from_iso(feed.last_fetched) + interval <= now


def due_feeds(db: Database, now: datetime) -> list[FeedRow]:
    """The feeds whose poll interval has passed."""
    minutes = int(settings.get(db, "fetch.interval_minutes"))
    return [feed for feed in all_feeds(db) if is_due(feed, now, minutes)]


@dataclass
class _Fetched:
    feed: FeedRow
    response: Response
    status: str
    parsed: ParsedFeed | None = None
    error: str | None = None


async def _fetch_and_parse(fetcher: Fetcher, parsers: Parsers, feed: FeedRow) -> _Fetched:
    response = await fetcher.fetch(feed.url, feed.etag, feed.last_modified)
    if response.error:
        return _Fetched(feed, response, "error", error=response.error)
    if response.not_modified:
        return _Fetched(feed, response, "not_modified")
    body = response.body or b""
    if feed.body_hash and ingest.body_hash(body) == feed.body_hash:
        return _Fetched(feed, response, "unchanged")
    try:
        parsed = await parsers.parse(body, response.headers, response.final_url)
    except FeedError as error:
        return _Fetched(feed, response, "error", error=str(error))
    return _Fetched(feed, response, "new", parsed=parsed)


def _outcome(fetched: _Fetched) -> Outcome:
    response = fetched.response
    return Outcome(
        feed_id=fetched.feed.id,
        url=response.permanent_url or fetched.feed.url,
        name=fetched.feed.name,
        status=fetched.status,
        http_status=response.status,
        error=fetched.error,
        warning=fetched.parsed.warning if fetched.parsed else None,
        offline=response.offline,
    )


def _chunks(entries: list[Entry]) -> list[list[Entry]]:
    """Entries in slices of CHUNK_ENTRIES (one empty slice when there are none)."""
    return [entries[i : i + CHUNK_ENTRIES] for i in range(0, len(entries), CHUNK_ENTRIES)] or [[]]


def store_result(db: Database, fetched: _Fetched, now: datetime) -> Outcome:
    """Write one feed's fetch into the database.

    A feed of up to CHUNK_ENTRIES entries is one transaction. A bigger one is stored in
    transactions of CHUNK_ENTRIES, so no other writer (the app, a cron fetch) waits long for
    the lock; the fetch itself (validators, status) is recorded with the last, so a refresh
    stopped midway fetches the feed again next time and completes it, duplicating nothing.
    """
    feed, response, parsed = fetched.feed, fetched.response, fetched.parsed
    outcome = _outcome(fetched)
    chunks = _chunks(ingest.distinct_guids(parsed.entries) if parsed is not None else [])
    writer: ingest.EntryWriter | None = None
    for number, chunk in enumerate(chunks, 1):
        with transaction(db):
            if parsed is not None:
                if writer is None:
                    writer = ingest.EntryWriter(db, feed.id, now, ingest.feed_filters(db, feed.id))
                writer.write(chunk)
            if number == len(chunks):
                if writer is not None:
                    outcome.new_items = writer.result.new
                    outcome.updated_items = writer.result.updated
                ingest.record_fetch(db, feed.id, outcome, response, parsed, now)
    return outcome


async def refresh_feeds(
    db: Database,
    feeds: Sequence[FeedRow],
    now: datetime,
    policy: FetchPolicy | None = None,
    progress: Progress | None = None,
    named: bool = False,
    workers: int | None = None,
) -> list[Outcome]:
    """Refresh `feeds` concurrently; returns one outcome per feed, in the given order.

    `workers` caps the parsing processes (default: `worker_count` for a foreground run).
    Connection failures are held back until the end: when every feed failed that way the
    machine is offline, and nothing is written (no feed is marked as failing). Feeds whose
    server asked for restraint are not asked (`restraint`); `named` (the user picked these
    feeds) tries gone ones once more.
    """
    outcomes = restraint.held_back_all(feeds, now, named)
    todo = [f for f in feeds if f.id not in outcomes]
    unreachable: list[_Fetched] = []
    count = worker_count(len(todo)) if workers is None else workers
    async with Parsers(count) as parsers, Fetcher(policy) as fetcher:
        tasks = [asyncio.ensure_future(_fetch_and_parse(fetcher, parsers, f)) for f in todo]
        try:
            for next_done in asyncio.as_completed(tasks):
                fetched = await next_done
                if fetched.response.offline:
                    unreachable.append(fetched)
                    outcome = _outcome(fetched)
                else:
                    outcome = store_result(db, fetched, now)
                outcomes[fetched.feed.id] = outcome
                if progress is not None:
                    progress(len(outcomes), len(feeds), outcome)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    if len(unreachable) < len(todo):
        for fetched in unreachable:
            store_result(db, fetched, now)
    return [outcomes[f.id] for f in feeds]


def refresh(
    db: Database,
    feeds: Sequence[FeedRow],
    now: datetime,
    policy: FetchPolicy | None = None,
    progress: Progress | None = None,
    named: bool = False,
    workers: int | None = None,
) -> list[Outcome]:
    """`refresh_feeds` for synchronous callers (the CLI, the app's refresh process)."""
    return asyncio.run(refresh_feeds(db, feeds, now, policy, progress, named, workers))


def all_offline(outcomes: Sequence[Outcome]) -> bool:
    """True when every feed asked failed because the network could not be reached."""
    asked = [o for o in outcomes if o.status not in restraint.HELD]
    return bool(asked) and all(o.status == "error" and o.offline for o in asked)
