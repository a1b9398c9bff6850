"""Servers that ask for restraint: a 429 (or 503) with `Retry-After` is honoured, and a
410 Gone stops polling, with a note on the feed.

After a 429 the feed is not asked again before the time the server gave (at most seven
days; an hour when it gave none); refreshes in between report it as `waiting` without a
request. After a 410 the feed's status becomes `gone`: refreshes skip it (reported as `gone`)
until the user names it (`curriculum fetch FEED`, or `r` on it in the Feeds screen), which
tries once more; a feed that answers again is polled as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from curriculum.clock import from_iso, to_iso
from curriculum.feeds import headers
from curriculum.feeds.model import Outcome, Response

if TYPE_CHECKING:
    from curriculum.feeds.refresh import FeedRow

WAIT_STATUSES = {429, 503}
DEFAULT_WAIT = timedelta(hours=1)  # after a 429 that names no time
GONE = "gone"
WAITING = "waiting"
HELD = {GONE, WAITING}  # outcomes of feeds that were not asked at all


def wait_until(response: Response, now: datetime) -> datetime | None:
    """When a 429 or 503 answer lets us ask again (None: no wait asked for)."""
    if response.status not in WAIT_STATUSES:
        return None
    until = headers.retry_after(response.headers.get("retry-after"), now)
    if until is None and response.status == 429:
        until = now + DEFAULT_WAIT
    return until if until is not None and until > now else None


def span(delta: timedelta) -> str:
    """A short duration: '40 s', '12 min', '3 h', '2 d'."""
    seconds = max(1, int(delta.total_seconds()))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{round(seconds / size)} {unit}"
    return f"{seconds} s"


def answer_changes(outcome: Outcome, response: Response | None, now: datetime) -> dict[str, object]:
    """Feed columns for a server's answer (a wait, or gone), noted in the outcome's error."""
    if response is None:
        return {}
    changes: dict[str, object] = {"retry_after": None}
    until = wait_until(response, now)
    if until is not None:
        changes["retry_after"] = to_iso(until)
        wait = f"{span(until - now)} (until {until:%Y-%m-%d %H:%M} UTC)"  # stays true later
        if response.status == 429:
            outcome.error = (
                f"the server asks us to slow down (HTTP 429): not asked again for {wait}"
            )
        else:
            outcome.error = f"{outcome.error or 'the server is busy'}; not asked again for {wait}"
    if response.status == 410:
        changes["status"] = GONE
        outcome.error = (
            "the server says this feed is gone for good (HTTP 410), so it is no longer "
            "polled; remove it, or fetch it by name to try once more"
        )
    return changes


def held_back(feed: FeedRow, now: datetime, named: bool) -> Outcome | None:
    """The outcome for a feed that must not be asked now, or None to fetch it."""
    if feed.status == GONE and not named:
        note = "gone (HTTP 410): not polled; fetch it by name to try once more"
        return Outcome(feed.id, feed.url, feed.name, GONE, warning=note)
    until = _stamp(feed.retry_after)
    if until is not None and until > now:
        note = f"the server asked us to wait; asking again in {span(until - now)}"
        return Outcome(feed.id, feed.url, feed.name, WAITING, warning=note)
    return None


def held_back_all(feeds: Sequence[FeedRow], now: datetime, named: bool) -> dict[int, Outcome]:
    """The outcomes of every feed in `feeds` that must not be asked now, by feed id."""
    held = ((feed.id, held_back(feed, now, named)) for feed in feeds)
    return {feed_id: outcome for feed_id, outcome in held if outcome is not None}


def _stamp(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return from_iso(text)
    except ValueError:
        return None
