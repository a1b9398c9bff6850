"""Related readings: the readings most like one, from the full-text index."""

from __future__ import annotations

import pytest

from curriculum.errors import NotFoundError
from curriculum.library.related import distinctive, related
from curriculum.queue import actions
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item


def test_the_closest_readings_come_first_with_the_words_they_share(bare_db):
    db = bare_db
    feed = add_feed(db, "F")
    probe = add_item(
        db,
        "Sparse autoencoders on transformer circuits",
        feed,
        summary="We train sparse autoencoders to find circuits in transformers.",
    )
    near = add_item(
        db,
        "Circuits found by sparse autoencoders",
        feed,
        summary="Sparse autoencoders reveal circuits.",
    )
    far = add_item(db, "Bitcoin trading volume", feed, summary="Exchanges and wallets.")
    half = add_item(db, "Transformers for translation", feed, summary="Transformers translate.")
    found = related(db, probe)
    assert [r.id for r in found] == [near, half]
    assert {"sparse", "autoencoders", "circuits"} & set(found[0].shared)
    assert far not in [r.id for r in found] and probe not in [r.id for r in found]
    assert found[0].as_json()["source"] == "F"


def test_skipped_readings_are_left_out(bare_db):
    db = bare_db
    feed = add_feed(db, "F")
    probe = add_item(db, "Debate as scalable oversight", feed)
    other = add_item(db, "Debate games and oversight", feed)
    actions.skip(db, other, NOW)
    assert related(db, probe) == []


def test_words_found_only_in_this_reading_are_not_asked_for(bare_db):
    db = bare_db
    feed = add_feed(db, "F")
    probe = add_item(db, "Zyxwv oversight", feed)
    add_item(db, "Oversight again", feed)
    add_item(db, "Something else", feed)
    assert distinctive(db, "Zyxwv oversight", "") == ["oversight"]
    assert probe


def test_an_unknown_reading_is_a_clear_error(bare_db):
    with pytest.raises(NotFoundError, match="no reading with id 42"):
        related(bare_db, 42)
