"""Adding a feed: a feed URL as is, or a page searched for its feed; then a first fetch."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from curriculum.feeds import discover, ingest, manage
from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import FeedError, FetchPolicy, Outcome, ParsedFeed, Response
from curriculum.feeds.parse import looks_like_html, parse_feed
from curriculum.store import transaction


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


async def _discover(fetcher: Fetcher, page: Response) -> _Found:
    html = discover.decode(page.body or b"", page.headers.get("content-type", ""))
    options = discover.candidates(html, page.final_url)
    results = await asyncio.gather(*(_try_candidate(fetcher, url) for url in options))
    for found in results:
        if found is not None:
            found.page = page.url
            return found
    raise FeedError(
        f"{page.url} is a web page, not a feed, and no feed was found on it "
        f"(tried its alternate links and {len(discover.COMMON_PATHS)} common paths); "
        "give the feed's own address."
    )


async def resolve(fetcher: Fetcher, url: str) -> _Found:
    """The feed at `url`, or the one its page points to; FeedError saying why not."""
    response = await fetcher.fetch(url)
    if response.error:
        raise FeedError(f"Could not add {url}: {response.error}.")
    if looks_like_html(response.body or b""):
        return await _discover(fetcher, response)
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
