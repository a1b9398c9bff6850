"""Feed readings beside a track (`daily.feed_readings`), arrivals filling a short day at once,
and target changes that never take an unread reading away when a target is raised."""

from __future__ import annotations

from datetime import timedelta

import pytest

from curriculum.errors import ConfigError
from curriculum.queue import actions, daily
from curriculum.queue.picking import Candidate, Targets, feed_top_up, mix, raised
from curriculum.store import settings
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item, feeds_only, set_targets


def entries(db, now=NOW) -> list[daily.Entry]:
    return daily.snapshot(db, now).entries


def feed_posts(db, count: int, name: str = "Blog") -> list[int]:
    feed = add_feed(db, name)
    return [
        add_item(db, f"{name} post {n}", feed, minutes=10, published=NOW - timedelta(hours=n))
        for n in range(count)
    ]


def test_mix_places_feed_readings_beside_the_track():
    tracks = [Candidate(n, 10, "track") for n in (1, 2, 3)]
    feeds = [Candidate(n, 10, "feed", 9) for n in (11, 12, 13)]
    assert [c.id for c in mix(tracks, feeds, 1)] == [1, 11, 2, 3, 12, 13]
    assert [c.id for c in mix(tracks, feeds, 2)] == [1, 11, 2, 12, 3, 13]
    assert [c.id for c in mix(tracks, feeds, 0)] == [1, 2, 3, 11, 12, 13]
    assert [c.id for c in mix([], feeds, 1)] == [11, 12, 13]
    assert [c.id for c in feed_top_up(feeds[:1], feeds, 1)] == [12]


def test_raised_means_either_target_asks_for_more():
    assert raised(Targets(2, 60), Targets(3, 60))
    assert raised(Targets(2, 0), Targets(2, 10)), "enabling a target raises it"
    assert raised(Targets(2, 60), Targets(3, 30)), "one raised target is a raise"
    assert not raised(Targets(2, 60), Targets(2, 0))
    assert not raised(Targets(2, 60), Targets(1, 60))


def test_by_default_a_track_day_holds_one_feed_reading_beside_the_track(db):
    posts = feed_posts(db, 5)
    day = entries(db)
    feed_entries = [e for e in day if e.id in posts]
    assert len(feed_entries) == 1, [(e.title, e.reason) for e in day]
    assert day[0].reason == "track" and day[1].id in posts, "beside the track, not after it"
    assert sum(e.reason == "track" for e in day) >= 2, "the track still leads the day"
    assert sum(e.minutes for e in day) >= 60


def test_the_mix_is_a_setting(db):
    posts = feed_posts(db, 6)
    settings.set_value(db, "daily.feed_readings", "2")
    today = entries(db)
    assert sum(e.id in posts for e in today) == 2
    for entry in today:
        actions.done(db, entry.id, NOW)
    settings.set_value(db, "daily.feed_readings", "0")
    tomorrow = entries(db, NOW + timedelta(days=1))
    assert tomorrow and all(e.reason == "track" for e in tomorrow), "0 gives the day to the track"


def test_the_setting_is_validated(db):
    with pytest.raises(ConfigError, match=r"daily\.feed_readings"):
        settings.set_value(db, "daily.feed_readings", "many")
    with pytest.raises(ConfigError, match="from 0 to 50"):
        settings.set_value(db, "daily.feed_readings", "-1")


def test_feed_readings_arriving_later_join_a_track_day_at_once(db):
    first = [e.id for e in entries(db)]
    assert first, "the starter track fills the day"
    posts = feed_posts(db, 3)
    later = entries(db, NOW + timedelta(minutes=5))
    assert [e.id for e in later][: len(first)] == first, "nothing chosen is replaced"
    assert [e.id for e in later][len(first) :] == [posts[0]]
    assert entries(db, NOW + timedelta(minutes=6)) == later, "and it happens once"


def test_first_readings_fill_an_empty_day_at_once(bare_db):
    set_targets(bare_db, 2, 0)
    assert entries(bare_db) == [], "nothing to read yet"
    posts = feed_posts(bare_db, 4, "A") + feed_posts(bare_db, 4, "B")
    day = entries(bare_db, NOW + timedelta(minutes=1))
    assert len(day) == 2 and all(e.id in posts for e in day)
    assert {e.source for e in day} == {"A", "B"}, "sources interleaved as usual"


def test_a_day_short_after_arrivals_fills_only_its_empty_places(bare_db):
    set_targets(bare_db, 3, 0)
    only = feed_posts(bare_db, 1, "A")
    assert [e.id for e in entries(bare_db)] == only
    actions.done(bare_db, only[0], NOW)
    more = feed_posts(bare_db, 5, "B")
    day = entries(bare_db, NOW + timedelta(minutes=1))
    assert [e.id for e in day] == [only[0], more[0], more[1]]
    assert day[0].status == "read"


def test_carry_over_that_fills_the_day_still_leaves_room_for_a_feed_reading(db):
    posts = feed_posts(db, 4)
    settings.set_value(db, "daily.feed_readings", "0")
    today = [e.id for e in entries(db)]
    settings.set_value(db, "daily.feed_readings", "1")
    tomorrow = entries(db, NOW + timedelta(days=1))
    assert [e.id for e in tomorrow][: len(today)] == today
    assert sum(e.id in posts for e in tomorrow) == 1


def test_without_an_active_track_feeds_fill_the_day_as_before(db):
    feeds_only(db)
    set_targets(db, 3, 0)
    posts = feed_posts(db, 2, "A") + feed_posts(db, 2, "B")
    assert len([e for e in entries(db) if e.id in posts]) == 3


def test_raising_a_target_never_removes_an_unread_reading(db):
    posts = feed_posts(db, 3)
    set_targets(db, 1, 0)
    before = entries(db)
    assert [e.reason for e in before] == ["track", "feed"]
    set_targets(db, 1, 5)  # already met by what is queued; the old rule trimmed the feed one
    after = entries(db)
    assert [e.id for e in after][: len(before)] == [e.id for e in before]
    assert all(e.status == "queued" for e in after)
    assert any(e.id in posts for e in after)


def test_lowering_a_target_keeps_the_days_feed_reading(db):
    posts = feed_posts(db, 3)
    set_targets(db, 4, 0)
    assert sum(e.id in posts for e in entries(db)) == 1
    set_targets(db, 1, 0)
    after = entries(db)
    assert len(after) == 2 and after[0].reason == "track" and after[1].id in posts


def test_one_more_keeps_to_the_mix(db):
    posts = feed_posts(db, 3, "A") + feed_posts(db, 3, "B")
    settings.set_value(db, "daily.feed_readings", "2")
    entries(db)
    settings.set_value(db, "daily.feed_readings", "3")
    assert actions.more(db, NOW).item_id in posts, "a feed reading while the day is short"
    assert actions.more(db, NOW).item_id not in posts, "then the track again"
    assert sum(e.id in posts for e in entries(db)) == 3


def test_raising_one_target_while_lowering_the_other_removes_nothing(db):
    before = [e.id for e in entries(db)]
    assert len(before) > 3, "two readings and sixty minutes take several short readings"
    set_targets(db, 3, 0)
    assert [e.id for e in entries(db)] == before
