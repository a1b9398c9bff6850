"""The Reader with a whole text: outline, position, % read, highlights by keyboard, cards from
highlights and their quote in Review, partial reading, the text fetched on open, hostile shapes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Static, TextArea

from curriculum import cards
from curriculum.library import fetched, highlights, positions, texts
from curriculum.library.content import markdown_words
from curriculum.queue import daily, onboarding
from curriculum.store import settings, transaction
from tests.conftest import NOW
from tests.feeds_server import FeedServer, article_page, server_fixture  # noqa: F401
from tests.queue_data import add_feed, add_item
from tui.app import CurriculumApp
from tui.screens.key_ideas import KeyIdeasScreen
from tui.screens.reader import ReaderScreen
from tui.screens.review import ReviewScreen

SECTIONS = ["Introduction", "Method", "Results", "Discussion"]


def long_text() -> str:
    parts = ["# A long paper"]
    for section in SECTIONS:
        parts.append(f"## {section}")
        for n in range(12):
            parts.append(
                f"In the {section.lower()} we make point {n}. It matters for oversight. "
                "Models trained on proxies learn to exploit them, and careful evaluation "
                "notices when they do so."
            )
    return "\n\n".join(parts)


@pytest.fixture
def paper(db):
    with transaction(db):
        db.execute("UPDATE tracks SET active = 0")
    item_id = add_item(db, "A long paper", add_feed(db, "Blog"), summary="Short.", minutes=10)
    markdown = long_text()
    fetched.keep(db, texts.ReadingText(item_id, "page", markdown, markdown_words(markdown)), NOW)
    return item_id


async def open_reader(app, pilot, item_id, highlight_id=None) -> ReaderScreen:
    await app.push_screen(ReaderScreen(item_id, highlight_id))
    await app.screen.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReaderScreen) and screen.loaded
    return screen


async def test_outline_jumps_and_the_place_is_remembered(db, paper):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, paper)
        status = str(reader.query_one("#reader-status", Static).render())
        assert "0% read" in status and "min left" in status
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # Introduction, Method, Results
        await pilot.pause()
        assert reader.view.section() == "Results"
        status = str(reader.query_one("#reader-status", Static).render())
        assert status.startswith("Results · ") and " 0% read" not in status
        place = reader.view.top_offset()
        await pilot.press("escape")
        await pilot.pause()
        saved = positions.get(db, paper)
        assert saved is not None and saved.offset == place and 0.3 < saved.fraction < 0.8
        reader = await open_reader(app, pilot, paper)
        assert reader.view.top_offset() == place and reader.view.section() == "Results"


async def test_a_keyboard_highlight_becomes_a_card_whose_review_shows_the_quote(db, paper):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, paper)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_curly_bracket")
        await pilot.press("right_parenthesis", "right_parenthesis")  # the second sentence
        await pilot.press("h")
        await pilot.pause()
        [made] = highlights.of_item(db, paper)
        assert made.quote == "It matters for oversight."
        assert "1 highlight" in str(reader.query_one("#reader-status", Static).render())
        await pilot.press("c")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, KeyIdeasScreen) and editor.highlight_id == made.id
        assert "It matters for oversight." in str(editor.query_one("#ki-quote", Static).render())
        await pilot.press("enter")  # Why does …?
        await pilot.press(*"point 0 matter for oversight")
        await pilot.press("tab", *"Proxies get exploited")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [card] = cards.cards_where(db)
        assert highlights.get(db, made.id).card_ids == [card.id]
        await pilot.press("escape")
        await pilot.pause()
        await app.run_action("go('review')")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert not review.query_one("#review-quote").display
        await pilot.press("space")
        await pilot.pause()
        quote = review.query_one("#review-quote", Static)
        assert quote.display and "It matters for oversight." in str(quote.render())
        await pilot.press("o")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        opened = app.screen
        assert isinstance(opened, ReaderScreen) and opened.highlight_id == made.id
        assert opened.view.selection() is not None
        start, end = opened.view.selection()
        assert start <= made.start and made.end <= end


async def test_pressing_h_again_removes_the_highlight(db, paper):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, paper)
        await pilot.press("h")  # nothing selected: a hint, no highlight
        assert highlights.of_item(db, paper) == []
        await pilot.press("right_curly_bracket", "h")
        assert len(highlights.of_item(db, paper)) == 1
        await pilot.press("h")
        assert highlights.of_item(db, paper) == []


async def test_later_keeps_the_place_and_brings_the_rest_back_tomorrow(db, paper):
    day = daily.ensure_day(db, NOW)
    assert paper in [e.id for e in daily.entries(db, day)]
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, paper)
        reader.view.scroll_to_offset(reader.view.document.length // 2, center=False)
        await pilot.pause()
        fraction = reader.view.fraction_read()
        await pilot.press("L")
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen)
    status = db.execute("SELECT status FROM items WHERE id = ?", [paper]).fetchone()[0]
    assert status == "snoozed", "not done, not skipped"
    assert daily.read_on(db, day).items == 0
    minutes = db.execute("SELECT minutes FROM items WHERE id = ?", [paper]).fetchone()[0]
    credited = daily.read_on(db, day).minutes
    assert credited == round(minutes * fraction) and credited > 0, "the part read counts today"
    tomorrow = NOW + timedelta(days=1)
    entry = next(e for e in daily.snapshot(db, tomorrow).entries if e.id == paper)
    assert (entry.minutes, entry.reason) == (minutes - credited, "later")
    app = CurriculumApp(db, clock=lambda: tomorrow)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, paper)
        assert abs(reader.view.fraction_read() - fraction) < 0.05, "it resumes where it stopped"
    from curriculum.queue import actions

    actions.done(db, paper, tomorrow)
    next_day = daily.current_day(db, tomorrow).isoformat()
    assert daily.read_on(db, next_day).minutes == minutes - credited, "the rest counts on its day"


async def test_the_whole_text_is_fetched_when_the_reader_opens(db, server: FeedServer):
    server.routes["/post"] = article_page(
        f"Paragraph {n} of the real article about scalable oversight." for n in range(40)
    )
    item_id = add_item(db, "Post", url=server.url("/post"), summary="Only a teaser.")
    app = CurriculumApp(db, clock=lambda: NOW)
    app.fetch_texts = True
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ReaderScreen(item_id))
        await pilot.pause()
        for _ in range(3):
            await app.screen.workers.wait_for_complete()
            await pilot.pause()
        reader = app.screen
        assert "Paragraph 39 of the real article" in reader.view.document.text
        assert "Only a teaser" not in reader.view.document.text
    assert texts.stored(db, item_id).source == "page"


async def test_no_fetch_when_the_setting_is_off_and_the_reason_is_shown(db):
    settings.set_value(db, "fetch.texts", "false")
    item_id = add_item(db, "Post", url="http://127.0.0.1:9/x", summary="Only a teaser.")
    app = CurriculumApp(db, clock=lambda: NOW)
    app.fetch_texts = True
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, item_id)
        assert not reader.fetching
        assert reader.view.document.text.startswith("Not the whole text: the whole text has not")


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 3000 + "Deep text. " * 20 + "</div>" * 3000,
        ("<p>Unclosed <b>bold <i>italic " + "word " * 40) * 3000,
        "".join(
            f"<p>Paragraph {n}. " + "words of a long reading " * 8 + "</p>" for n in range(5_200)
        ),
        "".join(
            f"<p>Paragraph {n}. " + "words of a long reading " * 8 + "</p>" for n in range(31_000)
        ),
    ],
    ids=["nested-3000", "unclosed-tags", "1MB", "6MB"],
)
async def test_hostile_and_huge_readings_open_without_crashing(db, html):
    item_id = add_item(db, "Shape", summary="s", content_html=html)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ReaderScreen(item_id))
        reader = app.screen
        assert reader.view.document.blocks == [], "the screen is up before the text is parsed"
        await reader.workers.wait_for_complete()
        await pilot.pause()
        assert reader.loaded and reader.view.document.blocks
        await pilot.press("pagedown", "right_curly_bracket", "h")
        assert app.screen is reader


async def test_key_ideas_at_80x24_shows_the_reading_and_labels_fit_cloze(db, paper):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(KeyIdeasScreen(paper))
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        editor = app.screen
        reading = editor.query_one("#ki-reading")
        assert reading.region.height >= 3 and "long paper" in reading.document.text
        await pilot.press(*["down"] * 7, "enter")  # the cloze prompt
        front = editor.query_one("#ki-front", TextArea)
        assert front.selected_text == "…" and "Cloze text" in str(
            editor.query_one("#ki-front-label").render()
        )
        assert "optional" in str(editor.query_one("#ki-back-label").render())
        front.text = "Proxies get exploited"
        front.selection = front.selection.__class__((0, 0), (0, 7))
        await pilot.press("ctrl+l")
        assert front.text == "{{c1::Proxies}} get exploited"
        await pilot.press("ctrl+r")
        assert reading.has_focus
        await pilot.press("ctrl+r")
        assert front.has_focus


async def test_only_the_reader_offers_o_for_a_text_that_is_not_whole(db):
    """Key ideas' reading panel has no `o` (typing goes to the card): it says why the text
    is not whole without pointing at a key that would type a letter there."""
    item_id = add_item(db, "A short post", add_feed(db, "Blog"), summary="Only a summary.")
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, item_id)
        assert "Not the whole text" in reader.view.document.text
        assert "Press o to open it" in reader.view.document.text
        app.push_screen(KeyIdeasScreen(item_id))
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one("#ki-reading").document.text
        assert "Not the whole text" in panel and "Only a summary." in panel
        assert "Press o" not in panel


async def test_key_ideas_is_side_by_side_when_wide(db, paper):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        app.push_screen(KeyIdeasScreen(paper))
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        source = app.screen.query_one("#ki-source").region
        body = app.screen.query_one("#ki-body").region
        assert source.right <= body.x and source.height > 20


async def test_the_app_prefetches_todays_texts_after_launch(db, server: FeedServer):
    server.routes["/a"] = article_page(
        f"Offline paragraph {n} about corrigibility and oversight." for n in range(30)
    )
    onboarding.skip(db)  # past the first launch's welcome
    with transaction(db):
        db.execute("UPDATE tracks SET active = 0")
    item_id = add_item(
        db, "For the train", add_feed(db, "Blog"), url=server.url("/a"), summary="Teaser."
    )
    assert item_id in [e.id for e in daily.snapshot(db, NOW).entries]
    app = CurriculumApp(db, clock=lambda: NOW)
    app.fetch_texts = True
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_prefetch()
        await pilot.pause()
        await app.workers.wait_for_complete()
    kept = texts.stored(db, item_id)
    assert kept is not None and kept.source == "page" and "Offline paragraph 29" in kept.markdown


async def test_text_is_data_in_the_reader(db):
    hostile = "Click [@click=app.quit]here[/] or [bold]this[/bold] \x1b[31mred\x1b[0m now."
    item_id = add_item(db, "Hostile", summary="s", content_md=hostile)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, item_id)
        drawn = "".join(
            segment.text
            for y in range(reader.view.size.height)
            for segment in reader.view.render_line(y)
        )
        assert "[@click=app.quit]here[/]" in drawn and "[bold]this[/bold]" in drawn
        assert "\x1b" not in drawn
        await pilot.click(reader.view, offset=(5, 0))
        await pilot.pause()
        assert app.is_running, "clicking the text runs no action from it"


async def test_no_prefetch_while_the_first_launch_welcome_is_pending(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    app.fetch_texts = True
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_prefetch()
        await pilot.pause()
        assert not [w for w in app.workers if w.group == "prefetch"]


async def test_pieces_of_a_replaced_load_are_dropped(db, paper):
    """A load replaced by another (the whole text arrived, or its fetch failed at once) must
    not add its late pieces: the head showed twice when they interleaved."""
    from curriculum.library.document import parse_blocks
    from curriculum.library.reader_text import Numbering, reader_pieces

    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, paper)
        item, text = reader.item, reader.text
        head = next(reader_pieces(item, text, Numbering()))
        old, new = object(), object()
        reader._started(text, [], old)
        reader._started(text, [], new)  # a second load begins before the first's piece lands
        reader._add(parse_blocks(head), old)
        reader._add(parse_blocks(head), new)
        reader._finished(old)
        assert not reader.loaded
        reader._finished(new)
        await pilot.pause()
        assert reader.loaded
        shown = [block.text for block in reader.view.document.blocks]
        assert shown == [block.text for block in parse_blocks(head)]
