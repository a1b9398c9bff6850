"""Fetching the whole text of readings: a page's article, a paper's HTML or PDF, kept offline.

For a web page: its article (trafilatura), or its paper when the page is LaTeXML, or its
text when the link is a PDF. For an arXiv paper: the HTML version (arxiv.org/html, then
ar5iv), else the PDF's text (pypdf), else the abstract with the reason. arXiv's endpoints
and rules are in `endpoints`. Extraction runs in a thread so an event loop (the app's)
stays free; what was found is stored by the caller's thread (`library.fetched.keep`).

`prefetch` does this for many readings at once — the day's queue, so it reads offline.
Nothing raises for a bad page or an unreachable server: the reason is kept (unless the
machine is offline, when the next attempt should simply try again) and shown in the Reader.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from curriculum.feeds.endpoints import ArxivEndpoints
from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import FetchPolicy, Response
from curriculum.library import fetched, items, texts
from curriculum.library.extract import extract_page
from curriculum.library.pdf_text import pdf_to_markdown
from curriculum.store import Database

_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)
HTML_TYPES = {"text/html", "application/xhtml+xml", ""}


@dataclass(frozen=True)
class TextResult:
    """What fetching one reading's text produced."""

    text: texts.ReadingText
    offline: bool = False  # nothing could be reached: worth trying again soon

    @property
    def whole(self) -> bool:
        """Whether the whole text was found."""
        return self.text.whole


def decode_page(body: bytes, content_type: str) -> str:
    """A page's bytes as text: the header's charset, else the page's own `<meta charset>`."""
    charset = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    if charset is None and (match := _META_CHARSET.search(body[:4096])):
        charset = match[1].decode("ascii", "replace")
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _is_pdf(response: Response) -> bool:
    return response.content_type == "application/pdf" or (response.body or b"")[:5] == b"%PDF-"


def text_of_response(item: items.ItemDetail, response: Response) -> texts.ReadingText:
    """The reading's text from a fetched page or PDF, else the feed's text and why (CPU
    work: run it in a thread from an event loop)."""
    body = response.body or b""
    if _is_pdf(response):
        pdf = pdf_to_markdown(body)
        if pdf.reason is None:
            return texts.ReadingText(item.id, "pdf", pdf.markdown, pdf.words, response.final_url)
        return texts.from_feed(item, pdf.reason)
    if response.content_type not in HTML_TYPES and body.lstrip()[:1] != b"<":
        kind = response.content_type or "unknown data"
        return texts.from_feed(item, f"the link is not a web page (it is {kind})")
    page = extract_page(decode_page(body, response.headers.get("content-type", "")), item.url)
    if not page.ok:
        return texts.from_feed(item, page.reason)
    return texts.ReadingText(item.id, page.source, page.markdown, page.words, response.final_url)


async def _page(fetcher: Fetcher, item: items.ItemDetail) -> TextResult:
    response = await fetcher.fetch(str(item.url))
    if response.error:
        reason = f"the page could not be fetched ({response.error})"
        return TextResult(texts.from_feed(item, reason), offline=response.offline)
    return TextResult(await asyncio.to_thread(text_of_response, item, response))


async def _paper(fetcher: Fetcher, item: items.ItemDetail, endpoints: ArxivEndpoints) -> TextResult:
    arxiv_id = str(item.arxiv_id)
    offline = True
    for name in ("html", "ar5iv", "pdf"):
        url = endpoints.url(name, arxiv_id)
        if url is None:
            continue
        response = await fetcher.fetch(url)
        offline = offline and response.offline
        if response.error:
            continue
        text = await asyncio.to_thread(text_of_response, item, response)
        if text.source in {"paper-html", "pdf"}:
            return TextResult(text)
    reason = "arXiv has no HTML version of this paper and its PDF could not be read"
    if offline:
        reason = "arXiv could not be reached (offline?)"
    return TextResult(texts.from_feed(item, reason), offline=offline)


async def fetch_text(
    fetcher: Fetcher, item: items.ItemDetail, endpoints: ArxivEndpoints
) -> TextResult:
    """The whole text of one reading, or the feed's text with the reason."""
    if item.arxiv_id:
        return await _paper(fetcher, item, endpoints)
    if not item.url:
        return TextResult(texts.from_feed(item, "the reading has no link to fetch"))
    return await _page(fetcher, item)


def keep(db: Database, result: TextResult, now: datetime, wpm: float | None) -> texts.ReadingText:
    """Store what was fetched (a failure too, unless offline); returns what the Reader shows."""
    if result.offline and not result.whole:
        return result.text
    return fetched.keep(db, result.text, now, wpm)


@dataclass(frozen=True)
class Prefetched:
    """One reading's prefetch result (the `prefetch --json` row)."""

    item_id: int
    source: str
    words: int
    reason: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.item_id,
            "source": self.source,
            "words": self.words,
            "reason": self.reason,
        }


async def prefetch_async(
    db: Database,
    item_ids: Sequence[int],
    now: datetime,
    policy: FetchPolicy | None = None,
    endpoints: ArxivEndpoints | None = None,
    wpm: float | None = None,
    refresh: bool = False,
    done: Callable[[Prefetched], None] | None = None,
) -> list[Prefetched]:
    """Fetch and keep the whole text of every reading in `item_ids` that needs it (all of
    them with `refresh`), several at once; `done` is told of each as it is kept."""
    endpoints = endpoints or ArxivEndpoints.from_env()
    wanted = [items.get_item(db, i) for i in dict.fromkeys(item_ids)]
    wanted = [item for item in wanted if texts.needs_fetch(db, item, now, refresh)]
    results: list[Prefetched] = []
    if not wanted:
        return results
    async with Fetcher(endpoints.polite(policy)) as fetcher:

        async def one(item: items.ItemDetail) -> None:
            result = await fetch_text(fetcher, item, endpoints)
            shown = keep(db, result, now, wpm)
            row = Prefetched(item.id, shown.source, shown.words, shown.reason)
            results.append(row)
            if done is not None:
                done(row)

        await asyncio.gather(*(one(item) for item in wanted))
    return sorted(results, key=lambda r: list(item_ids).index(r.item_id))


def prefetch(
    db: Database,
    item_ids: Sequence[int],
    now: datetime,
    policy: FetchPolicy | None = None,
    endpoints: ArxivEndpoints | None = None,
    wpm: float | None = None,
    refresh: bool = False,
) -> list[Prefetched]:
    """`prefetch_async` for synchronous callers (the CLI)."""
    return asyncio.run(prefetch_async(db, item_ids, now, policy, endpoints, wpm, refresh))
