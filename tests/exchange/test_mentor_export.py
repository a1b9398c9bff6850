"""The mentor loop leaves and comes back: questions, meetings, advice, plans and days off in
the JSON export (version 2), restored exactly into a fresh home, merged without duplicates
into a home with its own, references remapped, every bad field one sentence."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from curriculum import cards
from curriculum.exchange import json_export, json_import
from curriculum.exchange.records import ImportFileError
from curriculum.library.home import open_home
from curriculum.progress import brief, brief_text, questions, stats_report
from curriculum.queue import plans, weekly_goal
from curriculum.store import open_db
from tests.conftest import NOW
from tests.exchange.mentor_data import highlight_something, seed_mentor_loop
from tests.stats_history import track_items

MENTOR_KEYS = ("questions", "meetings", "advice", "plans", "days_off")
MENTOR_TABLES = ("questions", "meetings", "advice", "plans", "days_off")


pytestmark = pytest.mark.usefixtures("utc_local_time")  # both homes count study days alike


def exported(db) -> dict:
    return json.loads(json_export.dumps(json_export.export(db, NOW)))


def counts(db) -> dict[str, int]:
    tables = (*MENTOR_TABLES, "items", "cards", "highlights")
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def test_the_export_holds_the_mentor_loop(db) -> None:
    ids = seed_mentor_loop(db, NOW)
    doc = exported(db)
    asked = next(q for q in doc["questions"] if q["id"] == ids["asked"])
    assert asked == {
        "id": ids["asked"], "text": "Why do proxies\nfail?", "item_id": ids["item"],
        "card_id": ids["card"], "highlight_id": ids["highlight"], "status": "open",
        "answer": None, "answer_card_id": None, "top_rank": 2,
        "created_at": "2026-11-15T12:00:00.000Z", "closed_at": None,
    }  # fmt: skip
    answered = next(q for q in doc["questions"] if q["id"] == ids["answered"])
    assert answered["answer"] == "Not alone" and answered["answer_card_id"] is not None
    assert {q["status"] for q in doc["questions"]} == {"open", "answered", "dropped"}
    held, draft = doc["meetings"]
    assert held["held_on"] == "2026-11-15" and held["markdown"].startswith("# Brief")
    assert (draft["held_on"], draft["ask"], draft["model"]) == (None, "One paper together?",
                                                                 "Scale is not")  # fmt: skip
    assert [(a["meeting_id"], a["status"], a["follow_ups"]) for a in doc["advice"]] == [
        (held["id"], "open", 1), (held["id"], "done", 0),
    ]  # fmt: skip
    plan = next(p for p in doc["plans"] if p["id"] == ids["closed_plan"])
    assert (plan["outcome"], plan["actual_minutes"], plan["surprised"]) == ("partly", 75, True)
    assert set(plan) == {
        "id", "text", "by_day", "estimate_minutes", "forecast_day", "pace_minutes", "overrun",
        "surprised", "created_at", "created_day", "outcome", "actual_minutes", "closed_at",
        "asked_on",
    }  # fmt: skip
    assert doc["days_off"] == [{"day": "2026-11-28", "created_at": "2026-11-22T12:00:00.000Z"}]


def test_a_restore_gives_the_same_mentor_loop_brief_and_calibration(db, tmp_path) -> None:
    seed_mentor_loop(db, NOW)
    first = exported(db)
    fresh = open_home(tmp_path / "fresh")
    result = json_import.import_document(fresh, first, NOW)
    assert (result.questions, result.meetings, result.advice, result.plans) == (4, 2, 2, 2)
    assert result.days_off == 1
    second = exported(fresh)
    for key in (*MENTOR_KEYS, "highlights", "cards", "items"):
        assert second[key] == first[key], key
    assert brief_text.render(brief.build(fresh, NOW)) == brief_text.render(brief.build(db, NOW))
    assert plans.calibration_of(fresh) == plans.calibration_of(db)
    restored = stats_report.report(fresh, NOW)
    original = stats_report.report(db, NOW)
    assert restored["calibration"] == original["calibration"]
    assert restored["calibration"]["plans_closed"] == 1
    assert restored["reading"]["week"] == original["reading"]["week"]
    assert weekly_goal.days_off(fresh) == weekly_goal.days_off(db)
    before = counts(fresh)
    again = json_import.import_document(fresh, first, NOW)
    assert (again.questions, again.meetings, again.advice, again.plans, again.days_off) == (
        0, 0, 0, 0, 0,
    )  # fmt: skip
    assert counts(fresh) == before, "importing twice adds nothing"
    assert exported(fresh) == second | {"exported_at": second["exported_at"]}
    fresh.close()


def test_references_are_remapped_to_the_home_ids(db) -> None:
    """The file's reading is this home's under another id; its card, highlight and the
    meeting come in under new ids; the question and advice point at those."""
    item = track_items(db)[3]
    url = db.execute("SELECT url FROM items WHERE id = ?", [item]).fetchone()[0]
    mine = highlight_something(db, item, NOW)  # this home's own highlight takes an id first
    cards.add_cards(db, item, "Mine", "x", [], NOW, mine)
    quote = db.execute("SELECT quote FROM highlights WHERE id = ?", [mine]).fetchone()[0]
    doc = {
        "version": 2,
        "items": [{"id": 900, "title": "Same reading", "url": url}],
        "cards": [{"id": 901, "item_id": 900, "front": "Theirs?", "back": "y"},
                  {"id": 902, "item_id": 900, "front": "Answer card", "back": "z"}],
        "highlights": [{"id": 903, "item_id": 900, "quote": quote + " more", "card_ids": [901]},
                       {"id": 904, "item_id": 900, "quote": quote}],
        "questions": [{"id": 905, "text": "Q?", "item_id": 900, "card_id": 901,
                       "highlight_id": 904, "status": "answered", "answer": "A",
                       "answer_card_id": 902}],
        "meetings": [{"id": 906, "held_on": "2026-11-20", "markdown": "# Brief"}],
        "advice": [{"id": 907, "meeting_id": 906, "text": "Do it", "due": "2026-11-21"}],
    }  # fmt: skip
    json_import.import_document(db, doc, NOW)
    row = db.execute(
        "SELECT item_id, card_id, highlight_id, answer_card_id FROM questions WHERE text = 'Q?'"
    ).fetchone()
    theirs = db.execute("SELECT id FROM cards WHERE front = 'Theirs?'").fetchone()[0]
    answer = db.execute("SELECT id FROM cards WHERE front = 'Answer card'").fetchone()[0]
    assert row == (item, theirs, mine, answer), "the quote matched this home's highlight"
    meeting = db.execute("SELECT id FROM meetings WHERE held_on = '2026-11-20'").fetchone()[0]
    assert db.execute("SELECT meeting_id FROM advice WHERE text = 'Do it'").fetchone()[0] == meeting


def test_a_merge_keeps_the_home_and_takes_what_the_file_closed(db, tmp_path) -> None:
    ids = seed_mentor_loop(db, NOW)
    doc = exported(db)
    other = open_home(tmp_path / "other")
    json_import.import_document(other, doc, NOW)
    # Elsewhere the reader answered the top question and met the plan; here, a new pick.
    later = NOW + timedelta(hours=1)
    questions.answer_question(other, ids["asked"], "They get gamed", later)
    plans.close_plan(other, ids["plan"], "done", 80, later)
    questions.drop_question(db, ids["loose"], later)
    mine = questions.add_question(db, "Mine", later)
    questions.pick_top(db, [mine.id])
    json_import.import_document(db, exported(other), later)
    asked = questions.get_question(db, ids["asked"])
    assert (asked.status, asked.answer, asked.top_rank) == ("answered", "They get gamed", None)
    assert plans.get_plan(db, ids["plan"]).outcome == "done"
    assert questions.get_question(db, ids["loose"]).status == "dropped", "the home's own wins"
    assert [q.id for q in questions.top_questions(db)] == [mine.id], "the home's picks stay"
    assert db.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 5
    other.close()


def test_the_file_picks_come_in_when_the_home_has_none(bare_db) -> None:
    doc = {
        "version": 2,
        "questions": [{"id": 1, "text": "Second", "top_rank": 2},
                      {"id": 2, "text": "First", "top_rank": 1},
                      {"id": 3, "text": "Unpicked"}],
    }  # fmt: skip
    json_import.import_document(bare_db, doc, NOW)
    assert [q.text for q in questions.top_questions(bare_db)] == ["First", "Second"]


def test_the_homes_brief_in_preparation_wins_over_the_files(db) -> None:
    from curriculum.progress import meetings

    meetings.save(db, NOW, ask="My own ask")
    doc = {"version": 2, "meetings": [{"id": 1, "ask": "Their ask", "model": "Theirs"}]}
    assert json_import.import_document(db, doc, NOW).meetings == 0
    assert (meetings.draft(db).ask, meetings.draft(db).model) == ("My own ask", "")


BAD = [
    ("question without text", {"questions": [{"id": 1, "text": "  "}]},
     "questions[0] has no 'text'"),
    ("question too long", {"questions": [{"text": "q" * 2001}]},
     "questions[0] has a 'text' longer than 2,000 characters"),
    ("answer too long", {"questions": [{"text": "q", "answer": "a" * 10_001}]},
     "questions[0] has a 'answer' longer than 10,000 characters"),
    ("question status", {"questions": [{"text": "q", "status": "closed"}]},
     "questions[0] has a 'status' that is not one of open, answered, dropped"),
    ("question of no reading", {"questions": [{"text": "q", "item_id": 5}]},
     "questions[0] has a 'item_id' that names a reading not in the file's 'items'"),
    ("question of no card", {"questions": [{"text": "q", "card_id": 5}]},
     "questions[0] has a 'card_id' that names a card not in the file's 'cards'"),
    ("question of no highlight", {"questions": [{"text": "q", "highlight_id": 5}]},
     "questions[0] has a 'highlight_id' that names a highlight not in the file's 'highlights'"),
    ("rank out of range", {"questions": [{"text": "q", "top_rank": 4}]},
     "questions[0] has a 'top_rank' outside 1 to 3"),
    ("rank twice", {"questions": [{"text": "a", "top_rank": 1}, {"text": "b", "top_rank": 1}]},
     "questions[1] has a 'top_rank' of 1, as another question has"),
    ("rank on a closed one", {"questions": [{"text": "a", "status": "dropped", "top_rank": 1}]},
     "questions[0] has a 'top_rank' but is not open"),
    ("question time", {"questions": [{"text": "q", "created_at": "yesterday"}]},
     "questions[0] has a 'created_at' that is not an ISO 8601 time"),
    ("meeting day", {"meetings": [{"held_on": "2026-13-01"}]},
     "meetings[0] has a 'held_on' that is not a date such as 2026-11-22"),
    ("ask too long", {"meetings": [{"held_on": "2026-11-01", "ask": "a" * 1001}]},
     "meetings[0] has a 'ask' longer than 1,000 characters"),
    ("paragraph too long", {"meetings": [{"model": "m" * 5001}]},
     "meetings[0] has a 'model' longer than 5,000 characters"),
    ("markdown not text", {"meetings": [{"held_on": "2026-11-01", "markdown": 3}]},
     "meetings[0] has a 'markdown' that is not text"),
    ("two briefs in preparation", {"meetings": [{"ask": "a"}, {"ask": "b"}]},
     "meetings[1] is a second meeting in preparation (one without 'held_on')"),
    ("advice of no meeting", {"advice": [{"text": "t", "meeting_id": 9}]},
     "advice[0] has a 'meeting_id' that names a meeting not in the file's 'meetings'"),
    ("advice without text", {"advice": [{"text": ""}]}, "advice[0] has no 'text'"),
    ("advice too long", {"advice": [{"text": "t" * 1001}]},
     "advice[0] has a 'text' longer than 1,000 characters"),
    ("advice status", {"advice": [{"text": "t", "status": "later"}]},
     "advice[0] has a 'status' that is not one of open, done, dropped"),
    ("follow-ups negative", {"advice": [{"text": "t", "follow_ups": -1}]},
     "advice[0] has a 'follow_ups' outside 0 to 10,000"),
    ("plan without date", {"plans": [{"text": "p"}]}, "plans[0] has no 'by_day'"),
    ("plan too long", {"plans": [{"text": "p" * 501, "by_day": "2026-11-30"}]},
     "plans[0] has a 'text' longer than 500 characters"),
    ("plan estimate", {"plans": [{"text": "p", "by_day": "2026-11-30", "estimate_minutes": 0}]},
     "plans[0] has a 'estimate_minutes' outside 1 to 100,000"),
    ("plan surprised as text", {"plans": [{"text": "p", "by_day": "2026-11-30",
                                           "surprised": "no"}]},
     "plans[0] has a 'surprised' that is not true, false or null"),
    ("plan outcome", {"plans": [{"text": "p", "by_day": "2026-11-30", "outcome": "maybe"}]},
     "plans[0] has a 'outcome' that is not one of done, partly, not"),
    ("plan overrun NaN", {"plans": [{"text": "p", "by_day": "2026-11-30", "overrun": "nan"}]},
     "plans[0] has a 'overrun' that is not a number"),
    ("plan actual", {"plans": [{"text": "p", "by_day": "2026-11-30", "outcome": "done",
                                "actual_minutes": 10**9}]},
     "plans[0] has a 'actual_minutes' outside 0 to 100,000"),
    ("day off", {"days_off": [{"day": "saturday"}]},
     "days_off[0] has a 'day' that is not a date such as 2026-11-22"),
    ("day off missing", {"days_off": [{}]}, "days_off[0] has no 'day'"),
    ("not a list", {"plans": {"text": "p"}}, "'plans' must be a list of objects"),
]  # fmt: skip


@pytest.mark.parametrize(("parts", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_each_bad_field_is_one_sentence_and_nothing_is_written(tmp_path, parts, message) -> None:
    db = open_db(tmp_path / "h.db")
    document = {"version": 2, "items": [{"id": 1, "title": "A reading"}], **parts}
    with pytest.raises(ImportFileError) as caught:
        json_import.import_document(db, document, NOW)
    text = str(caught.value)
    assert text.startswith(message), text
    assert text.endswith("; fix the file and import again.") and "\n" not in text
    assert set(counts(db).values()) == {0}, "nothing written"
    db.close()


def test_imported_text_is_cleaned_of_controls(bare_db) -> None:
    doc = {
        "version": 2,
        "questions": [{"text": "Why\x1b[31m red\u202e?"}],
        "advice": [{"text": "Read\x07 more\u200b"}],
        "plans": [{"text": "Plan\x1b]0;t\x07 it", "by_day": "2026-11-30"}],
        "meetings": [{"held_on": "2026-11-20", "ask": "A\x9bsk", "markdown": "# B\x1b[2J"}],
    }  # fmt: skip
    json_import.import_document(bare_db, doc, NOW)
    stored = [
        *bare_db.execute("SELECT text FROM questions"),
        *bare_db.execute("SELECT text FROM advice"),
        *bare_db.execute("SELECT text FROM plans"),
        *bare_db.execute("SELECT ask, markdown FROM meetings"),
    ]
    assert stored == [("Why[31m red?",), ("Read more",), ("Plan]0;t it",), ("Ask", "# B[2J")]


def test_version_1_files_import_with_no_mentor_loop(bare_db) -> None:
    doc = {"version": 1, "items": [{"id": 1, "title": "Old"}]}
    result = json_import.import_document(bare_db, doc, NOW)
    assert (result.items, result.questions, result.plans) == (1, 0, 0)
    assert result.days_off == 0
