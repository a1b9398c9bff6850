"""A small run of the SIGKILL crash loop (`scripts/killtest.py` does 60 kills): a fetch, an
import and a study session are each killed at a random moment; nothing acknowledged is
lost, no feed or import is half-written, and `curriculum check` passes."""

from __future__ import annotations

import random
from pathlib import Path

from scripts import killtest


def test_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with killtest.serving() as server:
        killer = killtest.Killer(home, server, random.Random(11), check=False)
        killer.setup()
        killer.fetch()
        killer.import_()
        killer.session()
        killer.session()
    report = killer.report
    assert report.kills == {"fetch": 1, "import": 1, "session": 2}
    assert report.acknowledged > 0, "the session acknowledged nothing before its kill"
    assert report.problems == []
    final = killtest.run(home, "check")
    assert final.returncode == 0, final.stdout + final.stderr


def test_the_checks_notice_a_half_written_batch(tmp_path: Path) -> None:
    """The loop's invariants are real: a partial feed batch and a lost ack are reported."""
    home = tmp_path / "home"
    with killtest.serving() as server:
        killtest.Killer(home, server, random.Random(1), check=False).setup()
    db = killtest.connect(home)
    db.execute(
        "INSERT INTO items (title, url, status, first_seen, updated_at, published, minutes)"
        " VALUES ('x', 'https://kill.example/1/1/0', 'inbox', 'x', 'x', 'x', 1)"
    )
    db.commit()
    db.close()
    assert killtest.problems_after_fetch(home) == [
        "feed batch https://kill.example/1/1 has 1 of 120 readings"
    ]
    assert killtest.missing_acks(home, ["review 1 2030-01-01T00:00:00.000Z\n"])
