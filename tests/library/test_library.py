"""The library: FTS5 search, filters, paging, `items`, and a virtual list that stays instant."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest

from curriculum.clock import to_iso
from curriculum.errors import ConfigError
from curriculum.library import items
from curriculum.store import transaction
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item
from tui.app import CurriculumApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.reading_list import ReadingList


@pytest.fixture
def shelf(bare_db):
    blog = add_feed(bare_db, "Interp Blog", tags=["interpretability"])
    other = add_feed(bare_db, "News")
    ids = {
        "sae": add_item(bare_db, "Sparse autoencoders find features", blog, authors=["Ada Li"]),
        "circuits": add_item(
            bare_db, "Circuits of induction", blog, published=NOW - timedelta(days=2)
        ),
        "policy": add_item(bare_db, "Compute governance", other, tags=["governance"]),
        "read": add_item(
            bare_db, "Debate and oversight", other, status="read", summary="Sparse notes"
        ),
    }
    return bare_db, ids


def found(db, **query) -> list[int]:
    return items.ids(db, items.Query(**query))


def test_search_matches_title_authors_and_summary_by_prefix(shelf):
    db, ids = shelf
    assert set(found(db, text="spar")) == {ids["sae"], ids["read"]}
    assert found(db, text="ada") == [ids["sae"]]
    assert found(db, text="sparse feat") == [ids["sae"]]
    assert found(db, text="") == found(db)


def test_search_text_cannot_break_the_query(shelf):
    db, _ = shelf
    for text in ['"', "AND OR NOT", "NEAR(", "a*b", "title:x", "(((", "-"]:
        found(db, text=text)


def test_filters_by_status_feed_and_tag(shelf):
    db, ids = shelf
    assert found(db, status="read") == [ids["read"]]
    assert set(found(db, feed="interp blog")) == {ids["sae"], ids["circuits"]}
    assert set(found(db, tag="interpretability")) == {ids["sae"], ids["circuits"]}
    assert found(db, tag="governance") == [ids["policy"]]
    assert found(db, text="sparse", status="inbox") == [ids["sae"]]
    with pytest.raises(ConfigError, match="not a reading status"):
        found(db, status="finished")


def test_newest_first_and_paging(shelf):
    db, ids = shelf
    everything = found(db)
    assert everything[-1] == ids["circuits"]
    page = items.search(db, items.Query(), offset=1, limit=2)
    assert [r.id for r in page] == everything[1:3]


def test_items_json_shape(cli):
    data = json.loads(cli("items", "--json", "--search", "bitter").stdout)
    assert [d["title"] for d in data] == ["The Bitter Lesson"]
    assert set(data[0]) == {
        "id",
        "title",
        "url",
        "arxiv_id",
        "feed",
        "authors",
        "published",
        "minutes",
        "status",
    }
    assert data[0]["authors"] == ["Rich Sutton"]
    bad = cli("items", "--status", "nope")
    assert bad.returncode == 1 and "not a reading status" in bad.stderr


async def test_library_search_as_you_type_then_open(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        listing = app.screen.query_one(ReadingList)
        assert len(listing.ids) == 33
        await pilot.press("slash", *"superpos")
        await pilot.pause(0.3)
        assert len(listing.ids) == 1
        title = db.execute("SELECT title FROM items WHERE id = ?", [listing.ids[0]]).fetchone()
        assert title == ("Toy Models of Superposition",)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_library_actions_work_on_the_selected_reading(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        listing = app.screen.query_one(ReadingList)
        chosen = listing.current_id()
        await pilot.press("d")
        await pilot.pause()
        status = db.execute("SELECT status FROM items WHERE id = ?", [chosen]).fetchone()[0]
        assert status == "read"
        await pilot.press("u")
        await pilot.pause()
        status = db.execute("SELECT status FROM items WHERE id = ?", [chosen]).fetchone()[0]
        assert status != "read"


def _many(db, count: int) -> None:
    feed = add_feed(db, "Firehose")
    stamp = to_iso(NOW)
    rows = [
        (feed, f"Reading number {n}", f"https://example.org/{n}", "[]", stamp, stamp, stamp)
        for n in range(count)
    ]
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO items (feed_id, title, url, authors, published, first_seen, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def test_twenty_thousand_readings_appear_at_once(bare_db):
    _many(bare_db, 20_000)
    app = CurriculumApp(bare_db, clock=lambda: NOW)
    async with app.run_test(size=(110, 30)) as pilot:
        started = time.perf_counter()
        await pilot.press("l")
        await pilot.pause()
        listing = app.screen.query_one(ReadingList)
        assert len(listing.ids) == 20_000
        await pilot.press("end")
        await pilot.pause()
        elapsed = time.perf_counter() - started
        last = bare_db.execute("SELECT MIN(id) FROM items").fetchone()[0]
        assert listing.current_id() == last
        assert len(listing._rows) <= 200, "only the visible pages were fetched"
    print(f"library with 20,000 readings: {elapsed:.2f}s")
    assert elapsed < 4.0, f"the library took {elapsed:.2f}s (a DataTable takes many seconds)"
