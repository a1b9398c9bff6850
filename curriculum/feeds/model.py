"""The data that flows through the feed pipeline: policies, responses, entries, outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field

from curriculum import __version__
from curriculum.errors import CurriculumError

USER_AGENT = (
    f"Curriculum/{__version__} (feed reader for AI alignment study; "
    "+https://github.com/curriculum-app/curriculum)"
)


class FeedError(CurriculumError):
    """A feed that cannot be fetched, parsed or added; the message says why."""


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and politeness for one run; tests shrink them to stay fast."""

    timeout: float = 15.0  # seconds per connect / read / write
    deadline: float = 45.0  # seconds for one feed, redirects and body included
    max_bytes: int = 25 * 1024 * 1024  # decompressed body cap
    max_redirects: int = 5
    concurrency: int = 8
    polite_hosts: tuple[str, ...] = ("arxiv.org",)  # one connection, spaced requests
    polite_interval: float = 3.0  # seconds between requests to a polite host
    user_agent: str = USER_AGENT


@dataclass
class Response:
    """What one fetch produced: a body, a 304, or an error sentence."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    permanent_url: str | None = None  # where permanent redirects point, if anywhere
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    error: str | None = None
    offline: bool = False  # the error was a failure to connect at all

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        """The response's `ETag`, when it is safe to store and send back."""
        from curriculum.feeds.headers import etag

        return etag(self.headers.get("etag"))

    @property
    def last_modified(self) -> str | None:
        """The response's `Last-Modified`, when it is a date safe to store and send back."""
        from curriculum.feeds.headers import last_modified

        return last_modified(self.headers.get("last-modified"))

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class Entry:
    """One normalised feed entry, ready to store."""

    guid: str
    title: str
    url: str | None
    authors: list[str]
    published: str | None  # clock.to_iso, or None when the feed gives no date
    summary: str  # plain text, safe
    content_html: str | None  # untrusted HTML, converted only when displayed
    words: int
    minutes: int
    arxiv_id: str | None = None
    announce_type: str | None = None
    tags: list[str] = field(default_factory=list)  # the feed's own categories
    concepts: list[str] = field(default_factory=list)  # concept tags (concepts.tag_reading)
    canonical_url: str | None = None  # urls.canonical_url(url), worked out by the parser
    link_problem: str | None = None  # why the link the feed gave was dropped, if it was


@dataclass
class ParsedFeed:
    """A parsed feed: its title, site link, entries and any warning."""

    title: str
    site_url: str | None
    entries: list[Entry]
    warning: str | None = None


@dataclass
class Outcome:
    """The result of refreshing one feed (the `fetch --json` row)."""

    feed_id: int
    url: str
    name: str
    status: str  # new, not_modified, unchanged, error
    http_status: int | None = None
    new_items: int = 0
    updated_items: int = 0
    error: str | None = None
    warning: str | None = None
    offline: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.feed_id,
            "url": self.url,
            "status": self.status,
            "http_status": self.http_status,
            "new_items": self.new_items,
            "error": self.error,
            "warning": self.warning,
        }
