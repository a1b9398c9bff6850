"""The stored timestamp format and the one study-day rule."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curriculum import clock
from curriculum.clock import (
    day_start,
    from_iso,
    next_day_start,
    parse_day_starts,
    study_day,
    to_iso,
)

LONDON = ZoneInfo("Europe/London")
FOUR = time(4, 0)


def test_iso_has_milliseconds_and_z():
    moment = datetime(2026, 3, 1, 9, 5, 7, 123456, tzinfo=timezone.utc)
    assert to_iso(moment) == "2026-03-01T09:05:07.123Z"


def test_iso_converts_other_zones_to_utc():
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=LONDON)  # BST, UTC+1
    assert to_iso(moment) == "2026-07-01T11:00:00.000Z"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        to_iso(datetime(2026, 1, 1))


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_iso_round_trips_and_sorts(naive):
    moment = naive.replace(tzinfo=timezone.utc, microsecond=naive.microsecond // 1000 * 1000)
    assert from_iso(to_iso(moment)) == moment
    later = moment + timedelta(milliseconds=1)
    assert to_iso(moment) < to_iso(later)


def test_before_day_start_belongs_to_the_day_before():
    early = datetime(2026, 11, 22, 3, 59, tzinfo=timezone.utc)
    on_time = datetime(2026, 11, 22, 4, 0, tzinfo=timezone.utc)
    assert study_day(early, FOUR, timezone.utc) == date(2026, 11, 21)
    assert study_day(on_time, FOUR, timezone.utc) == date(2026, 11, 22)


def test_day_start_uses_local_time_across_dst():
    # Clocks go forward in London on 2026-03-29 (01:00 GMT -> 02:00 BST).
    assert day_start(date(2026, 3, 28), FOUR, LONDON) == datetime(
        2026, 3, 28, 4, 0, tzinfo=timezone.utc
    )
    assert day_start(date(2026, 3, 29), FOUR, LONDON) == datetime(
        2026, 3, 29, 3, 0, tzinfo=timezone.utc
    )
    # The study day of 2026-03-28 is 23 hours long.
    moment = datetime(2026, 3, 28, 12, 0, tzinfo=timezone.utc)
    assert next_day_start(moment, FOUR, LONDON) - day_start(
        date(2026, 3, 28), FOUR, LONDON
    ) == timedelta(hours=23)


def test_day_boundary_at_0400_local_in_summer():
    just_before = datetime(2026, 7, 1, 2, 59, tzinfo=timezone.utc)  # 03:59 BST
    just_after = datetime(2026, 7, 1, 3, 0, tzinfo=timezone.utc)  # 04:00 BST
    assert study_day(just_before, FOUR, LONDON) == date(2026, 6, 30)
    assert study_day(just_after, FOUR, LONDON) == date(2026, 7, 1)


@given(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 1, 1)))
def test_every_moment_lies_within_its_study_day(naive):
    moment = naive.replace(tzinfo=timezone.utc)
    day = study_day(moment, FOUR, LONDON)
    assert day_start(day, FOUR, LONDON) <= moment < next_day_start(moment, FOUR, LONDON)


def test_midnight_day_start():
    assert parse_day_starts("00:00") == time(0, 0)
    moment = datetime(2026, 1, 1, 0, 0, tzinfo=timezone.utc)
    assert study_day(moment, time(0, 0), timezone.utc) == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "back", "expected"),
    [
        ("2026-12-24", False, date(2026, 12, 24)),
        ("today", False, date(2026, 11, 22)),
        ("tomorrow", False, date(2026, 11, 23)),
        ("3d", False, date(2026, 11, 25)),
        ("+2w", False, date(2026, 12, 6)),
        ("yesterday", True, date(2026, 11, 21)),
        ("3d", True, date(2026, 11, 19)),
        (" 2W ", True, date(2026, 11, 8)),
        ("tomorrow", True, None),
        ("yesterday", False, None),
        ("next blursday", False, None),
    ],
)
def test_days_as_people_type_them(text, back, expected):
    assert clock.parse_day(text, date(2026, 11, 22), back=back) == expected
