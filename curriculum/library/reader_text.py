"""What the Reader shows: a reading's Markdown with its links numbered, arXiv links added.

Inline links `[text](url)` become `[text](url) [n]` and a numbered "Links" list closes the
text, so every link can be opened by its number from the keyboard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from curriculum.library import items

_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]"
    r"\((?P<url><[^<>\s]*>|[^()\s]+)(?:\s+\"[^\"]*\")?\)"
)


def number_links(markdown: str) -> tuple[str, list[str]]:
    """Number each distinct http(s) link after its text; returns the text and the URLs."""
    urls: list[str] = []

    def mark(match: re.Match[str]) -> str:
        url = match["url"].strip("<>")
        if not url.startswith(("http://", "https://")):
            return match[0]
        if url not in urls:
            urls.append(url)
        return f"{match[0]} [{urls.index(url) + 1}]"

    return _LINK.sub(mark, markdown), urls


def arxiv_links(arxiv_id: str) -> list[tuple[str, str]]:
    """The abstract page, PDF and HTML version of an arXiv paper."""
    return [
        ("Abstract page", f"https://arxiv.org/abs/{arxiv_id}"),
        ("PDF", f"https://arxiv.org/pdf/{arxiv_id}"),
        ("HTML", f"https://arxiv.org/html/{arxiv_id}"),
    ]


def _link_list(urls: list[str]) -> str:
    lines = [f"{n}. <{url}>" for n, url in enumerate(urls, start=1)]
    return "\n\n---\n\n**Links**\n\n" + "\n".join(lines) if urls else ""


@dataclass(frozen=True)
class ReaderText:
    """Markdown to render and the numbered links in it."""

    markdown: str
    links: list[str]


def compose(item: items.ItemDetail, body: str) -> ReaderText:
    """The Reader's Markdown for a reading whose text (or abstract) is `body`."""
    parts = []
    if item.arxiv_id:
        links = " · ".join(f"[{label}]({url})" for label, url in arxiv_links(item.arxiv_id))
        parts.append(f"arXiv:{item.arxiv_id} — {links}")
        parts.append("## Abstract")
    parts.append(body.strip() or "*No text was included with this reading: press o to open it.*")
    markdown, urls = number_links("\n\n".join(parts))
    return ReaderText(markdown + _link_list(urls), urls)


def body_of(db: Database, item: items.ItemDetail) -> str:
    """The reading's Markdown, converting its HTML once (and caching it) when needed."""
    if item.content_md:
        return item.content_md
    if item.content_html:
        from curriculum.library.content import html_to_markdown

        markdown = html_to_markdown(item.content_html, item.url)
        if markdown:
            items.cache_markdown(db, item.id, markdown)
            return markdown
    return item.summary
