"""What the Reader shows: a reading's Markdown with its links numbered, arXiv links added.

Inline links `[text](url)` become `[text](url) [n]` and a numbered "Links" list closes the
text, so every link can be opened by its number from the keyboard. When the whole text is
missing, a line at the top says why (and that `o` opens the reading in the browser).
`reader_document` parses that Markdown into the document the Reader moves through and
anchors highlights in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from curriculum.library import items
from curriculum.library.document import Document, parse_blocks, pieces
from curriculum.library.texts import ReadingText

_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]"
    r"\((?P<url><[^<>\s]*>|[^()\s]+)(?:\s+\"[^\"]*\")?\)"
)
PAPER_SOURCES = frozenset({"paper-html", "pdf"})


@dataclass
class Numbering:
    """Numbers for the distinct http(s) links of a text, given in order of appearance, so a
    text can be numbered a piece at a time with the same result as all at once."""

    urls: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def number(self, markdown: str) -> str:
        """`markdown` with ` [n]` after each web link."""
        return _LINK.sub(self._mark, markdown)

    def _mark(self, match: re.Match[str]) -> str:
        url = match["url"].strip("<>")
        if not url.startswith(("http://", "https://")):
            return match[0]
        if url not in self.index:
            self.urls.append(url)
            self.index[url] = len(self.urls)
        return f"{match[0]} [{self.index[url]}]"


def number_links(markdown: str) -> tuple[str, list[str]]:
    """Number each distinct http(s) link after its text; returns the text and the URLs."""
    numbering = Numbering()
    return numbering.number(markdown), numbering.urls


def arxiv_links(arxiv_id: str) -> list[tuple[str, str]]:
    """The abstract page, PDF and HTML version of an arXiv paper."""
    return [
        ("Abstract page", f"https://arxiv.org/abs/{arxiv_id}"),
        ("PDF", f"https://arxiv.org/pdf/{arxiv_id}"),
        ("HTML", f"https://arxiv.org/html/{arxiv_id}"),
    ]


def _link_list(urls: list[str]) -> str:
    lines = [f"{n}. <{url}>" for n, url in enumerate(urls, start=1)]
    return "---\n\n**Links**\n\n" + "\n".join(lines) if urls else ""


@dataclass(frozen=True)
class ReaderText:
    """Markdown to render and the numbered links in it."""

    markdown: str
    links: list[str]


def _head(item: items.ItemDetail, text: ReadingText | str, openable: bool) -> list[str]:
    """What comes before the text: why it is not whole, the paper's links."""
    parts = []
    if not isinstance(text, str) and text.reason and not text.whole:
        hint = " Press o to open it in the browser." if openable else ""
        parts.append(f"*Not the whole text: {text.reason}.{hint}*")
    if item.arxiv_id:
        links = " · ".join(f"[{label}]({url})" for label, url in arxiv_links(item.arxiv_id))
        parts.append(f"arXiv:{item.arxiv_id} — {links}")
        source = "abstract" if isinstance(text, str) else text.source
        if source not in PAPER_SOURCES:
            parts.append("## Abstract")
    return parts


def reader_pieces(
    item: items.ItemDetail, text: ReadingText | str, numbering: Numbering, openable: bool = True
) -> Iterator[str]:
    """The Reader's Markdown a piece at a time (each can be parsed alone), links numbered
    as they come, the list of links last. `openable`: the screen showing it opens the
    reading in the browser with `o` (the Reader does; Key ideas' reading panel does not)."""
    body = text if isinstance(text, str) else text.markdown
    missing = "press o to open it" if openable else "open it from the Reader"
    body = body.strip() or f"*No text was included with this reading: {missing}.*"
    head = _head(item, text, openable)
    if head:
        yield numbering.number("\n\n".join(head)) + "\n\n"
    for piece in pieces(body):
        yield numbering.number(piece)
    if numbering.urls:
        yield _link_list(numbering.urls)


def compose(item: items.ItemDetail, text: ReadingText | str) -> ReaderText:
    """The Reader's Markdown for a reading whose text (or abstract) is `text`."""
    numbering = Numbering()
    markdown = "".join(_ended(piece) for piece in reader_pieces(item, text, numbering))
    return ReaderText(markdown.rstrip("\n"), numbering.urls)


def _ended(piece: str) -> str:
    return piece if piece.endswith("\n\n") else piece.rstrip("\n") + "\n\n"


def reader_document(item: items.ItemDetail, text: ReadingText) -> Document:
    """The document the Reader shows for a reading's text (highlights are anchored in it)."""
    document = Document()
    for piece in reader_pieces(item, text, Numbering()):
        document.extend(parse_blocks(piece))
    return document
