"""The weekly digest: readings with links and sources, their key ideas, counts and streak."""

from __future__ import annotations

import re
from datetime import date, timedelta, timezone

import pytest

from curriculum.progress import digest
from tests.stats_history import seed, track_items

UTC = timezone.utc


def test_digest_of_the_last_week(db, now):
    seed(db, now)
    db.execute(
        "UPDATE cards SET created_at = ? WHERE front LIKE 'Define%'", ["2026-11-21T10:00:00.000Z"]
    )
    text = digest.digest(db, now, tz=UTC)
    assert text.startswith("# Reading digest: 2026-11-16 to 2026-11-22\n")
    assert "- Readings: 5 (1 h 30 min)" in text  # the 10- and 40-day-old readings are out
    assert "- Key ideas written: 1" in text
    assert "- Reviews: 6 (67% passed)" in text
    assert "- Streak: 3 days (longest 3)" in text
    title, url = db.execute(
        "SELECT title, url FROM items WHERE id = ?", [track_items(db)[1]]
    ).fetchone()
    assert f"### [{title}](<{url}>)" in text
    assert "AGI Safety Fundamentals — Alignment (2023)" in text
    assert "- **Define reward hacking** — Exploiting a misspecified reward" in text
    assert "- Specification **gaming** is **reward hacking**" in text  # a cloze, answers shown
    assert "_No key ideas written yet._" in text
    assert text.index("Four Background Claims") > text.index("The Bitter Lesson")  # oldest first


def test_digest_since_a_date_and_an_empty_period(db, now):
    seed(db, now)
    text = digest.digest(db, now, since=date(2026, 11, 22), tz=UTC)
    assert "- Readings: 1 (15 min)" in text and "Four Background Claims" in text
    empty = digest.digest(db, now, since=date(2027, 1, 1), tz=UTC)
    assert "_Nothing read in this period._" in empty


def test_digest_command(cli):
    result = cli("digest", "--since", "2026-11-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Reading digest: 2026-11-01 to ")
    bad = cli("digest", "--since", "last week")
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr == (
        "curriculum: 'last week' is not a date; use YYYY-MM-DD, 'yesterday', "
        "or a count back such as 3d or 2w.\n"
    )
    future = cli("digest", "--since", "2999-01-01")
    assert future.returncode == 1 and "--since is a day in the past" in future.stderr


@pytest.mark.parametrize(("since", "days"), [("3d", 3), ("2w", 14), ("yesterday", 1), ("0d", 0)])
def test_digest_since_takes_relative_days_like_snooze(cli, since, days):
    result = cli("digest", "--since", since)
    assert result.returncode == 0, result.stderr
    first, last = re.match(r"# Reading digest: (\S+) to (\S+)", result.stdout).groups()
    assert date.fromisoformat(last) - date.fromisoformat(first) == timedelta(days=days)
