"""The study day in a real terminal: feed readings reach Today beside the starter track,
escape goes back from every screen, a Settings edit gives the keys back, and Review's footer
follows a whole session — at 80×24 and, where layout matters, 120×36.

Every home here has `fetch.on_start` off (the bundled feeds live on the internet); feeds are
served on loopback and subscribed with `curriculum fetch`, as a user's shell would.
"""

from __future__ import annotations

import re

import pytest

from curriculum.queue import onboarding
from tests.feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401
from tests.terminal.pty_app import SIZES

FEEDS = {  # name: a real feed's copy (tests/fixtures/feeds/PROVENANCE.md)
    "Interconnects": "substack_interconnects.xml",
    "Anthropic research": "olshansk_feed_anthropic_research.xml",
}
SCREENS = [("r", "Review"), ("f", "Feeds"), ("l", "Library"), ("s", "Stats"), (",", "Settings")]


@pytest.fixture
def ready(db, cli):
    """A home past the welcome, with the launch refresh off (nothing goes to the internet)."""
    onboarding.skip(db)
    db.conn.commit()
    assert cli("config", "fetch.on_start", "false").returncode == 0
    return cli


def title_is(app, title: str) -> None:
    """Wait until the header names `title`."""
    app.wait_until(lambda _: title in app.row(0), what=f"the {title} screen")


def subscribe(cli, server: FeedServer) -> None:
    """Follow the loopback feeds and fetch them (only them: the bundled ones are online)."""
    urls = []
    for name, fixture in FEEDS.items():
        path = "/" + fixture
        server.routes[path] = Reply(body=fixture_bytes(fixture))
        urls.append(server.url(path))
        added = cli("feed", "add", urls[-1], "--name", name, "--no-fetch")
        assert added.returncode == 0, added.stderr
    fetched = cli("fetch", *urls)
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr


def reading_rows(screen: str) -> list[str]:
    return [line for line in screen.splitlines() if re.match(r"^ [○✓–z] ", line)]


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_today_holds_a_feed_reading_beside_the_starter_track(launch, ready, server, columns, lines):
    subscribe(ready, server)
    app = launch(columns=columns, lines=lines)
    screen = app.wait_for(r"Four Background Claims")
    rows = reading_rows(screen)
    assert "AGI Safety" in rows[0], rows
    assert any(name in rows[1] for name in FEEDS), f"a feed reading second:\n{screen}"
    assert sum(any(name in row for name in FEEDS) for row in rows) == 1, screen
    assert all(len(row) <= columns for row in rows)
    assert app.quit() == 0


def test_feed_readings_fetched_while_the_app_is_open_join_today_at_once(launch, ready, server):
    app = launch()
    screen = app.wait_for(r"Four Background Claims")
    before = reading_rows(screen)
    assert not any(name in row for row in before for name in FEEDS)
    subscribe(ready, server)  # a cron fetch, or a shell beside the app
    screen = app.wait_until(
        lambda text: any(name in row for row in reading_rows(text) for name in FEEDS),
        timeout=15,
        what="the feed reading on Today",
    )
    after = reading_rows(screen)
    assert after[: len(before)] == before, "nothing already chosen is replaced or moved"
    assert app.quit() == 0


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_escape_goes_back_from_every_screen(launch, ready, columns, lines):
    app = launch(columns=columns, lines=lines)
    title_is(app, "Today")
    for key, title in SCREENS:
        app.press(key)
        title_is(app, title)
        app.press("escape")
        title_is(app, "Today")
    app.press("f", "l")
    title_is(app, "Library")
    app.press("escape")
    title_is(app, "Feeds")  # back to where you came from
    app.press("escape")
    title_is(app, "Today")
    app.press("enter")
    title_is(app, "Reader")
    app.press("?")
    app.wait_for(r"Keys — escape closes")
    app.press("escape")
    app.wait_gone(r"Keys — escape closes")
    app.press("escape")
    title_is(app, "Today")
    assert app.quit() == 0


def test_a_settings_edit_then_t_lands_on_today(launch, ready):
    app = launch()
    title_is(app, "Today")
    app.press(",")
    title_is(app, "Settings")
    app.wait_for(r"daily\.minutes")
    app.press("down", "enter", "end", "backspace", "backspace")
    app.type("45")
    app.press("enter")
    app.wait_for(r"daily\.minutes = 45")
    app.press("t")
    title_is(app, "Today")
    app.wait_for(r"/45 min")
    assert ready("config", "daily.minutes").stdout.strip() == "45"
    app.press(",")
    title_is(app, "Settings")
    app.wait_for(r"daily\.minutes\s+▊?\s*45\s")  # nothing typed into the field
    assert app.quit() == 0


def test_escape_leaves_a_text_field_and_q_quits_again(launch, ready):
    app = launch()
    title_is(app, "Today")
    app.press("l")
    title_is(app, "Library")
    app.press("/")
    app.type("bitter")
    app.wait_for(r"1 reading\b")
    app.press("escape")
    app.wait_for(r"q Quit")
    assert app.quit() == 0


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_reviews_footer_follows_a_whole_session(launch, ready, db, columns, lines):
    for n in (1, 2):
        made = ready("card", "add", "--item", "1", "--front", f"Question {n}?", "--back", "Yes.")
        assert made.returncode == 0, made.stderr
    app = launch("review", columns=columns, lines=lines)
    for n in (1, 2):
        app.wait_for(rf"Question {n}\?")
        app.wait_until(lambda _: "space Show answer" in app.row(-1), what="space in the footer")
        footer = app.row(-1)
        assert "1 Again" not in footer and "Check again" not in footer
        assert "? Help" in footer and "q Quit" in footer, footer
        app.press("space")
        app.wait_until(lambda _: "1 Again" in app.row(-1), what="the ratings in the footer")
        footer = app.row(-1)
        assert re.search(r"1 Again\s+2 Hard\s+3 Good\s+4 Easy", footer), footer
        assert "space Show answer" not in footer and "q Quit" in footer
        app.press("4")  # Easy: the card leaves today's session
    screen = app.wait_for(r"Session done: 2 cards, 2 ratings")
    app.wait_until(lambda _: "r Check again" in app.row(-1), what="the footer of a done session")
    footer = app.row(-1)
    assert "1 Again" not in footer, screen
    assert "space Show answer" not in footer and "q Quit" in footer
    assert app.quit() == 0


def test_the_80_column_footer_always_shows_review_help_and_quit_whole(launch, ready):
    app = launch()
    for key, title in [("t", "Today"), ("l", "Library"), ("s", "Stats"), (",", "Settings")]:
        app.press(key)
        title_is(app, title)
        app.wait_until(lambda _: "q Quit" in app.row(-1), what="the footer")
        footer = app.row(-1)
        assert re.search(r"r Review\s+\? Help\s+q Quit\s*▏\s*\^p palette$", footer), footer
    assert app.quit() == 0
