"""The Reader: Markdown with numbered links, arXiv links, HTML converted once, time tracked."""

from __future__ import annotations

import webbrowser
from datetime import timedelta

from textual.widgets import Static

from curriculum.library import items
from curriculum.library.reader_text import compose, number_links
from curriculum.queue import daily
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item
from tui.app import CurriculumApp
from tui.screens.reader import ReaderScreen


def test_links_are_numbered_once_each():
    text, urls = number_links(
        'See [a](https://a.example) and [b](https://b.example "t"), [a again](https://a.example)'
        " but not ![img](https://i.example/x.png) or [local](#top)."
    )
    assert urls == ["https://a.example", "https://b.example"]
    assert "[a](https://a.example) [1]" in text and "[a again](https://a.example) [1]" in text
    assert '"t") [2]' in text and "x.png) [" not in text and "(#top) [" not in text


def test_arxiv_readings_show_the_abstract_and_pdf_and_html_links(db):
    paper = add_item(db, "A paper", arxiv_id="2401.00001", summary="We show things.")
    text = compose(items.get_item(db, paper), "We show things.")
    assert "## Abstract" in text.markdown and "We show things." in text.markdown
    assert text.links == [
        "https://arxiv.org/abs/2401.00001",
        "https://arxiv.org/pdf/2401.00001",
        "https://arxiv.org/html/2401.00001",
    ]
    assert "3. <https://arxiv.org/html/2401.00001>" in text.markdown


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


async def test_html_is_converted_once_and_links_open_by_number(db, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    html = '<p>Read <a href="https://x.example/paper">the paper</a>.</p><script>bad()</script>'
    post = add_item(db, "[bold]Not markup[/bold]", add_feed(db, "Blog"), content_html=html)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(ReaderScreen(post))
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        title = app.screen.query_one("#reader-title", Static)
        assert "[bold]Not markup[/bold]" in str(title.render())
        text = app.screen.view.document.text
        assert "Read the paper [1]." in text and "bad()" not in text
        await pilot.press("1")
        await pilot.press("o")
    assert opened == ["https://x.example/paper", f"https://example.org/{'[bold]Not-markup[/bold]'}"]
    cached = db.execute("SELECT content_md FROM items WHERE id = ?", [post]).fetchone()[0]
    assert "https://x.example/paper" in cached


async def test_reading_time_counts_activity_but_not_idle_gaps(db):
    clock = Clock()
    first = daily.snapshot(db, NOW).entries[0].id
    app = CurriculumApp(db, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(ReaderScreen(first))
        await pilot.pause()
        for gap in (60, 90, 600, 30):  # the 10-minute gap is idle
            clock.now += timedelta(seconds=gap)
            await pilot.press("down")
        clock.now += timedelta(seconds=20)
        await pilot.press("escape")
        await pilot.pause()
    rows = db.execute(
        "SELECT event, seconds FROM reading_log WHERE item_id = ?", [first]
    ).fetchall()
    assert rows == [("session", 60 + 90 + 30 + 20)]


async def test_today_to_reader_to_done_opens_key_ideas(db):
    clock = Clock()
    first = daily.snapshot(db, NOW).entries[0].id
    app = CurriculumApp(db, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.item_id == first
        clock.now += timedelta(seconds=120)
        await pilot.press("d")
        await pilot.pause()
        assert type(app.screen).__name__ == "KeyIdeasScreen"
    status = db.execute("SELECT status FROM items WHERE id = ?", [first]).fetchone()[0]
    assert status == "read"
    read = db.execute(
        "SELECT seconds FROM reading_log WHERE item_id = ? AND event = 'read'", [first]
    ).fetchone()
    assert read == (120,), "the time spent in the Reader goes with the read event"


def test_the_timer_ignores_idle_gaps():
    from curriculum.queue.reading_time import ActiveTimer

    timer = ActiveTimer()
    for seconds in (0, 100, 400, 1000, 1010):
        timer.touch(NOW + timedelta(seconds=seconds))
    assert timer.take(NOW + timedelta(seconds=1010)) == 100 + 300 + 10
    assert timer.take(NOW + timedelta(seconds=1012)) == 2


def test_measured_speed_refines_unread_estimates(db):
    from curriculum.queue import actions, reading_time
    from curriculum.store import transaction

    assert reading_time.words_per_minute([(1000, 300)] * 2) is None, "too few samples"
    assert reading_time.words_per_minute([(100, 1)] * 3) == 1000, "clamped"
    blog = add_feed(db, "Blog")
    day = daily.current_day(db, NOW).isoformat()
    for n in range(3):
        done = add_item(db, f"read {n}", blog, words=1000)
        with transaction(db):
            reading_time.record_session(db, done, 600, NOW, day)  # 100 words a minute
        actions.done(db, done, NOW)
    unread = add_item(db, "unread", blog, words=2000, minutes=9)
    reading_time.refresh_estimates(db)
    minutes = db.execute("SELECT minutes FROM items WHERE id = ?", [unread]).fetchone()[0]
    # three short posts at 100 wpm against a starting 230: the overall pace is the mean log
    # ratio shrunk by three readings' worth of the start, exp(3 ln(100/230) / 6) = 0.659, so
    # a long post with no samples of its own is read at 151.7 wpm: 2000 words, 14 minutes
    assert minutes == 14
