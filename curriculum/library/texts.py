"""A reading's text: the whole text fetched for it, else what its feed carried, and why.

`reading_texts` keeps the whole text of a reading once fetched (a page's article, a paper's
LaTeXML HTML or PDF text), so the queue reads offline. When there is none — not fetched
yet, or the page could not be had — the feed's own text stands in: its content when the
feed carried one (source `feed`), else the summary or abstract (source `abstract`), with
the reason the whole text is missing.

Whether a feed's text is already whole is judged by its length and its ending (an excerpt
ends in "Read more" or "…"); a paper's abstract never is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from curriculum.clock import from_iso, to_iso
from curriculum.library import items
from curriculum.library.content import (
    escape_markdown,
    estimate_minutes,
    html_to_markdown,
    markdown_words,
)
from curriculum.store import Database, transaction

SOURCES = ("feed", "page", "paper-html", "pdf", "abstract")
WHOLE_SOURCES = frozenset({"page", "paper-html", "pdf"})
WHOLE_FEED_WORDS = 350  # a feed text this long, not ending as an excerpt, is the whole text
RETRY_AFTER = timedelta(hours=1)  # a failed fetch is tried again after this long
_EXCERPT_END = re.compile(
    r"(read\s+more|continue\s+reading|keep\s+reading|read\s+the\s+(?:full|rest)|"
    r"\[(?:…|\.\.\.)\]|…|\(more\W*\)|the\s+post\s+.{0,80}\s+appeared\s+first\s+on.*)"
    r"[\W_]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ReadingText:
    """The text the Reader shows for a reading, where it came from, and any gap."""

    item_id: int
    source: str  # feed, page, paper-html, pdf, abstract
    markdown: str
    words: int
    url: str | None = None
    reason: str | None = None  # why the whole text is missing, when it is
    fetched_at: str | None = None

    @property
    def whole(self) -> bool:
        """Whether this is the reading's whole text (not a summary or an excerpt)."""
        return self.source in WHOLE_SOURCES or (self.source == "feed" and self.reason is None)

    def as_json(self) -> dict[str, object]:
        """The `text --json` contract."""
        return {
            "id": self.item_id,
            "source": self.source,
            "words": self.words,
            "markdown": self.markdown,
            "url": self.url,
            "reason": self.reason,
            "fetched_at": self.fetched_at,
        }


def stored(db: Database, item_id: int) -> ReadingText | None:
    """The fetched text kept for a reading (or the failure recorded), if any."""
    row = db.execute(
        "SELECT item_id, source, markdown, words, url, reason, fetched_at FROM reading_texts"
        " WHERE item_id = ?",
        [item_id],
    ).fetchone()
    return None if row is None else ReadingText(*row)


def feed_markdown(item: items.ItemDetail) -> tuple[str, str]:
    """(source, Markdown) of what the feed carried: its content, else its summary."""
    if item.content_md:
        return "feed", item.content_md
    if item.content_html and not item.arxiv_id:
        markdown = html_to_markdown(item.content_html, item.url)
        if markdown:
            return "feed", markdown
    paragraphs = item.summary.split("\n\n")
    return "abstract", "\n\n".join(escape_markdown(p) for p in paragraphs if p.strip())


def feed_is_whole(item: items.ItemDetail, markdown: str, words: int | None = None) -> bool:
    """Whether the feed's text is the whole reading (long, and not ending as an excerpt)."""
    if item.arxiv_id:
        return False
    if (markdown_words(markdown) if words is None else words) < WHOLE_FEED_WORDS:
        return False
    return _EXCERPT_END.search(markdown[-400:]) is None


def from_feed(item: items.ItemDetail, reason: str | None = None) -> ReadingText:
    """The feed's text as the reading's text; `reason` says why the whole text is missing."""
    source, markdown = feed_markdown(item)
    words = markdown_words(markdown)
    if reason is None and not (source == "feed" and feed_is_whole(item, markdown, words)):
        reason = "the whole text has not been fetched yet"
    return ReadingText(item.id, source, markdown, words, item.url, reason)


def choose(item: items.ItemDetail, kept: ReadingText | None) -> ReadingText:
    """The whole text when kept, else the feed's text and why (no database: a thread may
    run it, since converting a feed's HTML can take a while)."""
    if kept is not None and kept.source in WHOLE_SOURCES:
        return kept
    return from_feed(item, kept.reason if kept is not None else None)


def current(db: Database, item: items.ItemDetail) -> ReadingText:
    """What the Reader shows: the whole text when kept, else the feed's text and why."""
    return choose(item, stored(db, item.id))


def should_fetch(
    item: items.ItemDetail, kept: ReadingText | None, now: datetime, refresh: bool = False
) -> bool:
    """Whether the reading's whole text should be fetched now, given what is kept (no
    database: judging the feed's text may convert its HTML, so a thread may run this)."""
    if not item.url and not item.arxiv_id:
        return False
    if refresh:
        return True
    if kept is not None:
        age = now - from_iso(kept.fetched_at or "")
        return kept.source not in WHOLE_SOURCES and age > RETRY_AFTER
    source, markdown = feed_markdown(item)
    return not (source == "feed" and feed_is_whole(item, markdown))


def needs_fetch(db: Database, item: items.ItemDetail, now: datetime, refresh: bool = False) -> bool:
    """Whether the reading's whole text should be fetched now."""
    return should_fetch(item, stored(db, item.id), now, refresh)


def save(db: Database, text: ReadingText, now: datetime, wpm: float | None = None) -> ReadingText:
    """Keep a fetched text (or the reason there is none, unless a whole text is already
    kept); a whole text also sets the reading's length and estimate (at `wpm`, the reader's
    measured speed, when known). Joins the caller's transaction if there is one."""
    whole = text.source in WHOLE_SOURCES and text.words > 0
    kept = stored(db, text.item_id)
    if not whole and kept is not None and kept.source in WHOLE_SOURCES:
        return kept  # a failed refresh never replaces a whole text already kept
    with transaction(db):
        db.execute(
            "INSERT INTO reading_texts (item_id, source, markdown, words, url, reason, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET"
            " source = excluded.source, markdown = excluded.markdown, words = excluded.words,"
            " url = excluded.url, reason = excluded.reason, fetched_at = excluded.fetched_at",
            [text.item_id, text.source, text.markdown, text.words, text.url, text.reason,
             to_iso(now)],
        )  # fmt: skip
        if whole:
            minutes = estimate_minutes(text.words) if wpm is None else _at(text.words, wpm)
            db.execute(
                "UPDATE items SET words = ?, minutes = ? WHERE id = ?",
                [text.words, minutes, text.item_id],
            )
    return stored(db, text.item_id) or text


def _at(words: int, wpm: float) -> int:
    return max(1, -(-words // max(int(wpm), 1)))
