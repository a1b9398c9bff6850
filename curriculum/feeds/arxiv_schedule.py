"""arXiv's announcement days, and the warning for a listing feed that stopped advancing.

arXiv announces new papers Sunday to Thursday at 20:00 US Eastern time; its listing feeds
(`rss.arxiv.org/rss/CATEGORY`, `…/atom/CATEGORY`) carry each announcement dated the next day,
Monday to Friday, at midnight Eastern, and are empty at weekends. So on any day the last
announcement day is the latest weekday (in Eastern time, a few hours after midnight, when
the listing has been rebuilt). A listing whose newest entry is older than that has not
advanced: a stuck feed or a cached copy, not a quiet day, and the feed gets a warning.
arXiv also skips a few holidays a year; the warning says so.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from urllib.parse import urlsplit

from curriculum.clock import from_iso

GRACE = timedelta(hours=3)  # the listing is rebuilt shortly after midnight Eastern
LISTING_HOSTS = ("rss.arxiv.org", "export.arxiv.org", "arxiv.org", "www.arxiv.org")


def eastern() -> tzinfo:
    """US Eastern time (arXiv's clock); a fixed UTC-5 where no time-zone data is installed."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("America/New_York")
    except (ImportError, KeyError, ValueError, OSError):
        return timezone(timedelta(hours=-5), "EST")


def is_listing(url: str) -> bool:
    """Whether a feed URL is one of arXiv's daily listings (not an API query)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host in LISTING_HOSTS and parts.path.startswith(("/rss/", "/atom/"))


def last_announcement_day(now: datetime) -> date:
    """The latest day whose listing should be out by `now` (a weekday, Eastern time)."""
    day = (now.astimezone(eastern()) - GRACE).date()
    while day.weekday() >= 5:  # Saturday, Sunday: no announcement
        day -= timedelta(days=1)
    return day


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def stale_warning(newest: str | None, now: datetime) -> str | None:
    """The warning for a listing whose newest entry (`clock.to_iso`) is older than the last
    announcement day; None while it keeps up."""
    expected = last_announcement_day(now)
    if newest is None:
        return (
            f"This arXiv listing has no announcements, though arXiv announced on "
            f"{_day(expected)}; it may be stuck (or arXiv skipped a holiday)."
        )
    try:
        newest_day = from_iso(newest).astimezone(eastern()).date()
    except ValueError:
        return None
    if newest_day >= expected:
        return None
    return (
        f"Not advancing: the newest announcement is from {_day(newest_day)}, but arXiv "
        f"announced on {_day(expected)}; the listing may be stuck (or arXiv skipped a holiday)."
    )
