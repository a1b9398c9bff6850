"""What a refresh says when it ends, and what the Feeds header keeps: never silent on failure."""

from __future__ import annotations

from curriculum.feeds.model import Outcome
from tui.background import RefreshRun, notice, status_line


def outcome(status: str = "new", new: int = 0, offline: bool = False) -> Outcome:
    return Outcome(1, "https://x.example/feed", "X", status, new_items=new, offline=offline)


def test_a_launch_refresh_is_quiet_only_when_nothing_happened() -> None:
    quiet = RefreshRun("launch", outcomes=[outcome("not_modified")], finished=True)
    assert notice(quiet) is None
    news = RefreshRun("launch", outcomes=[outcome(new=2), outcome(new=1)], finished=True)
    assert notice(news) == ("3 new readings from 2 feeds", "information")
    failed = RefreshRun("launch", outcomes=[outcome("error")], finished=True)
    assert notice(failed) == ("0 new readings from 1 feed; 1 failed (see Feeds)", "warning")


def test_failures_and_offline_always_show() -> None:
    broken = RefreshRun("launch", failure="the disk is full", finished=True)
    assert notice(broken) == ("Refreshing feeds failed: the disk is full", "error")
    assert status_line(broken) == "The last refresh failed: the disk is full"
    offline = [outcome("error", offline=True)] * 2
    assert notice(RefreshRun("launch", outcomes=offline, finished=True)) == (
        "Offline: feeds were not refreshed.",
        "information",
    )
    assert notice(RefreshRun("manual", outcomes=offline, finished=True))[1] == "warning"
    ended = RefreshRun("launch", outcomes=offline, finished=True)
    assert status_line(ended) == "The last refresh could reach no feed (offline?)."
    assert status_line(ended, reached_since=True) == ""  # a feed answered since
    assert status_line(broken, reached_since=True) == "The last refresh failed: the disk is full"
    assert notice(RefreshRun("manual", cancelled=True, finished=True)) is None


def test_the_header_follows_a_running_refresh() -> None:
    assert status_line(None) == ""
    assert status_line(RefreshRun("manual")) == "Refreshing…"
    assert status_line(RefreshRun("manual", total=20, done=3)) == "Refreshing: 3 of 20 feeds…"
    done = RefreshRun("manual", outcomes=[outcome(new=1)], finished=True)
    assert status_line(done) == "Last refresh: 1 new reading from 1 feed."
