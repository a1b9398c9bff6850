"""Today's whole texts stay fetched while the app is open, not only at launch: a reading
pulled in with `+`, one the Inbox adds to today, and the readings of a new study day get
their texts in the background (pages served on loopback), as the launch prefetch does and
under the same settings (`fetch.texts`, `fetch.on_start`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from curriculum.library import texts
from curriculum.queue import actions, daily, onboarding
from curriculum.store import settings
from tests.conftest import NOW
from tests.feeds_server import FeedServer, Reply, article_page, server_fixture  # noqa: F401
from tests.queue_data import add_feed, add_item, feeds_only, set_targets
from tui.app import CurriculumApp


def page(words: str) -> Reply:
    """An article page whose text is 30 paragraphs naming `words`."""
    return article_page(f"{words} paragraph {n} on oversight and honesty." for n in range(30))


@pytest.fixture
def two_readings(db, server: FeedServer) -> tuple[int, int]:
    """Feed readings on loopback pages, past the welcome; today holds the first only."""
    onboarding.skip(db)
    feeds_only(db)
    set_targets(db, 1, 0)
    blog = add_feed(db, "Blog")
    ids = []
    for name in ("first", "second"):
        server.routes[f"/{name}"] = page(name.title())
        ids.append(add_item(db, name, blog, url=server.url(f"/{name}"), summary="A teaser."))
    assert daily.unread_today(db, NOW) == [ids[0]]
    return ids[0], ids[1]


class Clock:
    """A clock a test moves on."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_app(db, clock=lambda: NOW) -> CurriculumApp:
    """The app as `run_app` makes it, but with no launch refresh and a launch prefetch far
    off, so what fetches a text in these tests is the event under test."""
    app = CurriculumApp(db, clock=clock)
    app.fetch_texts = True
    app.PREFETCH_DELAY_SECONDS = 3600
    return app


async def settled(app: CurriculumApp, pilot) -> None:
    """Wait until no prefetch runs (nor any other worker of the app)."""
    for _ in range(5):
        await pilot.pause()
        await app.workers.wait_for_complete()


def kept_source(db, item_id: int) -> str | None:
    kept = texts.stored(db, item_id)
    return None if kept is None else kept.source


async def test_one_more_reading_gets_its_text_in_the_background(db, two_readings):
    first, second = two_readings
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("plus")
        await settled(app, pilot)
        assert second in daily.unread_today(db, NOW)
        assert kept_source(db, second) == "page"
        assert "Second paragraph 29" in texts.stored(db, second).markdown
        assert kept_source(db, first) == "page", "the rest of today's readings too"


async def test_a_reading_the_inbox_adds_to_today_gets_its_text(db, two_readings):
    _, second = two_readings
    app = make_app(db)
    app.welcome = False
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        listing = app.screen.query_one("#inbox-list")
        listing.cursor = listing.ids.index(second)
        await pilot.press("plus")
        await settled(app, pilot)
        assert second in daily.unread_today(db, NOW)
        assert kept_source(db, second) == "page"


async def test_a_new_study_day_gets_its_texts_while_the_app_stays_open(db, two_readings):
    first, second = two_readings
    actions.done(db, first, NOW)
    clock = Clock(NOW)
    app = make_app(db, clock)
    app.DAY_CHECK_SECONDS = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        assert kept_source(db, second) is None, "nothing fetched while the day is the same"
        clock.now = NOW + timedelta(days=1)
        for _ in range(200):  # the day check runs on a timer: wait for its prefetch
            await pilot.pause(0.02)
            if kept_source(db, second) is not None:
                break
        await settled(app, pilot)
    tomorrow = NOW + timedelta(days=1)
    assert daily.unread_today(db, tomorrow) == [second]
    assert kept_source(db, second) == "page"


@pytest.mark.parametrize("setting", ["fetch.texts", "fetch.on_start"])
async def test_no_background_fetch_when_a_setting_says_not_to(db, two_readings, setting):
    _, second = two_readings
    settings.set_value(db, setting, "false")
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("plus")
        await settled(app, pilot)
        assert second in daily.unread_today(db, NOW)
        assert kept_source(db, second) is None


async def test_a_request_while_a_prefetch_runs_is_not_lost(db, two_readings, server):
    first, second = two_readings
    server.routes["/first"] = Reply(body=page("First").body, content_type="text/html",
                                    hang_seconds=0.5)  # fmt: skip
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_prefetch()  # the launch prefetch: the first reading, slow to answer
        await pilot.pause()
        await pilot.press("plus")  # meanwhile, one more
        await settled(app, pilot)
        assert kept_source(db, first) == "page" and kept_source(db, second) == "page"


def one_item_feed(link: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<link>{link}</link><description>A blog</description><item><title>Fresh post</title>
<link>{link}</link><guid>fresh-1</guid><description>A teaser.</description></item>
</channel></rss>""".encode()


async def test_a_reading_a_refresh_brings_into_today_gets_its_text(bare_db, server):
    from curriculum.feeds import manage
    from curriculum.feeds.model import FetchPolicy
    from curriculum.store import transaction

    onboarding.skip(bare_db)
    server.routes["/post"] = page("Fresh")
    server.routes["/feed.xml"] = Reply(body=one_item_feed(server.url("/post")))
    with transaction(bare_db):
        feed_id = manage.insert_feed(bare_db, server.url("/feed.xml"), NOW, manage.FeedOptions())
    assert daily.unread_today(bare_db, NOW) == [], "today is empty before the refresh"
    app = make_app(bare_db)
    app.fetch_policy = FetchPolicy(timeout=2.0, deadline=5.0, polite_hosts=())
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.refresh_feeds("manual", [feed_id])
        for _ in range(300):  # the refresh runs in a child process: wait for its end
            await pilot.pause(0.05)
            if not app.refresher.running:
                break
        await settled(app, pilot)
    [fresh] = daily.unread_today(bare_db, NOW)
    assert kept_source(bare_db, fresh) == "page"
