"""The optimizer's study days, worked out in SQL, are exactly clock.study_day's."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from curriculum import store
from curriculum.cards import optimize
from curriculum.clock import from_iso, study_day, to_iso
from curriculum.store import Database, settings
from tests.conftest import local_zone


def _reviews(db: Database, moments: list[datetime]) -> None:
    with store.transaction(db):
        db.execute(
            "INSERT INTO cards (id, front, due, created_at, updated_at) VALUES (1, 'q', ?, ?, ?)",
            [to_iso(moments[0]), to_iso(moments[0]), to_iso(moments[0])],
        )
        db.conn.executemany(
            "INSERT INTO review_log (card_id, rating, reviewed_at, state_before)"
            " VALUES (1, 3, ?, '{}')",
            [(to_iso(m),) for m in moments],
        )


@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("starts", ["04:00", "00:00", "23:30"])
def test_sql_study_days_match_the_clock(db, zone, starts) -> None:
    with local_zone(zone):
        settings.set_value(db, "day.starts", starts)
        rng = random.Random(7)
        base = datetime(2025, 3, 1, tzinfo=UTC)
        moments = sorted(base + timedelta(minutes=rng.randrange(400 * 24 * 60)) for _ in range(400))
        _reviews(db, moments)
        wanted = [
            study_day(from_iso(to_iso(m)), settings.day_starts(db)).toordinal() for m in moments
        ]
        got = [day for _, day in optimize.histories(db)[1]]
        assert got == wanted
