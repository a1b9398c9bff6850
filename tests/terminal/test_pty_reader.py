"""The reading journey in a real terminal: the whole text fetched over loopback and shown
with its outline, the place remembered, a keyboard highlight turned into a card whose
review shows the quote, and "later"."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.library.home import open_home
from curriculum.queue import onboarding
from curriculum.store import settings, transaction
from tests.feeds_server import FeedServer, Reply, server_fixture  # noqa: F401
from tests.queue_data import add_feed, add_item
from tests.terminal.pty_app import SIZES, Terminal

SECTIONS = ["Reward hacking", "Goal misgeneralisation", "Scalable oversight"]


def article() -> bytes:
    parts = ["<html><head><title>Three failure modes</title></head><body><nav>Home</nav><article>"]
    parts.append("<h1>Three failure modes</h1>")
    for section in SECTIONS:
        parts.append(f"<h2>{section}</h2>")
        for n in range(8):
            parts.append(
                f"<p>{section} point {n}: models trained against a proxy learn what the proxy "
                "rewards. Careful evaluation notices when they do so, and training changes.</p>"
            )
    parts.append("</article><footer>Subscribe</footer></body></html>")
    return "".join(parts).encode()


def shown_text(screen: str) -> list[str]:
    """The first lines of the reading's text on screen (blank lines and the edges of a
    toast left out)."""
    lines = [line.split("▌")[0].strip() for line in screen.splitlines()[4:-3]]
    return [line for line in lines if "point" in line][:3]


def open_the_reading(app: Terminal) -> None:
    """From Today, open the reading and wait until its whole text has arrived."""
    app.wait_for(r"Three failure modes")
    app.press("enter")
    app.wait_for(r"Reward hacking point 0", timeout=30)


@pytest.fixture
def reading_home(home: Path, server: FeedServer) -> Path:
    """A home whose day holds one blog reading served on loopback, its text not yet fetched."""
    server.routes["/post"] = Reply(body=article(), content_type="text/html; charset=utf-8")
    db = open_home(home)
    onboarding.skip(db)
    settings.set_value(db, "fetch.on_start", "false")
    with transaction(db):
        db.execute("UPDATE tracks SET active = 0")
    add_item(
        db,
        "Three failure modes",
        add_feed(db, "Blog"),
        url=server.url("/post"),
        summary="A teaser.",
    )
    db.close()
    return home


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_the_whole_text_arrives_with_its_outline_and_the_place_is_kept(
    launch, reading_home, columns, lines
):
    app = launch(columns=columns, lines=lines)
    open_the_reading(app)
    app.press("g")
    app.wait_for(r"Outline")
    app.press("down", "down", "enter")  # Three failure modes, Reward hacking, Goal misgen…
    screen = app.wait_for(r"Goal misgeneralisation point 0")
    assert "A teaser" not in screen
    app.press("pagedown")
    app.wait_gone(r"Goal misgeneralisation point 0")
    kept = shown_text(app.settle())
    app.press("escape")
    app.wait_for(r"streak")
    app.press("enter")
    app.wait_for(r"% read")
    app.wait_until(lambda screen: shown_text(screen) == kept, what="the same place")
    assert app.quit() == 0


def test_a_keyboard_highlight_becomes_a_card_whose_review_shows_the_quote(launch, reading_home):
    app = launch()
    open_the_reading(app)
    app.press("}", "}", "}", ")", ")")
    app.press("h")
    app.wait_for(r"Highlighted")
    app.press("c")
    app.wait_for(r"Your highlight")
    app.press("enter")
    app.wait_for(r"Why does …\?")  # the prompt is in, its blank selected: typing replaces it
    app.type("proxies get rewarded")
    app.wait_for(r"Why does proxies get rewarded\?")
    app.press("tab")
    app.type("Careful evaluation notices it")
    app.press("ctrl+s")
    app.wait_for(r"Saved 1 card")
    app.press("escape")
    app.press("escape")
    app.press("r")
    app.wait_for(r"space shows the answer")
    app.press("space")
    screen = app.wait_for(r"o opens it")
    assert (
        "Careful evaluation notices when they do so" in screen.replace("\n", " ") or "“" in screen
    )
    app.press("o")
    app.wait_for(r"% read")
    assert app.quit() == 0


def test_later_stops_for_now_and_says_when_it_comes_back(launch, reading_home):
    app = launch()
    open_the_reading(app)
    app.press("pagedown", "pagedown")
    app.press("L")
    app.wait_for(r"comes back")
    app.wait_for(r"streak")
    app.wait_for(r"◐ Three failure modes +Blog · later · \d+ min left")  # Today's row
    assert app.quit() == 0
