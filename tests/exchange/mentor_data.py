"""A home's mentor loop made through the real APIs, for export and import tests: questions
(linked to a reading, a card and a highlight; answered as a card; dropped; picked for the
brief), a meeting held with its advice followed up, the brief in preparation, plans open
and closed, and a day off."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from curriculum import cards
from curriculum.library import highlights, items, reader_text, texts
from curriculum.progress import advice, after_meeting, meetings, questions
from curriculum.queue import plans, weekly_goal
from curriculum.store import Database
from tests.stats_history import track_items

QUOTE_WORDS = 6


def highlight_something(db: Database, item_id: int, now: datetime) -> int:
    """Highlight the first words of a reading's text; returns the highlight's id."""
    item = items.get_item(db, item_id)
    document = reader_text.reader_document(item, texts.current(db, item))
    words = " ".join(document.text.split()[:QUOTE_WORDS])
    return highlights.add_quote(db, item_id, document, words, now).id


def seed_mentor_loop(db: Database, now: datetime) -> dict[str, int]:
    """The mentor loop of a week before `now`; returns the ids made."""
    first, second = track_items(db)[:2]
    week_ago = now - timedelta(days=7)
    mark = highlight_something(db, first, week_ago)
    card = cards.add_cards(db, first, "What is a proxy?", "A measure", [], week_ago, mark)[0]
    ids = {"item": first, "card": card.id, "highlight": mark}
    ids["asked"] = questions.add_question(
        db, "Why do proxies\nfail?", week_ago, card_id=card.id, highlight_id=mark
    ).id
    ids["answered"] = questions.add_question(db, "Is scale enough?", week_ago, second).id
    questions.answer_question(db, ids["answered"], "Not alone", week_ago, make_card=True)
    dropped = questions.add_question(db, "Old worry", week_ago)
    questions.drop_question(db, dropped.id, week_ago)
    ids["loose"] = questions.add_question(db, "What would change my mind?", week_ago).id
    questions.pick_top(db, [ids["loose"], ids["asked"]])
    after_meeting.record_meeting(
        db, week_ago + timedelta(hours=3), ["Read the ELK report", "Write fewer cards"]
    )
    first_advice, second_advice = advice.list_advice(db)
    advice.follow_up(db, first_advice.id, "later", now - timedelta(days=6))
    advice.follow_up(db, second_advice.id, "done", now - timedelta(days=6))
    meetings.save(db, now - timedelta(hours=2), ask="One paper together?", model="Scale is not")
    proposal = plans.propose(db, "Finish week 1", (now + timedelta(days=3)).date(), 90, now)
    ids["plan"] = plans.add_plan(db, proposal, surprised=False, now=now).id
    closed = plans.propose(db, "Read ELK", now.date(), 60, now - timedelta(days=2))
    ids["closed_plan"] = plans.add_plan(db, closed, True, now - timedelta(days=2)).id
    plans.close_plan(db, ids["closed_plan"], "partly", 75, now - timedelta(hours=1))
    weekly_goal.add_day_off(db, date(2026, 11, 28), now.date(), now)
    return ids
