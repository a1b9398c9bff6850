"""Counts in messages read as English: `1 card due`, `1 feed`, `1 new reading`, `1 day`."""

from __future__ import annotations

import json

from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum.text import plural

GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")  # one entry


def test_plural() -> None:
    assert [plural(n, "feed") for n in (0, 1, 2)] == ["0 feeds", "1 feed", "2 feeds"]
    assert plural(1, "day") == "1 day" and plural(3, "day") == "3 days"


def test_one_of_each_is_singular(cli, server: FeedServer) -> None:
    server.routes["/one"] = Reply(body=GHOST)
    assert cli("feed", "add", server.url("/one"), "--no-fetch", "--name", "One").returncode == 0
    fetched = cli("fetch", "One")
    assert fetched.stdout.rstrip().endswith("1 feed: 1 new reading, 0 failed.")
    item = json.loads(cli("items", "--json", "--feed", "One").stdout)[0]["id"]
    added = cli("card", "add", "--item", str(item), "--front", "Why?", "--back", "Because.")
    assert added.returncode == 0, added.stderr
    assert " · 1 card due" in cli("today").stdout.splitlines()[0]
    cli("config", "daily.items", "1")
    cli("config", "daily.minutes", "0")
    assert cli("done", str(item)).returncode == 0  # today's target met: a streak of one day
    assert "- Streak: 1 day (longest 1)" in cli("digest").stdout
    assert "streak 1 day (longest 1)" in cli("stats").stdout
    removed = cli("feed", "remove", "One")
    assert "Removed One: 0 unread readings deleted, 1 kept" in removed.stdout
