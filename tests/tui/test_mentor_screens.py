"""The mentor loop in the app, under Pilot: jotting a question from the Reader, Review and
Key ideas; the Questions, Brief and Plans screens and their dialogs; Today asking what
happened once a plan's date has come."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from curriculum import cards
from curriculum.progress import advice, after_meeting, meetings, questions
from curriculum.queue import plans
from tests.conftest import NOW
from tests.tui.app_helpers import text_of
from tui.app import CurriculumApp
from tui.dialogs.plan_close import PlanCloseDialog
from tui.dialogs.question_jot import QuestionJotDialog
from tui.screens.key_ideas import KeyIdeasScreen
from tui.screens.reader import ReaderScreen

SUNDAY = date(2026, 11, 22)


pytestmark = pytest.mark.usefixtures("utc_local_time")  # NOW: study day Sunday 22 November


async def jot(app: CurriculumApp, pilot, text: str) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(app.screen, QuestionJotDialog)
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_ctrl_n_jots_a_question_from_the_reader_review_and_key_ideas(db):
    title = db.execute("SELECT title FROM items WHERE id = 1").fetchone()[0]
    card = cards.add_cards(db, 2, "What is the bitter lesson?", "Compute wins", [], NOW)[0]
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(ReaderScreen(1))
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert f"on “{title}”" in text_of(app, ".mentor-context")
        await pilot.press(*"Are the claims independent?", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen), "back in the Reader, where we were"

        app.push_screen(KeyIdeasScreen(1))
        await pilot.pause()
        app.screen.query_one("#ki-front", TextArea).focus()
        await pilot.press(*"half-written card")
        await jot(app, pilot, "What would falsify it?")
        assert isinstance(app.screen, KeyIdeasScreen)
        assert app.screen.query_one("#ki-front", TextArea).text == "half-written card"

        await app.switch_mode("review")
        await pilot.pause()
        await jot(app, pilot, "Is compute really all?")
    found = {q.text: (q.item_id, q.card_id) for q in questions.list_questions(db)}
    assert found == {
        "Are the claims independent?": (1, None),
        "What would falsify it?": (1, None),
        "Is compute really all?": (2, card.id),
    }


async def test_the_reader_links_the_highlight_under_the_cursor(db):
    from curriculum.library import highlights, items, reader_text, texts

    item = items.get_item(db, 1)
    document = reader_text.reader_document(item, texts.current(db, item))
    words = " ".join(document.text.split()[:4])
    made = highlights.add_quote(db, 1, document, words, NOW)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = ReaderScreen(1, highlight_id=made.id)  # opens with the cursor on it
        await app.push_screen(reader)
        await pilot.pause()
        await jot(app, pilot, "Why this sentence?")
    (q,) = questions.list_questions(db)
    assert (q.item_id, q.highlight_id) == (1, made.id)


async def test_the_questions_screen_picks_answers_as_a_card_and_drops(db):
    first = questions.add_question(db, "Does debate scale?", NOW, item_id=3)
    second = questions.add_question(db, "Who judges?", NOW + timedelta(minutes=1))
    app = CurriculumApp(db, start="questions", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#questions-list", OptionList)
        assert listing.get_option_at_index(0).id == str(second.id), "newest first"
        await pilot.press("space")
        await pilot.pause()
        assert [q.id for q in questions.top_questions(db)] == [second.id]
        assert "1 of 3 picked" in text_of(app, "#questions-summary")
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press(*"Only with honest equilibria")
        app.screen.query_one("#answer-card").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert listing.option_count == 1
        await pilot.press("x")
        await pilot.pause()
    answered = questions.get_question(db, first.id)
    assert answered.status == "answered" and answered.answer_card_id is not None
    assert cards.get_card(db, answered.answer_card_id).back == "Only with honest equilibria"
    assert questions.get_question(db, second.id).status == "dropped"


async def test_the_brief_counts_words_live_keeps_the_text_and_records_the_meeting(db):
    after_meeting.record_meeting(db, NOW - timedelta(days=7), ["Read the ELK report"])
    app = CurriculumApp(db, start="brief", clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        count = screen.query_one("#brief-count", Static)
        screen.query_one("#brief-ask", Input).focus()
        await pilot.press(*"Read a paper with me?")
        screen.query_one("#brief-model", TextArea).focus()
        await pilot.press(*"I changed")
        screen.reload()  # as after another process's commit: what is typed stays
        await pilot.press(*" my mind.")
        await pilot.pause()
        assert str(count.render()) == "4 / 120 words" and not count.has_class("-over")
        await pilot.press(*(" word" * 117))
        await pilot.pause()
        assert str(count.render()).startswith("121 / 120 words") and count.has_class("-over")
        await pilot.press("escape")  # leaves the field, keeping the text
        await pilot.pause()
        kept = meetings.draft(db)
        assert kept.ask == "Read a paper with me?" and meetings.word_count(kept.model) == 121

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.clipboard.startswith("# Brief: 2026-11-16 to 2026-11-22\n")
        assert "## One ask\n\nRead a paper with me?\n" in app.clipboard

        advice_list = screen.query_one("#brief-advice", OptionList)
        advice_list.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("l")  # not yet: back in two days
        await pilot.pause()

        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press(*"Pair on a replication", "enter", *"Post on the AF")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Advice from the last meeting (22 Nov)" in text_of(app, "#brief-advice-heading")
    held = meetings.last_meeting(db)
    assert held is not None and held.held_on == SUNDAY
    assert held.markdown is not None and "I changed my mind." in held.markdown
    # soonest back first: the put-off advice comes back on Tuesday, the new on Monday
    assert [(a.text, a.follow_ups) for a in advice.list_advice(db)] == [
        ("Pair on a replication", 0), ("Post on the AF", 0), ("Read the ELK report", 1)
    ]  # fmt: skip


async def test_a_plan_gets_the_forecast_and_the_question_then_what_happened(db):
    app = CurriculumApp(db, start="plans", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Finish week 1", "tab")
        await pilot.press(*"tomorrow", "tab", *"120", "enter")  # the date field is selected
        await pilot.pause()
        forecast = text_of(app, "#plan-forecast")
        assert "Your estimate: 2 h." in forecast
        assert "Would you be surprised if it is not done by tomorrow?" in forecast
        await pilot.press("y")
        await pilot.pause()
        (plan,) = plans.all_plans(db)
        assert (plan.by_day, plan.estimate, plan.surprised) == (date(2026, 11, 23), 120, True)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanCloseDialog)
        app.screen.query_one("#close-actual", Input).value = "150"
        await pilot.press("p")
        await pilot.pause()
        listing = app.screen.query_one("#plans-list", OptionList)
        assert str(listing.get_option_at_index(0).prompt).startswith("partly")
    closed = plans.get_plan(db, plan.id)
    assert (closed.outcome, closed.actual) == ("partly", 150)


async def test_today_asks_what_happened_once_a_plans_date_has_come(db):
    made = plans.add_plan(db, plans.propose(db, "Read ELK", SUNDAY, 60, NOW - timedelta(days=2)),
                          False, NOW - timedelta(days=2))  # fmt: skip
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlanCloseDialog) and app.screen.asked
        await pilot.press("escape")  # not now: ask tomorrow
        await pilot.pause()
        assert "plan due: Read ELK" in text_of(app, "#today-loop")
    assert plans.get_plan(db, made.id).asked_on == SUNDAY
    assert plans.to_ask(db, SUNDAY) == []
    again = CurriculumApp(db, clock=lambda: NOW)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, PlanCloseDialog), "asked once a day"


async def test_days_off_from_the_plans_screen(db):
    app = CurriculumApp(db, start="plans", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"today", "enter")
        await pilot.pause()
        await pilot.press(*"2000-01-01", "enter")
        await pilot.pause()
        assert "has passed" in text_of(app, "#days-off-help")
        await pilot.press("escape")
        await pilot.pause()
        assert "Days off: today" in text_of(app, "#plans-summary")
        assert "this week 0 of 4 days, 1 day off" in text_of(app, "#plans-summary")
