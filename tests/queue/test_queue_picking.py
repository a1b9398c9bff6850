"""Pure queue arithmetic: filling to targets, trimming, ranking with per-feed caps."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from curriculum.queue.picking import (
    Candidate,
    FeedReading,
    Progress,
    Targets,
    fill,
    met,
    rank,
    score,
    trim,
)

NOW = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)

targets_st = st.builds(Targets, st.integers(0, 8), st.integers(0, 240))
candidate_st = st.builds(
    Candidate,
    id=st.integers(1, 60),
    minutes=st.integers(1, 90),
    reason=st.sampled_from(["carry", "track", "feed"]),
    feed_id=st.none() | st.integers(1, 5),
)


def total(chosen: list[Candidate]) -> Progress:
    progress = Progress()
    for c in chosen:
        progress = progress.plus(c.minutes)
    return progress


@given(st.lists(candidate_st, max_size=40), targets_st)
def test_fill_meets_targets_without_exceeding_them(pool, targets):
    chosen = fill(pool, targets)
    ids = [c.id for c in chosen]
    assert len(ids) == len(set(ids)), "no reading twice"
    distinct = {c.id for c in pool}
    if met(total(chosen), targets) is False:
        assert set(ids) == distinct, "stopped early only when the pool ran out"
    if chosen:
        assert not met(total(chosen[:-1]), targets), "the last pick was needed"


@given(st.lists(candidate_st, max_size=30), targets_st)
def test_fill_keeps_the_pool_order(pool, targets):
    chosen = fill(pool, targets)
    first_seen = list(dict.fromkeys(c.id for c in pool))
    positions = [first_seen.index(c.id) for c in chosen]
    assert positions == sorted(positions)


@given(st.lists(candidate_st, max_size=20), targets_st)
def test_mandatory_readings_always_enter(pool, targets):
    must = [Candidate(100 + i, 30, "snooze", mandatory=True) for i in range(3)]
    chosen = fill([*must, *pool], targets)
    assert [c.id for c in chosen[:3]] == [100, 101, 102]


def test_both_targets_disabled_picks_nothing():
    assert fill([Candidate(1, 5, "track")], Targets(0, 0)) == []


def test_fill_until_both_targets_are_met():
    pool = [Candidate(i, 10, "track") for i in range(1, 10)]
    assert len(fill(pool, Targets(2, 60))) == 6  # 2 items reached first, minutes decide
    assert len(fill(pool, Targets(4, 20))) == 4
    assert len(fill(pool, Targets(0, 25))) == 3
    assert len(fill(pool, Targets(3, 0))) == 3


def test_fill_counts_what_is_already_there():
    pool = [Candidate(i, 10, "track") for i in range(1, 10)]
    assert len(fill(pool, Targets(3, 0), start=Progress(2, 20))) == 1


@given(st.lists(candidate_st, max_size=20, unique_by=lambda c: c.id), targets_st)
def test_trim_keeps_targets_met(entries, targets):
    progress = total(entries)
    dropped = trim(entries, targets, progress)
    left = [e for e in entries if e not in dropped]
    if met(progress, targets):
        assert met(total(left), targets)
    assert all(d.reason in ("carry", "track", "feed") for d in dropped)


def test_trim_drops_from_the_end_and_spares_more():
    entries = [Candidate(i, 10, "track") for i in range(1, 6)] + [Candidate(9, 10, "more")]
    dropped = trim(entries, Targets(2, 0), Progress(6, 60))
    assert [d.id for d in dropped] == [5, 4, 3, 2]  # "more" stays and still counts


reading_st = st.builds(
    FeedReading,
    id=st.integers(1, 200),
    minutes=st.integers(1, 60),
    feed_id=st.none() | st.integers(1, 6),
    feed_priority=st.integers(-3, 3),
    priority=st.integers(-3, 3),
    published=st.integers(0, 60).map(lambda d: NOW - timedelta(days=d)),
)


@given(st.lists(reading_st, max_size=60, unique_by=lambda r: r.id), st.integers(1, 3))
def test_rank_caps_each_feed(readings, cap):
    ranked = rank(readings, NOW, per_feed=cap)
    per_feed = Counter(r.feed_id for r in ranked if r.feed_id is not None)
    assert all(count <= cap for count in per_feed.values())
    assert len({r.id for r in ranked}) == len(ranked)


@given(st.lists(reading_st, max_size=60, unique_by=lambda r: r.id))
def test_rank_interleaves_sources(readings):
    ranked = rank(readings, NOW, per_feed=2)
    feeds = {r.feed_id for r in ranked if r.feed_id is not None}
    firsts = ranked[: len(feeds) + sum(1 for r in ranked if r.feed_id is None)]
    seen = [r.feed_id for r in firsts if r.feed_id is not None]
    assert len(seen) == len(set(seen)), "every feed once before any feed twice"


def test_rank_prefers_priority_and_freshness():
    old = FeedReading(1, 5, 1, 0, 0, NOW - timedelta(days=30))
    fresh = FeedReading(2, 5, 2, 0, 0, NOW)
    favourite = FeedReading(3, 5, 3, 3, 0, NOW - timedelta(days=30))
    assert score(fresh, NOW) > score(old, NOW)
    assert [r.id for r in rank([old, fresh, favourite], NOW)] == [favourite.id, fresh.id, old.id]


def test_rank_counts_what_today_already_took():
    readings = [FeedReading(i, 5, 1, 0, 0, NOW) for i in range(1, 5)]
    assert len(rank(readings, NOW, per_feed=2, already=Counter({1: 1}))) == 1
    assert len(rank(readings, NOW, per_feed=None)) == 4
