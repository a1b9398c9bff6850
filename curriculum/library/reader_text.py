"""What the Reader shows: a reading's Markdown with its links numbered, arXiv links added.

Inline links `[text](url)` become `[text](url) [n]` and a numbered "Links" list closes the
text, so every link can be opened by its number from the keyboard. When the whole text is
missing, a line at the top says why (and that `o` opens the reading in the browser).
`reader_document` parses that Markdown into the document the Reader moves through and
anchors highlights in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from curriculum.library import items
from curriculum.library.document import Document, parse
from curriculum.library.texts import ReadingText

_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]"
    r"\((?P<url><[^<>\s]*>|[^()\s]+)(?:\s+\"[^\"]*\")?\)"
)
PAPER_SOURCES = frozenset({"paper-html", "pdf"})


def number_links(markdown: str) -> tuple[str, list[str]]:
    """Number each distinct http(s) link after its text; returns the text and the URLs."""
    urls: list[str] = []
    index: dict[str, int] = {}

    def mark(match: re.Match[str]) -> str:
        url = match["url"].strip("<>")
        if not url.startswith(("http://", "https://")):
            return match[0]
        if url not in index:
            urls.append(url)
            index[url] = len(urls)
        return f"{match[0]} [{index[url]}]"

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


def compose(item: items.ItemDetail, text: ReadingText | str) -> ReaderText:
    """The Reader's Markdown for a reading whose text (or abstract) is `text`."""
    body = text if isinstance(text, str) else text.markdown
    source = "abstract" if isinstance(text, str) else text.source
    parts = []
    if not isinstance(text, str) and text.reason and not text.whole:
        parts.append(f"*Not the whole text: {text.reason}. Press o to open it in the browser.*")
    if item.arxiv_id:
        links = " · ".join(f"[{label}]({url})" for label, url in arxiv_links(item.arxiv_id))
        parts.append(f"arXiv:{item.arxiv_id} — {links}")
        if source not in PAPER_SOURCES:
            parts.append("## Abstract")
    parts.append(body.strip() or "*No text was included with this reading: press o to open it.*")
    markdown, urls = number_links("\n\n".join(parts))
    return ReaderText(markdown + _link_list(urls), urls)


def reader_document(item: items.ItemDetail, text: ReadingText) -> Document:
    """The document the Reader shows for a reading's text (highlights are anchored in it)."""
    return parse(compose(item, text).markdown)
