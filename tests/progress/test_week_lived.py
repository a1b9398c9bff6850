"""A week lived with a fixed clock: readings, questions, advice followed up, two plans closed,
a day off, and the brief at the end holds all of it; the calibration matches the hand count.

The clock moves through Monday 16 to Sunday 22 November 2026 (UTC, study days from 04:00).
The meeting before it was on Sunday 15 November.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from markdown_it import MarkdownIt

from curriculum import cards
from curriculum.progress import (
    advice,
    after_meeting,
    brief,
    brief_text,
    meetings,
    questions,
    stats_report,
)
from curriculum.queue import actions, plans, reading_time, weekly_goal
from curriculum.store import settings, transaction
from tests.stats_history import track_items

UTC = timezone.utc


pytestmark = pytest.mark.usefixtures("utc_local_time")


def on(day: int, hour: int = 9) -> datetime:
    """A moment of November 2026."""
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def read(db, item: int, minutes: int, now: datetime) -> None:
    """Spend `minutes` in the Reader, then mark the reading done."""
    with transaction(db):
        reading_time.record_session(db, item, minutes * 60, now, now.date().isoformat())
    actions.done(db, item, now)


def live_the_week(db) -> dict[str, int]:
    """Everything the reader does from Sunday 15 to Sunday 22 November; the ids made."""
    settings.set_value(db, "daily.items", "1")
    settings.set_value(db, "daily.minutes", "0")
    t1, t2, t3, t4, t5, t6 = track_items(db)[:6]
    ids: dict[str, int] = {}

    # Sunday 15: last week's meeting, with three pieces of advice
    after_meeting.record_meeting(
        db, on(15, 18), ["Read the ELK report", "Write one card per reading", "Post on the AF"]
    )
    a1, a2, a3 = (a.id for a in advice.list_advice(db))

    # Monday 16: two plans, a reading with a key idea and a question, advice comes back
    monday = on(16)
    p1 = plans.propose(db, "Finish week 1 of the track", date(2026, 11, 18), 120, monday)
    ids["p1"] = plans.add_plan(db, p1, surprised=False, now=monday).id
    p2 = plans.propose(db, "Read the ELK report", date(2026, 11, 20), 60, monday)
    ids["p2"] = plans.add_plan(db, p2, surprised=True, now=monday).id
    weekly_goal.add_day_off(db, date(2026, 11, 21), date(2026, 11, 16), monday)
    read(db, t1, 20, monday)
    card = cards.add_cards(db, t1, "Which claim says AI can be general?", "Generality", [], monday)
    ids["q1"] = questions.add_question(db, "Is generality one thing?", monday, item_id=t1).id
    assert [a.id for a in advice.due_advice(db, date(2026, 11, 16))] == [a1, a2, a3]
    advice.follow_up(db, a1, "later", monday)  # back Wednesday
    advice.follow_up(db, a2, "done", monday)

    # Tuesday 17: a reading, a question from reviewing a card, advice dropped
    read(db, t2, 30, on(17))
    ids["q2"] = questions.add_question(db, "Why scale?", on(17), card_id=card[0].id).id
    advice.follow_up(db, a3, "drop", on(17))

    # Wednesday 18: a reading with a cloze; the first plan's date: done, in 150 minutes
    read(db, t3, 40, on(18))
    cards.add_cards(db, t3, "Deep learning {{c1::scaled}} fast", "", [], on(18))
    assert [p.id for p in plans.to_ask(db, date(2026, 11, 18))] == [ids["p1"]]
    plans.close_plan(db, ids["p1"], "done", 150, on(18, 20))
    assert [a.id for a in advice.due_advice(db, date(2026, 11, 18))] == [a1]
    advice.follow_up(db, a1, "later", on(18))  # put off twice: back in four days, Sunday

    # Thursday 19: a reading; the card question is answered as a card
    read(db, t4, 25, on(19))
    questions.answer_question(db, ids["q2"], "Bitter lesson: compute wins", on(19), True)
    ids["q3"] = questions.add_question(db, "What would change my mind on debate?", on(19)).id

    # Friday 20: a reading; the second plan's date: not done (it slipped)
    read(db, t5, 15, on(20))
    plans.close_plan(db, ids["p2"], "not", 0, on(20, 21))

    # Saturday 21: the planned day off; nothing read

    # Sunday 22: a reading, the advice done, the brief written
    read(db, t6, 35, on(22))
    assert [a.id for a in advice.due_advice(db, date(2026, 11, 22))] == [a1]
    advice.follow_up(db, a1, "done", on(22))
    questions.pick_top(db, [ids["q3"], ids["q1"]])
    meetings.save(db, on(22), ask="Could we read one interpretability paper together?")
    meetings.save(db, on(22), model="I thought scale was the whole story; the claims say "
                  "generality needs more than scale.")  # fmt: skip
    ids.update(t1=t1, t3=t3, t5=t5, t6=t6)
    return ids


def test_the_brief_holds_the_week(db):
    ids = live_the_week(db)
    now = on(22, 12)
    made = brief.build(db, now)
    assert (made.since, made.until) == (date(2026, 11, 16), date(2026, 11, 22))
    text = brief_text.render(made)

    assert text.startswith("# Brief: 2026-11-16 to 2026-11-22\n")
    assert "## What I read (6)" in text
    title = db.execute("SELECT title, url FROM items WHERE id = ?", [ids["t1"]]).fetchone()
    assert f"- [{title[0]}](<{title[1]}>)" in text
    assert ": Which claim says AI can be general? — Generality" in text
    assert ": Deep learning **scaled** fast" in text, "a cloze idea, its answer in bold"
    assert text.count("_no key idea written yet_") == 4
    top = text.split("## Top questions")[1].split("##")[0]
    assert top.strip().splitlines() == [
        "1. What would change my mind on debate?",
        f"2. Is generality one thing? (on _{title[0]}_)",
    ]
    assert "Why scale?" not in top, "answered questions are not open"
    assert "## One ask\n\nCould we read one interpretability paper together?\n" in text
    advice_part = text.split("## Advice from the last meeting (2026-11-15)")[1].split("##")[0]
    assert advice_part.strip().splitlines() == [
        "- **Done**: Read the ELK report",
        "- **Done**: Write one card per reading",
        "- **Dropped**: Post on the AF",
    ]
    plans_part = text.split("## Plans")[1].split("##")[0]
    assert plans_part.strip().splitlines() == [
        "- **Done** by 2026-11-18: Finish week 1 of the track (estimate 2 h, took 2 h 30 min)",
        "- **Not done** by 2026-11-20: Read the ELK report (estimate 1 h, took 0 min)",
    ]
    assert text.endswith(
        "## What changed in my model\n\nI thought scale was the whole story; the claims say "
        "generality needs more than scale.\n"
    )
    assert made.words == 15 and not made.over

    tokens = MarkdownIt("commonmark").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Brief: 2026-11-16 to 2026-11-22", "What I read (6)", "Top questions", "One ask",
        "Advice from the last meeting (2026-11-15)", "Plans", "What changed in my model",
    ]  # fmt: skip


def test_the_calibration_matches_the_week_by_hand(db):
    live_the_week(db)
    report = stats_report.report(db, on(22, 12))
    # two plans closed: one done (150 of 120 minutes: 1.25), one not done; the "not
    # surprised" one was met, the "surprised" one slipped
    assert report["calibration"] == {
        "plans_closed": 2,
        "met_on_time": 1,
        "met_share": 0.5,
        "median_ratio": 1.25,
        "ratio_plans": 1,
        "overrun": None,
        "not_surprised": {"plans": 1, "slipped": 0, "share": 0.0},
        "surprised": {"plans": 1, "slipped": 1, "share": 1.0},
    }
    reading = report["reading"]
    assert reading["streak"] == {"current": 6, "longest": 6}, "Saturday was a planned day off"
    assert reading["week"] == {
        "days_per_week": 5, "week_start": "2026-11-16", "met_days": 6, "days_off": 1, "goal": 4,
        "reached": True, "weeks_in_a_row": 1,
    }  # fmt: skip


def test_after_the_meeting_the_next_brief_starts_afresh(db):
    live_the_week(db)
    after_meeting.record_meeting(db, on(22, 15), ["Try one interpretability replication"])
    held = meetings.last_meeting(db)
    assert held is not None and held.held_on == date(2026, 11, 22)
    assert held.markdown and "I thought scale was the whole story" in held.markdown
    monday = on(23)
    nxt = brief.build(db, monday)
    assert (nxt.since, nxt.readings, nxt.ask, nxt.model) == (date(2026, 11, 23), [], "", "")
    assert [(a.text, a.status) for a in nxt.advice] == [
        ("Try one interpretability replication", "open")
    ]
    text = brief_text.render(nxt)
    assert "- **Open**: Try one interpretability replication (back 2026-11-23)" in text
    assert "## Plans" not in text, "plans closed before the period are not repeated"
    assert [a.text for a in advice.due_advice(db, date(2026, 11, 23))] == [
        "Try one interpretability replication"
    ]


def test_once_two_plans_give_an_overrun_today_shows_it_beside_the_track(db):
    from curriculum.progress import mentor_today
    from curriculum.queue import daily

    monday = on(16)
    for estimate, actual in [(60, 90), (100, 200)]:  # 1.5 and 2.0: the median is 1.75
        made = plans.add_plan(db, plans.propose(db, "x", date(2026, 11, 16), estimate, monday),
                              True, monday)  # fmt: skip
        plans.close_plan(db, made.id, "done", actual, monday)
    today = daily.snapshot(db, monday)
    extras = mentor_today.extras(db, today)
    assert extras.overrun == 1.75
    (track,) = today.forecast
    assert track.planned_finish is not None
    planned_days = (track.planned_finish - today.day).days + 1
    stretched = extras.stretched[track.track]
    assert stretched is not None
    assert (stretched - today.day).days + 1 == -(-planned_days * 7 // 4)  # ceil(days × 1.75)
    data = extras.extend(today.as_json())
    assert data["overrun"] == 1.75
    assert data["forecast"][0]["overrun_finish"] == stretched.isoformat()
