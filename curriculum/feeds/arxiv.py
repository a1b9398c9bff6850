"""One arXiv paper's metadata from the arXiv API (export.arxiv.org)."""

from __future__ import annotations

from urllib.parse import urlencode

from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import Entry, FeedError
from curriculum.feeds.parse import PAPER_MINUTES, _feedparser_parse, normalise
from curriculum.library.content import count_words

API_URL = "https://export.arxiv.org/api/query"  # see `endpoints` to point it elsewhere


def abs_url(arxiv_id: str) -> str:
    """The paper's abstract page."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    """The paper's PDF (latest version)."""
    return f"https://arxiv.org/pdf/{arxiv_id}"


def paper_from_api(body: bytes, arxiv_id: str) -> Entry:
    """The Entry for `arxiv_id` in an API response; FeedError if the paper is not there."""
    parsed = _feedparser_parse(body, {"content-type": "application/atom+xml"})
    for raw in parsed.entries:
        if "api/errors" in str(raw.get("id", "")) or raw.get("title") == "Error":
            continue
        entry = normalise(raw, abs_url(arxiv_id))
        if entry.arxiv_id != arxiv_id:
            continue
        entry.url = abs_url(arxiv_id)
        entry.guid = f"arxiv:{arxiv_id}"
        entry.words = count_words(entry.summary)
        entry.minutes = PAPER_MINUTES
        pdf = pdf_url(arxiv_id)
        entry.content_html = _abstract_html(entry, pdf)
        return entry
    raise FeedError(f"arXiv has no paper with the id {arxiv_id}; check the id.")


def _abstract_html(entry: Entry, pdf: str) -> str:
    """The abstract and links as a small HTML document (converted safely when shown)."""
    from html import escape

    categories = ", ".join(escape(t) for t in entry.tags)
    return (
        f"<p>{escape(entry.summary)}</p>"
        f'<p><a href="{escape(entry.url or "")}">Abstract page</a>'
        f' · <a href="{escape(pdf)}">PDF</a>'
        + (f" · Categories: {categories}" if categories else "")
        + "</p>"
    )


async def fetch_paper(fetcher: Fetcher, arxiv_id: str, api_url: str = API_URL) -> Entry:
    """Ask the arXiv API for one paper (politely: the fetcher spaces arXiv requests)."""
    url = f"{api_url}?{urlencode({'id_list': arxiv_id, 'max_results': 1})}"
    response = await fetcher.fetch(url)
    if response.error:
        raise FeedError(f"Could not reach the arXiv API: {response.error}; try again later.")
    return paper_from_api(response.body or b"", arxiv_id)
