"""Feed dates feedparser reads wrongly: `2020/1/10 14:33:00` (common in Chinese and Japanese feeds).

feedparser's ISO 8601 fallback reads such a string as the year alone and fills in the month
and day from today's date, so a stored date would depend on when the feed was fetched. The
handler here is registered ahead of feedparser's own and reads the slash form whole (UTC).
"""

from __future__ import annotations

import re
import time

import feedparser

_SLASH_DATE = re.compile(
    r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)


def parse_slash_date(text: str) -> time.struct_time | None:
    """`YYYY/M/D[ H:MM[:SS]]` as a UTC time tuple, or None for any other shape or a bad value."""
    match = _SLASH_DATE.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        stamp = time.strptime(
            f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}",
            "%Y-%m-%d %H:%M:%S",
        )
    except ValueError:
        return None
    return stamp


feedparser.registerDateHandler(parse_slash_date)
