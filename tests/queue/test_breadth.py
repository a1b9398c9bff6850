"""Breadth on purpose: the least-covered concept gets every Nth feed place; one author or
feed cannot fill the day."""

from __future__ import annotations

from collections import Counter

from curriculum.queue import actions, breadth, daily
from curriculum.queue.picking import FeedReading
from curriculum.store import settings
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item, feeds_only, set_targets


def reading(item_id: int, tags: tuple[str, ...] = (), feed: int = 1) -> FeedReading:
    return FeedReading(item_id, 5, feed, 0, 0, NOW, tags)


def test_every_third_place_goes_to_the_least_covered_concept():
    order = [reading(1, ("rlhf",)), reading(2, ("rlhf",)), reading(3), reading(4, ("debate",))]
    placed, chosen = breadth.with_breadth(order, 3, 0, Counter({"rlhf": 5}))
    assert [r.id for r in placed] == [1, 2, 4, 3]
    assert chosen == {4: "debate"}


def test_readings_placed_earlier_today_count_as_covering_their_concept():
    order = [reading(1, ("debate",)), reading(2, ("rlhf",)), reading(3, ("debate",))]
    # Never read either; place 1 already covers debate, so place 2 (every=2) goes to rlhf.
    placed, chosen = breadth.with_breadth(order, 2, 0, Counter())
    assert [r.id for r in placed] == [1, 2, 3] and chosen == {2: "rlhf"}


def test_places_count_on_from_those_already_filled_today():
    order = [reading(1), reading(2, ("debate",))]
    _, chosen = breadth.with_breadth(order, 3, 2, Counter())
    assert chosen == {2: "debate"}  # place 3 of the day is the first of this list


def test_breadth_off_keeps_the_order():
    order = [reading(1), reading(2, ("debate",))]
    assert breadth.with_breadth(order, 0, 0, Counter()) == (order, {})


def test_one_author_fills_at_most_the_cap():
    order = [reading(1), reading(2), reading(3), reading(4)]
    authors = {1: ("ada",), 2: ("ada", "bob"), 3: ("ada",), 4: ("bob",)}
    kept = breadth.cap_authors(order, authors, Counter({"bob": 1}), 2)
    assert [r.id for r in kept] == [1, 2]  # 3: ada's third; 4: bob's third (one today)


def test_a_day_of_feed_readings_has_a_breadth_place_and_no_author_twice(db):
    feeds_only(db)
    set_targets(db, 3, 0)
    settings.set_value(db, "daily.per_source", "1")
    feeds = [add_feed(db, f"feed {n}") for n in range(4)]
    add_item(db, "rlhf one", feeds[0], tags=["rlhf"], authors=["Ada"])
    add_item(db, "rlhf two", feeds[1], tags=["rlhf"], authors=["Ada"])
    add_item(db, "rlhf three", feeds[2], tags=["rlhf"], authors=["Bob"])
    debate = add_item(db, "debate", feeds[3], tags=["debate"], authors=["Cy"])
    read = add_item(db, "read rlhf", None, origin="manual", tags=["rlhf"])
    actions.done(db, read, NOW)
    entries = daily.snapshot(db, NOW).entries
    queued = [e for e in entries if e.status == "queued"]
    assert len(queued) == 3
    assert [(e.id, e.reason, e.concept) for e in queued][2] == (debate, "breadth", "debate")
    titles = [e.title for e in queued]
    assert not {"rlhf one", "rlhf two"} <= set(titles)  # Ada only once a day


def test_breadth_can_be_turned_off(db):
    feeds_only(db)
    set_targets(db, 3, 0)
    settings.set_value(db, "daily.breadth_every", "0")
    for n in range(3):
        add_item(db, f"r{n}", add_feed(db, f"f{n}"), tags=["debate"])
    reasons = {e.reason for e in daily.snapshot(db, NOW).entries}
    assert "breadth" not in reasons
