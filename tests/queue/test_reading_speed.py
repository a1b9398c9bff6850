"""Reading speed per kind of reading, and estimates as 80% ranges, on fixed histories."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from curriculum.clock import to_iso
from curriculum.queue import reading_speed
from curriculum.queue.reading_speed import PRIOR_SPREAD, PRIOR_WEIGHT, PRIOR_WPM, Z_80, learn
from curriculum.store import transaction
from tests.conftest import NOW
from tests.queue_data import add_item


def test_kinds():
    assert reading_speed.kind_of("2401.00001", 300, 30) == "paper"
    assert reading_speed.kind_of(None, 2500, 11) == "long"
    assert reading_speed.kind_of(None, 800, 4) == "short"
    assert reading_speed.kind_of(None, None, 12) == "long", "unknown length: by its estimate"
    assert reading_speed.kind_of(None, 0, 5) == "short"


def test_with_no_history_the_starting_speeds_and_spread_hold():
    model = learn({})
    assert not model.measured
    assert model.of("paper").wpm == pytest.approx(150)
    assert model.of("short").wpm == pytest.approx(230)
    spread = math.sqrt(PRIOR_SPREAD**2 * (1 + 1 / PRIOR_WEIGHT))
    assert model.of("long").spread == pytest.approx(spread)
    # 20 minutes typical: the 80% range is 20 / f .. 20 * f with f = exp(1.2816 * spread)
    f = math.exp(Z_80 * spread)
    interval = model.of("long").interval(20)
    assert (interval.minutes, interval.low, interval.high) == (
        20, math.floor(20 / f), math.ceil(20 * f)
    )  # fmt: skip
    assert interval.text() == f"{math.floor(20 / f)}–{math.ceil(20 * f)} min"


def test_a_fixed_history_computed_by_hand():
    # short posts read at 300 and 200 wpm; long posts at 150 wpm twice; no papers
    samples = {
        "short": [(1500, 300), (1000, 300)],  # 300 wpm, 200 wpm
        "long": [(3000, 1200), (4500, 1800)],  # 150 wpm, 150 wpm
    }
    model = learn(samples)
    logs = {"short": [math.log(300), math.log(200)], "long": [math.log(150)] * 2}
    offsets = {kind: [x - math.log(230) for x in logs[kind]] for kind in logs}
    for kind in ("short", "long", "paper"):
        xs = logs.get(kind, [])
        others = [o for other, values in offsets.items() if other != kind for o in values]
        start = math.log(PRIOR_WPM[kind]) + sum(others) / (3 + len(others))
        mean = (3 * start + sum(xs)) / (3 + len(xs))
        variance = (3 * 0.35**2 + sum((x - mean) ** 2 for x in xs)) / (3 + len(xs))
        speed = model.of(kind)
        assert speed.wpm == pytest.approx(math.exp(mean)), kind
        assert speed.spread == pytest.approx(math.sqrt(variance * (1 + 1 / (3 + len(xs))))), kind
        assert speed.samples == len(xs)
    assert model.of("long").wpm < model.of("short").wpm
    assert model.of("paper").wpm < 150, "a slower reader overall reads papers slower too"


def test_one_odd_reading_cannot_swing_the_speed():
    tab_left_open = learn({"short": [(1000, 36_000)]})  # 1,000 words in ten hours
    # clipped at 30 wpm, then one reading against three readings' worth of 230 wpm
    assert tab_left_open.of("short").wpm == pytest.approx(230**0.75 * 30**0.25)


def _timed_read(db, title: str, words: int, seconds: int, minutes: int = 5, **extra) -> int:
    item = add_item(db, title, words=words, minutes=minutes, status="read", **extra)
    with transaction(db):
        db.execute(
            "INSERT INTO reading_log (item_id, event, at, day, seconds, minutes)"
            " VALUES (?, 'read', ?, ?, ?, ?)",
            [item, to_iso(NOW - timedelta(hours=item)), "2026-11-22", seconds, minutes],
        )
    return item


def test_samples_come_from_timed_reads_and_papers_count_only_with_their_whole_text(db):
    _timed_read(db, "short", 1000, 300)
    _timed_read(db, "abstract only", 250, 1800, arxiv_id="2401.00001")
    _timed_read(db, "whole paper", 6000, 3600, arxiv_id="2401.00002")
    found = reading_speed.samples(db)
    assert found == {"short": [(1000, 300)], "long": [], "paper": [(6000, 3600)]}


def test_unread_estimates_follow_the_speed_of_their_kind(db):
    _timed_read(db, "s1", 1200, 360)  # 200 wpm
    _timed_read(db, "s2", 1200, 360)
    _timed_read(db, "s3", 1200, 360)
    short = add_item(db, "unread short", words=1000, minutes=4)
    abstract = add_item(db, "unread paper", words=200, minutes=30, arxiv_id="2401.00003")
    paper = add_item(db, "unread whole paper", words=9000, minutes=30, arxiv_id="2401.00004")
    model = reading_speed.speed_model(db)
    with transaction(db):
        reading_speed.apply(db, model)
    minutes = dict(db.execute("SELECT id, minutes FROM items WHERE id IN (?, ?, ?)",
                              [short, abstract, paper]).fetchall())  # fmt: skip
    assert minutes[short] == math.ceil(1000 / model.of("short").wpm)
    assert minutes[abstract] == 30, "an abstract says nothing of a paper's length"
    assert minutes[paper] == math.ceil(9000 / model.of("paper").wpm)
