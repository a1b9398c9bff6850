"""HTTP header values from servers: the validators we keep and send back (`ETag`,
`Last-Modified`) and a server's request to wait (`Retry-After`).

A header value is outside text. Before it is stored, and again before it is sent, it must be
what a request header may carry: visible ASCII with single inner spaces, no quotes out of
place, no line breaks, and short. Anything else is dropped (a fetch without a validator is
merely unconditional), so a server that once sent a strange `ETag` cannot break later fetches.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

MAX_VALIDATOR = 512  # characters; real ETags are tens, HTTP dates 29
MAX_WAIT = timedelta(days=7)  # the longest Retry-After honoured
_VISIBLE = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")
_ENTITY_TAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e]*"')
_SECONDS = re.compile(r"[0-9]+")


def _visible(value: object, limit: int = MAX_VALIDATOR) -> str | None:
    """The value stripped, if it is non-empty visible ASCII within `limit`; else None."""
    if not isinstance(value, str):
        return None
    text = value.strip(" \t")
    if not text or len(text) > limit or not _VISIBLE.fullmatch(text):
        return None
    return text


def etag(value: object) -> str | None:
    """An `ETag` safe to store and send back as `If-None-Match`, or None.

    A proper entity tag (`"abc"`, `W/"abc"`) is kept as sent; so is a bare token without
    quotes or spaces (many servers send those, and echo them back happily). Quotes out of
    place, spaces in a bare token, non-ASCII or control characters, or more than 512
    characters: None.
    """
    text = _visible(value)
    if text is None:
        return None
    if _ENTITY_TAG.fullmatch(text):
        return text
    return text if '"' not in text and " " not in text else None


def http_date(value: object) -> datetime | None:
    """An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT` and the older forms) as UTC, or None."""
    text = _visible(value, 64)
    if text is None:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


def last_modified(value: object) -> str | None:
    """A `Last-Modified` safe to store and send back as `If-Modified-Since` (kept exactly as
    the server wrote it, since some compare the text), or None when it is not an HTTP date."""
    text = _visible(value, 64)
    return text if text is not None and http_date(text) is not None else None


def retry_after(value: object, now: datetime) -> datetime | None:
    """When a `Retry-After` (seconds, or an HTTP date) lets us ask again, at most seven days
    from `now`; None when there is no usable value."""
    text = _visible(value, 64)
    if text is None:
        return None
    if _SECONDS.fullmatch(text):  # at most 64 digits (`_visible`); beyond 7 days is 7 days
        wait = timedelta(seconds=min(int(text), int(MAX_WAIT.total_seconds())))
    else:
        moment = http_date(text)
        if moment is None:
            return None
        wait = min(max(moment - now, timedelta(0)), MAX_WAIT)
    return now + wait
