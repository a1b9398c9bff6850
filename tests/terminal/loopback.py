"""A home that follows real fixture feeds served on 127.0.0.1, for the pseudo-terminal tests.

The bundled catalog's feeds (internet addresses) are removed, its starter track is kept, and
the welcome is marked as seen, so the app opens on Today as on any later day.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from feeds_server import FeedServer, Reply, fixture_bytes

from curriculum.feeds import manage
from curriculum.library.home import open_home
from curriculum.queue import onboarding
from curriculum.store import settings, transaction

# Twenty real feeds that parse without a problem (see tests/fixtures/feeds/PROVENANCE.md).
GOOD_FEEDS = (
    "arxiv_api_query_cs_ai.xml",
    "arxiv_atom_cs_LG.xml",
    "arxiv_rss_cs_ai.xml",
    "feedrs_atom_mediarss_youtube_1.xml",
    "feedrs_rss_2.0_ghost_2.xml",
    "newsboat_items_without_titles.xml",
    "nnw_489.rss",
    "nnw_4fsodonline.atom",
    "nnw_DaringFireball.atom",
    "nnw_EMarley.rss",
    "nnw_OneFootTsunami.atom",
    "nnw_bio.rdf",
    "nnw_dcrainmaker.xml",
    "nnw_expertopinionent.atom",
    "nnw_kc0011.rss",
    "nnw_markdown1.rss",
    "nnw_qemu.atom",
    "nnw_scriptingNews.rss",
    "olshansk_feed_aisi.xml",
    "substack_interconnects.xml",
)


def serve_fixtures(server: FeedServer, names: tuple[str, ...] = GOOD_FEEDS) -> list[str]:
    """Serve each fixture feed at its own path; their URLs, in order."""
    urls = []
    for name in names:
        server.routes[f"/{name}"] = Reply(body=fixture_bytes(name), etag=f'"{name}"')
        urls.append(server.url(f"/{name}"))
    return urls


def follow_only(home: Path, urls: list[str], now: datetime, refresh_on_start: bool) -> None:
    """Make `home` follow exactly `urls` (named f01…), keep the starter track, skip the welcome."""
    db = open_home(home)
    try:
        with transaction(db):
            db.execute("DELETE FROM feeds")
            for number, url in enumerate(urls, 1):
                manage.insert_feed(db, url, now, manage.FeedOptions(name=f"f{number:02}"))
        onboarding.skip(db)
        settings.set_value(db, "fetch.on_start", "true" if refresh_on_start else "false")
    finally:
        db.close()


def feed_states(home: Path) -> dict[str, tuple[str, int]]:
    """Each feed's name → (status, readings stored through it), read after the app quit."""
    db = open_home(home)
    try:
        rows = db.execute(
            "SELECT f.name, f.status, COUNT(s.item_id) FROM feeds f"
            " LEFT JOIN item_sources s ON s.feed_id = f.id GROUP BY f.id ORDER BY f.name"
        ).fetchall()
    finally:
        db.close()
    return {name: (status, count) for name, status, count in rows}
