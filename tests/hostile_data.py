"""The hostile corpus loaded the way real data arrives: fetched from a loopback server and
ingested, cards written with hostile text, and a reading imported with non-web links.
Also helpers that render the app's current screen and find anything active in it."""

from __future__ import annotations

import io
import json
import unicodedata
from datetime import datetime
from pathlib import Path

from feeds_server import FeedServer, Reply
from rich.console import Console
from textual.app import App

from curriculum import cards
from curriculum.exchange.json_import import import_file
from curriculum.feeds import manage, refresh
from curriculum.feeds.model import FetchPolicy
from curriculum.queue import actions
from curriculum.store import Database, transaction

HOSTILE = Path(__file__).resolve().parent / "hostile"
FAST = FetchPolicy(timeout=1.0, deadline=3.0, polite_hosts=())
FEED_NAME = "[blink]Hostile[/blink] \x1b[2J feed [@click=app.quit]x[/]"
CLICK_TITLE = "[@click=app.quit]Click to quit[/] action"
MARKUP_TITLE = "[bold red]Pwned[/bold red] markup title"
LINK_TITLE = "[link=file:///etc/passwd]local file[/link]"
CARD_FRONT = "[@click=app.quit]Quit?[/] \x1b]0;owned\x07 [link=file:///etc/passwd]f[/link]"
CARD_BACK = "[bold]answer[/bold] \u202eevil\u202c \x9b31m"
CARD_TAG = "[reverse]tag[/reverse]"
IMPORTED_TITLE = "Imported [@click=app.quit]reading[/]"
BAD_URLS = ("file:///etc/passwd", "javascript:alert(1)", "data:text/html,<script>x</script>")


def load(db: Database, server: FeedServer, now: datetime, tmp: Path) -> dict[str, int]:
    """Fetch, ingest and use the hostile corpus; returns the ids of the interesting readings."""
    for name in ("markup_and_escapes.xml", "billion_laughs.xml", "external_entity.xml"):
        body = (HOSTILE / name).read_bytes()
        server.routes[f"/{name}"] = Reply(body=body, content_type="application/rss+xml")
        with transaction(db):
            options = manage.FeedOptions(name=FEED_NAME if name.startswith("markup") else None)
            manage.insert_feed(db, server.url(f"/{name}"), now, options)
    refresh.refresh(db, refresh.all_feeds(db), now, FAST)
    ids = {title: item_id for item_id, title in db.execute("SELECT id, title FROM items")}
    found = {
        "click": ids[CLICK_TITLE],
        "markup": ids[MARKUP_TITLE],
        "link": ids[LINK_TITLE],
        "badlinks": ids["Bad links"],
        "scripts": ids["Scripts and styles"],
        "huge": next(i for t, i in ids.items() if t.startswith("AAAA")),
        "xxe": next(i for t, i in ids.items() if t.startswith("Secret")),
    }
    found["imported"] = _import_bad_links(db, tmp, now)
    for key in ("click", "markup"):
        actions.bump(db, found[key], 3, now)
    card = cards.add_cards(db, found["click"], CARD_FRONT, CARD_BACK, [CARD_TAG], now)[0]
    found["card"] = card.id
    return found


def _import_bad_links(db: Database, tmp: Path, now: datetime) -> int:
    """A JSON export whose readings carry non-web links; returns the first one's id."""
    items = [
        {"id": n, "title": f"{IMPORTED_TITLE} {n}", "url": url, "status": "inbox"}
        for n, url in enumerate(BAD_URLS, start=1)
    ]
    path = tmp / "hostile-export.json"
    path.write_text(json.dumps({"version": 1, "items": items}))
    import_file(db, path, now)
    row = db.execute("SELECT id FROM items WHERE title = ?", [f"{IMPORTED_TITLE} 1"]).fetchone()
    return int(row[0])


def render(app: App[object]) -> tuple[str, list[dict[str, object]], list[str]]:
    """The current screen as text, plus every click action and link in it."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True,
        color_system="truecolor", record=True, legacy_windows=False, safe_box=False,
    )  # fmt: skip
    console.print(app.screen._compositor.render_update(full=True))
    segments = list(console._record_buffer)
    text = console.export_text(styles=False, clear=False)
    metas = [s.style.meta for s in segments if s.style and s.style.meta]
    links = [s.style.link for s in segments if s.style and s.style.link]
    return text, [m for m in metas if "@click" in m], links


UNSAFE_CATEGORIES = {"Cc", "Cf"}


def unsafe_characters(text: str) -> set[str]:
    """Control, format (bidi, zero-width) characters other than newline and tab."""
    return {c for c in text if c not in "\n\t" and unicodedata.category(c) in UNSAFE_CATEGORIES}


def assert_safe(app: App[object]) -> str:
    """The screen shows feed text literally: no action from it, no non-web link, no escapes."""
    assert app.is_running, "the app stopped"
    text, clicks, links = render(app)
    assert not [c for c in clicks if "quit" in str(c["@click"])], clicks
    assert all(str(link).startswith(("http://", "https://", "mailto:")) for link in links), links
    assert not unsafe_characters(text), unsafe_characters(text)
    return text
