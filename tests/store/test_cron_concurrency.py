"""The app open while `curriculum fetch` runs from cron, several times: neither side ever
shows "database is locked", the app keeps working, and it shows the new readings."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from textual.widgets import Static

from curriculum import store
from curriculum.clock import utcnow
from curriculum.feeds import manage
from curriculum.library.home import open_home
from scripts import killtest
from tests.conftest import NOW
from tests.tui.app_helpers import text_of
from tui.app import CurriculumApp


def readings(db) -> int:
    return int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])


async def test_the_open_app_and_cron_fetches_share_the_database(home: Path) -> None:
    db = open_home(home)
    notes: list[str] = []
    with killtest.serving() as server:
        urls = [server.url(n) for n in range(killtest.FEEDS)]
        with store.transaction(db):
            for url in urls:
                manage.insert_feed(db, url, utcnow(), manage.FeedOptions())
        app = CurriculumApp(db, start="today", clock=lambda: NOW)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            for run in range(3):
                server.version += 1
                before = readings(db)
                cron = subprocess.Popen(
                    killtest.command(home, "fetch", "--due", *urls),
                    cwd=killtest.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                )  # fmt: skip
                while cron.poll() is None:  # the user keeps working meanwhile
                    await pilot.press("t", "d")
                    await pilot.pause()
                    await pilot.press("u", "l")
                    await pilot.pause()
                out, err = cron.communicate()
                assert cron.returncode == 0, (run, out, err)
                assert "locked" not in out + err
                assert readings(db) == before + killtest.FEEDS * killtest.ITEMS
                app.check_outside_changes()  # what the app's poll timer runs
                await pilot.pause()
                count = text_of(app, "#library-count")
                assert count == f"{readings(db):,} readings", (run, count)
                db.execute("UPDATE feeds SET last_fetched = NULL")  # due again next time
            assert app.is_running and app.failure is None
    db.close()
    assert not [n for n in notes if "locked" in n or "busy" in n], notes


async def test_the_open_app_notices_another_process_commit(home: Path) -> None:
    """Without a key press, the data-version check alone brings the new readings on screen."""
    db = open_home(home)
    with killtest.serving() as server:
        url = server.url(0)
        with store.transaction(db):
            manage.insert_feed(db, url, utcnow(), manage.FeedOptions())
        app = CurriculumApp(db, start="library", clock=lambda: NOW)
        app.DATA_POLL_SECONDS = 3600  # only the explicit check below may notice
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            label = app.screen.query_one("#library-count", Static)
            before = str(label.render())
            result = await asyncio.to_thread(killtest.run, home, "fetch", url)
            assert result.returncode == 0, result.stderr
            await pilot.pause()
            assert str(label.render()) == before  # nothing redrew it yet
            app.check_outside_changes()
            await pilot.pause()
            assert str(label.render()) == f"{readings(db):,} readings" != before
            app.check_outside_changes()  # no new commit: no redraw needed
    db.close()
