"""Stats arithmetic on a fixed history: calendar buckets, streaks, retention, forecast, concepts."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.clock import study_day, to_iso
from curriculum.progress import coverage, stats, stats_report
from curriculum.progress.stats_text import render, sparkline
from tests.stats_history import seed

UTC = timezone.utc
TODAY = date(2026, 11, 22)  # a Sunday


def test_calendar_spans_52_week_columns_ending_today():
    cells = stats.calendar({TODAY: (2, 30), date(2026, 1, 5): (1, 10)}, TODAY)
    assert cells[0].day == date(2025, 11, 24) and cells[0].day.weekday() == 0
    assert cells[-1] == stats.DayCount(TODAY, 2, 30)
    assert len(cells) == 52 * 7
    assert sum(c.items for c in cells) == 3


def test_calendar_on_a_wednesday_ends_mid_column():
    wednesday = date(2026, 11, 18)
    cells = stats.calendar({}, wednesday)
    assert cells[0].day.weekday() == 0 and cells[-1].day == wednesday
    assert len(cells) == 51 * 7 + 3


@pytest.mark.parametrize(
    ("value", "peak", "level"), [(0, 5, 0), (1, 8, 1), (2, 8, 1), (3, 8, 2), (8, 8, 4), (1, 1, 4)]
)
def test_intensity_is_quarters_of_the_busiest_day(value, peak, level):
    assert stats.intensity(value, peak) == level


def test_reviews_per_day_keeps_the_window_and_counts_passes():
    reviews = [(TODAY, 3), (TODAY, 1), (TODAY - timedelta(days=29), 2), (TODAY - timedelta(30), 4)]
    days = stats.reviews_per_day(reviews, TODAY)
    assert len(days) == 30 and days[0].day == TODAY - timedelta(days=29)
    assert days[-1] == stats.ReviewDay(TODAY, 2, 1)
    assert days[0] == stats.ReviewDay(days[0].day, 1, 1)
    assert sum(d.count for d in days) == 3


def test_true_retention_counts_only_reviews_of_cards_in_review_state():
    retention = stats.true_retention(
        [("review", 3), ("review", 1), ("review", 2), ("learning", 1), ("new", 1), ("review", 4)]
    )
    assert (retention.passed, retention.total) == (3, 4)
    assert retention.value == 0.75
    assert stats.true_retention([("learning", 3)]).value is None


def test_due_forecast_puts_overdue_cards_on_today_and_drops_later_ones():
    dues = [TODAY - timedelta(days=5), TODAY, TODAY + timedelta(days=2), TODAY + timedelta(30)]
    forecast = stats.due_forecast(dues, TODAY)
    assert len(forecast) == 30
    assert forecast[0] == (TODAY, 2)
    assert forecast[2] == (TODAY + timedelta(days=2), 1)
    assert sum(n for _, n in forecast) == 3


def test_cards_by_state_sets_suspended_cards_apart():
    counts = stats.cards_by_state([("new", False), ("review", False), ("review", True)])
    assert counts == {"new": 1, "learning": 0, "review": 1, "relearning": 0, "suspended": 1}


def test_retrievability_is_the_target_at_the_stability_and_none_before_a_review():
    now = datetime(2026, 11, 22, tzinfo=UTC)
    at_stability = stats.retrievability(10.0, now - timedelta(days=10), now, 0.1542)
    assert at_stability == pytest.approx(0.9)
    assert stats.retrievability(10.0, now, now, 0.1542) == pytest.approx(1.0)
    assert stats.retrievability(None, None, now, 0.1542) is None


def test_retrievability_agrees_with_the_cards_module():
    from curriculum.cards.scheduling import Memory, retrievability

    now = datetime(2026, 11, 22, tzinfo=UTC)
    memory = Memory(1, "review", None, 4.2, 5.0, now, now - timedelta(days=7, hours=5))
    assert stats.retrievability(4.2, memory.last_review, now, 0.1542) == pytest.approx(
        retrievability(memory, now)
    )


def test_concepts_put_the_weakest_first():
    result = stats.concepts(
        [["rlhf"], ["rlhf", "interp"], ["agents"]],
        [(["interp"], 0.96), (["interp"], 0.9), (["rlhf"], 0.5), (["rlhf"], None)],
    )
    assert [c.tag for c in result] == ["agents", "rlhf", "interp"]
    interp = result[2]
    assert (interp.readings, interp.cards, interp.recall) == (1, 2, pytest.approx(0.93))
    assert result[0].recall is None and result[0].is_weak(0.9)
    assert result[1].is_weak(0.9) and not interp.is_weak(0.9)


def test_report_on_a_fixed_history(db, now):
    seed(db, now)
    data = stats_report.report(db, now, tz=UTC)
    reading = data["reading"]
    assert data["today"] == "2026-11-22"
    by_day = {c["day"]: c["items"] for c in reading["calendar"]}
    assert by_day["2026-11-22"] == 1 and by_day["2026-11-18"] == 2 and by_day["2026-11-19"] == 0
    assert reading["total"]["items"] == 7
    assert reading["streak"] == {"current": 3, "longest": 3}
    assert reading["target"]["met_last_30"] == 5  # days 0, 1, 2, 4 and 10 ago
    reviews = data["reviews"]
    assert reviews["true_retention"] == {"value": 0.75, "passed": 3, "reviews": 4, "desired": 0.9}
    assert sum(d["count"] for d in reviews["per_day"]) == 6  # the 45-day-old review is outside
    due = {d["day"]: d["due"] for d in reviews["forecast"] if d["due"]}
    assert due == {"2026-11-22": 1, "2026-11-23": 1, "2026-11-25": 1}  # weak overdue, cloze, strong
    assert reviews["by_state"] == {
        "new": 1, "learning": 1, "review": 2, "relearning": 0, "suspended": 1
    }  # fmt: skip
    track = data["tracks"][0]
    assert (track["read"], track["total"]) == (7, 33) and track["expected_finish"]
    concepts = {c["tag"]: c for c in data["concepts"]}
    assert data["concepts"][0]["tag"] == "reward-hacking"  # the weak concept comes first
    assert concepts["reward-hacking"]["weak"] and not concepts["interpretability"]["weak"]
    assert concepts["interpretability"]["cards"] == 1
    assert coverage.weakest_concepts(db, now) == ["reward-hacking"]


def test_stats_json_and_text_from_the_cli(cli):
    result = cli("stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "generated_at", "today", "reading", "reviews", "tracks", "concepts", "calibration",
        "reading_speed",
    }  # fmt: skip
    assert len(data["reviews"]["forecast"]) == 30
    text = cli("stats")
    assert text.returncode == 0
    assert "True retention, last 30 days: — (no reviews of cards in review state" in text.stdout
    assert "AGI Safety Fundamentals" in text.stdout


def test_text_render_names_every_section(db, now):
    seed(db, now)
    lines = "\n".join(render(stats_report.report(db, now, tz=UTC)))
    assert "streak 3 days (longest 3)" in lines
    assert "Reviews, last 30 days: 6" in lines
    assert "True retention, last 30 days: 75% (3 of 4 reviews of cards in review state" in lines
    assert "! reward-hacking" in lines
    assert sparkline([0, 4, 8]) == " ▄█" and sparkline([0, 0]) == "··"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-40 * 86400, 40 * 86400), max_size=40),
    st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC"]),
    st.sampled_from([time(0, 0), time(4, 0), time(23, 30)]),
)
def test_placing_many_stamps_by_day_agrees_with_one_at_a_time(offsets, zone, starts):
    now = datetime(2026, 10, 25, 12, tzinfo=UTC)  # across a DST change in most of the zones
    tz = ZoneInfo(zone)
    f = stats_report.Frame(now, starts, tz, study_day(now, starts, tz))
    stamps = [to_iso(now + timedelta(seconds=s)) for s in offsets] + ["2026-10-25T01:00:00Z"]
    fast = f.days_of(stamps, f.today - timedelta(20), f.today + timedelta(20))
    assert list(fast) == [f.day_of(s) for s in stamps]
