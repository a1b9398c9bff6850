"""UTC timestamps in the one stored format, and the study-day rule.

Every timestamp in the database is ISO 8601 UTC with milliseconds and a `Z`
(`2026-11-22T03:00:00.000Z`), so text order is time order. Dates are `YYYY-MM-DD`.

The day boundary lives here and nowhere else: a study day starts at `day.starts`
local time (default 04:00), so reading at 01:30 still counts for the day before.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

ISO_FORMAT = "%Y-%m-%dT%H:%M:%S"


def utcnow() -> datetime:
    """The current time, UTC-aware. Only the edges (CLI, TUI) call this."""
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Format an aware datetime as stored: UTC, milliseconds, trailing Z."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not allowed; pass a UTC-aware one")
    utc = moment.astimezone(UTC)
    return f"{utc.strftime(ISO_FORMAT)}.{utc.microsecond // 1000:03d}Z"


def from_iso(text: str) -> datetime:
    """Parse a stored timestamp (or any ISO 8601 with offset) into an aware UTC datetime."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_day_starts(text: str) -> time:
    """Parse an `HH:MM` day-start setting."""
    hours, _, minutes = text.partition(":")
    return time(int(hours), int(minutes))


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def study_day(moment: datetime, day_starts: time, tz: tzinfo | None = None) -> date:
    """The study day that `moment` belongs to: local date, shifted back before `day_starts`.

    `tz` defaults to the system's local zone (DST handled per instant).
    """
    local = _local(moment, tz)
    shifted = local - timedelta(hours=day_starts.hour, minutes=day_starts.minute)
    return shifted.date()


def day_start(day: date, day_starts: time, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which study day `day` begins."""
    naive = datetime.combine(day, day_starts)
    local = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return local.astimezone(UTC)


def next_day_start(moment: datetime, day_starts: time, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which the study day after the one containing `moment` begins."""
    today = study_day(moment, day_starts, tz)
    return day_start(today + timedelta(days=1), day_starts, tz)


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
