"""UTC timestamps in the one stored format, and the study-day rule.

Every timestamp in the database is ISO 8601 UTC with milliseconds and a `Z`
(`2026-11-22T03:00:00.000Z`), so text order is time order. Dates are `YYYY-MM-DD`.

The day boundary lives here and nowhere else: a study day starts at `day.starts`
local time (default 04:00), so reading at 01:30 still counts for the day before.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo


def utcnow() -> datetime:
    """The current time, UTC-aware. Only the edges (CLI, TUI) call this."""
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Format an aware datetime as stored: UTC, milliseconds, trailing Z, a four-digit year
    (so text order is time order for every year from 1 to 9999).

    Raises ValueError for a naive datetime or one whose UTC time falls outside years 1-9999.
    """
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not allowed; pass a UTC-aware one")
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time is outside the years 1 to 9999") from None
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond // 1000:03d}Z"
    )


_SHORT_YEAR = re.compile(r"^(\d{1,3})-")


def from_iso(text: str) -> datetime:
    """Parse a stored timestamp (or any ISO 8601 with offset) into an aware UTC datetime.

    Raises ValueError for anything else, including a time outside the years 1 to 9999.
    A year written with fewer than four digits (as older versions stored years before
    1000) is read too.
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a time stamp")
    cleaned = _SHORT_YEAR.sub(lambda m: f"{int(m[1]):04d}-", text.strip(), count=1)
    try:
        parsed = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{text[:40]!r} is outside the years 1 to 9999") from None


def parse_day_starts(text: str) -> time:
    """Parse an `HH:MM` day-start setting."""
    hours, _, minutes = text.partition(":")
    return time(int(hours), int(minutes))


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


EARLIEST = datetime.min.replace(tzinfo=UTC)  # the first instant a stamp can hold
LATEST = datetime.max.replace(tzinfo=UTC)  # the last


def study_day(moment: datetime, day_starts: time, tz: tzinfo | None = None) -> date:
    """The study day that `moment` belongs to: local date, shifted back before `day_starts`.

    `tz` defaults to the system's local zone (DST handled per instant). Moments within a
    day of the years 1 and 9999 give the first or last date rather than overflowing.
    """
    try:
        local = _local(moment, tz)
        shifted = local - timedelta(hours=day_starts.hour, minutes=day_starts.minute)
    except (OverflowError, ValueError):
        return date.min if moment.year < 5000 else date.max
    return shifted.date()


def day_start(day: date, day_starts: time, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which study day `day` begins (at the ends of the calendar, the
    first or last instant there is)."""
    naive = datetime.combine(day, day_starts)
    try:
        local = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
        return local.astimezone(UTC)
    except (OverflowError, ValueError):
        return EARLIEST if day.year < 5000 else LATEST


def next_day_start(moment: datetime, day_starts: time, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which the study day after the one containing `moment` begins."""
    today = study_day(moment, day_starts, tz)
    if today == date.max:
        return LATEST
    return day_start(today + timedelta(days=1), day_starts, tz)


def short_date(day: date | str, this_year: int) -> str:
    """A date as the app writes it: `14 Dec`, with the year when it is not `this_year`
    (`3 Mar 2027`); ISO text is accepted."""
    value = date.fromisoformat(day) if isinstance(day, str) else day
    text = f"{value.day} {value.strftime('%b')}"
    return text if value.year == this_year else f"{text} {value.year}"


_COUNT = re.compile(r"\+?(\d{1,4})\s*([dw])")


def parse_day(text: str, today: date, back: bool = False) -> date | None:
    """A day as people type it, counted from study day `today`: `YYYY-MM-DD`, `today`, a
    count of days or weeks (`3d`, `2w`) ahead, or with `back` ago; `tomorrow` ahead and
    `yesterday` back. None when `text` is none of these."""
    cleaned = text.strip().lower()
    words = {"today": 0, "yesterday" if back else "tomorrow": 1}
    if cleaned in words:
        days = words[cleaned]
    elif match := _COUNT.fullmatch(cleaned):
        days = int(match[1]) * (7 if match[2] == "w" else 1)
    else:
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            return None
    return today - timedelta(days=days) if back else today + timedelta(days=days)
