"""`curriculum add URL|ARXIV-ID`: one reading, from the arXiv API or a web page."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urlsplit

from curriculum import urls
from curriculum.clock import from_iso, to_iso
from curriculum.feeds import arxiv, discover, fulltext, ingest, manage
from curriculum.feeds.endpoints import ArxivEndpoints
from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import Entry, FeedError, FetchPolicy, Response
from curriculum.feeds.parse import PAPER_MINUTES, looks_like_html
from curriculum.library import concepts
from curriculum.library.content import estimate_minutes, summary_text, words_in_html
from curriculum.store import Database, transaction
from curriculum.text import clean_line, strip_controls


@dataclass
class ReadingResult:
    """What `add` did."""

    item_id: int
    title: str
    existed: bool
    minutes: int = 0
    text_source: str | None = None  # where its text came from (`text --json` sources)
    text_reason: str | None = None  # why the whole text is missing, if it is


def _existing(db: Database, arxiv_id: str | None, url: str | None) -> tuple[int, str] | None:
    if arxiv_id:
        row = db.execute("SELECT id, title FROM items WHERE arxiv_id = ?", [arxiv_id]).fetchone()
        if row:
            return int(row[0]), str(row[1])
    canonical = urls.canonical_url(url)
    if canonical:
        row = db.execute(
            "SELECT id, title FROM items WHERE canonical_url = ? ORDER BY id LIMIT 1", [canonical]
        ).fetchone()
        if row:
            return int(row[0]), str(row[1])
    return None


def _meta(soup: object, *names: str) -> str:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find(  # type: ignore[attr-defined]
            "meta", attrs={"name": name}
        )
        if tag and tag.get("content"):
            return str(tag["content"])
    return ""


def _date(text: str) -> str | None:
    try:
        return to_iso(from_iso(text.strip())) if text.strip() else None
    except ValueError:
        return None


def page_entry(response: Response) -> Entry:
    """A reading from a web page: its title, description, author, date and text length."""
    from bs4 import BeautifulSoup

    html = discover.decode(response.body or b"", response.headers.get("content-type", ""))
    soup = BeautifulSoup(html, "html.parser")
    title = _meta(soup, "og:title", "twitter:title") or (soup.title.string if soup.title else "")
    body = soup.find("article") or soup.find("main")
    content = strip_controls(str(body)) if body else None
    words = words_in_html(content or html)
    author = _meta(soup, "author", "article:author")
    url = response.final_url
    title = clean_line(title or "", 300) or url
    summary = summary_text(_meta(soup, "og:description", "description", "twitter:description"))
    return Entry(
        guid=url,
        title=title,
        url=url,
        authors=[clean_line(author, 200)] if author else [],
        published=_date(_meta(soup, "article:published_time", "date")),
        summary=summary,
        content_html=content,
        words=words,
        minutes=estimate_minutes(words),
        concepts=concepts.tag_reading(title, summary),
    )


def _pdf_entry(response: Response) -> Entry:
    name = unquote(urlsplit(response.final_url).path.rsplit("/", 1)[-1]) or response.final_url
    return Entry(
        guid=response.final_url,
        title=clean_line(name.removesuffix(".pdf"), 300),
        url=response.final_url,
        authors=[],
        published=None,
        summary="",
        content_html=None,
        words=0,
        minutes=PAPER_MINUTES,
    )


async def _web_entry(fetcher: Fetcher, url: str) -> tuple[Entry, Response]:
    response = await fetcher.fetch(url)
    if response.error:
        raise FeedError(f"Could not add {url}: {response.error}.")
    if response.content_type == "application/pdf" or (response.body or b"")[:5] == b"%PDF-":
        return _pdf_entry(response), response
    if not looks_like_html(response.body or b"") and response.content_type != "text/html":
        raise FeedError(
            f"{url} is not a web page (it is {response.content_type or 'unknown data'}); "
            "for a feed use `curriculum feed add`."
        )
    return await asyncio.to_thread(page_entry, response), response


async def add_reading_async(
    db: Database,
    text: str,
    now: datetime,
    policy: FetchPolicy | None = None,
    endpoints: ArxivEndpoints | None = None,
    fetch_text: bool = True,
    wpm: float | None = None,
) -> ReadingResult:
    """Add one reading by arXiv id or URL (an existing one is reported, not duplicated),
    and keep its whole text for offline reading (unless `fetch_text` is false)."""
    endpoints = endpoints or ArxivEndpoints.from_env()
    paper = urls.arxiv_id(text.strip())
    url = None if paper else manage.user_url(text)
    paper = paper or urls.arxiv_id(url)
    found = _existing(db, paper, url)
    if found:
        return ReadingResult(found[0], found[1], existed=True)
    async with Fetcher(endpoints.polite(policy)) as fetcher:
        response = None
        if paper:
            entry = await arxiv.fetch_paper(fetcher, paper, endpoints.api)
        else:
            entry, response = await _web_entry(fetcher, str(url))
        found = _existing(db, entry.arxiv_id, entry.url)
        if found:
            return ReadingResult(found[0], found[1], existed=True)
        with transaction(db):
            item_id = ingest.insert_item(db, None, entry, to_iso(now), origin="manual")
        result = ReadingResult(item_id, entry.title, existed=False, minutes=entry.minutes)
        if fetch_text:
            await _keep_text(db, fetcher, result, response, endpoints, now, wpm)
    return result


async def _keep_text(
    db: Database,
    fetcher: Fetcher,
    result: ReadingResult,
    response: Response | None,
    endpoints: ArxivEndpoints,
    now: datetime,
    wpm: float | None,
) -> None:
    """The new reading's whole text: from the page already fetched, else fetched now."""
    from curriculum.library import items

    item = items.get_item(db, result.item_id)
    if response is not None:
        found = fulltext.TextResult(
            await asyncio.to_thread(fulltext.text_of_response, item, response)
        )
    else:
        found = await fulltext.fetch_text(fetcher, item, endpoints)
    kept = fulltext.keep(db, found, now, wpm)
    result.text_source, result.text_reason = kept.source, kept.reason
    result.minutes = items.get_item(db, result.item_id).minutes


def add_reading(
    db: Database,
    text: str,
    now: datetime,
    policy: FetchPolicy | None = None,
    endpoints: ArxivEndpoints | None = None,
    fetch_text: bool = True,
    wpm: float | None = None,
) -> ReadingResult:
    """`add_reading_async` for synchronous callers (the CLI)."""
    return asyncio.run(add_reading_async(db, text, now, policy, endpoints, fetch_text, wpm))
