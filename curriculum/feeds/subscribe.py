"""Adding a feed: a feed URL as is, or a page searched for its feed; then a first fetch."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from curriculum.feeds import discover, ingest, manage
from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import FeedError, FetchPolicy, Outcome, ParsedFeed, Response
from curriculum.feeds.parse import looks_like_html, parse_feed
from curriculum.store import Database, transaction


@dataclass
class AddResult:
    """What `feed add` did."""

    feed_id: int
    name: str
    url: str
    fetched: bool
    new_items: int = 0
    warning: str | None = None
    discovered_from: str | None = None  # the page the feed was found on


@dataclass
class _Found:
    url: str
    response: Response
    parsed: ParsedFeed
    page: str | None = None


def _already(db: Database, url: str) -> None:
    found = manage.subscribed(db, url)
    if found:
        raise FeedError(f"You already follow this feed as #{found[0]} “{found[1]}”.")


async def _parse(response: Response) -> ParsedFeed:
    return await asyncio.to_thread(
        parse_feed, response.body or b"", response.headers, response.final_url
    )


async def _try_candidate(fetcher: Fetcher, url: str) -> _Found | None:
    response = await fetcher.fetch(url)
    if response.error or not response.body or looks_like_html(response.body):
        return None
    try:
        parsed = await _parse(response)
    except FeedError:
        return None
    return _Found(response.permanent_url or url, response, parsed)


def _decided(tasks: list[asyncio.Task[_Found | None]]) -> tuple[bool, _Found | None]:
    """(decided, found): the first candidate in page order that worked, once every one
    before it has failed; undecided while an earlier one is still running."""
    for task in tasks:
        if not task.done():
            return False, None
        if task.result() is not None:
            return True, task.result()
    return True, None


def _best_done(tasks: list[asyncio.Task[_Found | None]]) -> _Found | None:
    """When time is up: the first candidate, in page order, that finished and worked."""
    return next((t.result() for t in tasks if t.done() and t.result() is not None), None)


async def _first_found(fetcher: Fetcher, options: list[str], until: float) -> _Found | None:
    """Try the candidates together (the fetcher bounds how many at once) until `until` on
    the loop's clock; the first in page order that is a feed wins."""
    loop = asyncio.get_running_loop()
    tasks = [asyncio.ensure_future(_try_candidate(fetcher, url)) for url in options]
    try:
        pending: set[asyncio.Task[_Found | None]] = set(tasks)
        while pending and loop.time() < until:
            _done, pending = await asyncio.wait(
                pending, timeout=until - loop.time(), return_when=asyncio.FIRST_COMPLETED
            )
            decided, found = _decided(tasks)
            if decided:
                return found
        return _best_done(tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _discover(fetcher: Fetcher, page: Response, until: float) -> _Found:
    html = discover.decode(page.body or b"", page.headers.get("content-type", ""))
    options = discover.candidates(html, page.final_url)
    found = await _first_found(fetcher, options, until)
    if found is not None:
        found.page = page.url
        return found
    late = asyncio.get_running_loop().time() >= until
    within = f" within {fetcher.policy.deadline:g} s" if late else ""
    raise FeedError(
        f"{page.url} is a web page, not a feed, and no feed was found on it{within} "
        f"(tried {len(options)} addresses: its alternate links and common paths); "
        "give the feed's own address."
    )


async def resolve(fetcher: Fetcher, url: str) -> _Found:
    """The feed at `url`, or the one its page points to; FeedError saying why not.

    The whole search (the page, then the addresses it suggests) holds one deadline, the
    fetch policy's per-feed `deadline`."""
    until = asyncio.get_running_loop().time() + fetcher.policy.deadline
    response = await fetcher.fetch(url)
    if response.error:
        raise FeedError(f"Could not add {url}: {response.error}.")
    if looks_like_html(response.body or b""):
        return await _discover(fetcher, response, until)
    try:
        parsed = await _parse(response)
    except FeedError as error:
        raise FeedError(f"Could not add {url}: {error}.") from None
    return _Found(response.permanent_url or url, response, parsed)


async def add_feed_async(
    db: Database,
    text: str,
    now: datetime,
    options: manage.FeedOptions | None = None,
    fetch: bool = True,
    policy: FetchPolicy | None = None,
) -> AddResult:
    """Subscribe to a feed (discovering it from a page if needed) and fetch it at once."""
    options = options or manage.FeedOptions()
    url = manage.user_url(text)
    _already(db, url)
    if not fetch:
        with transaction(db):
            feed_id = manage.insert_feed(db, url, now, options)
        return AddResult(feed_id, manage.get_feed(db, feed_id).name, url, fetched=False)
    async with Fetcher(policy) as fetcher:
        found = await resolve(fetcher, url)
    _already(db, found.url)
    return _store(db, found, now, options)


def _store(db: Database, found: _Found, now: datetime, options: manage.FeedOptions) -> AddResult:
    """Insert the feed and its first entries in one transaction."""
    parsed = found.parsed
    with transaction(db):
        feed_id = manage.insert_feed(
            db, found.url, now, options, title=parsed.title, site_url=parsed.site_url or found.page
        )
        result = ingest.store_entries(
            db, feed_id, parsed.entries, ingest.feed_filters(db, feed_id), now
        )
        outcome = Outcome(
            feed_id, found.url, parsed.title, "new", found.response.status, result.new
        )
        outcome.warning = parsed.warning
        ingest.record_fetch(db, feed_id, outcome, found.response, parsed, now)
    name = manage.get_feed(db, feed_id).name
    return AddResult(feed_id, name, found.url, True, result.new, parsed.warning, found.page)


def add_feed(
    db: Database,
    text: str,
    now: datetime,
    options: manage.FeedOptions | None = None,
    fetch: bool = True,
    policy: FetchPolicy | None = None,
) -> AddResult:
    """`add_feed_async` for synchronous callers (the CLI)."""
    return asyncio.run(add_feed_async(db, text, now, options, fetch, policy))
