"""The mentor loop from the command line: questions, the brief, a meeting and its advice,
plans and days off — real subprocesses on a temporary home (the real clock: dates are
relative to today)."""

from __future__ import annotations

import json
from datetime import date, time, timedelta, timezone

from markdown_it import MarkdownIt

from curriculum.clock import study_day, utcnow


def study_today() -> date:
    """Today's study day (the CLI runs with TZ=UTC; days start at 04:00)."""
    return study_day(utcnow(), time(4, 0), timezone.utc)


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_questions_from_the_command_line(cli):
    assert "Question 1 added (on “Four Background Claims”)" in ok(
        cli("question", "add", "Is [generality] one thing?", "--item", "1")
    )
    ok(cli("question", "add", "Who judges a debate?"))
    listed = json.loads(ok(cli("questions", "--json")))
    assert [(q["id"], q["item_id"], q["status"]) for q in listed] == [(2, None, "open"),
                                                                      (1, 1, "open")]  # fmt: skip
    assert "1. Who judges a debate?" in ok(cli("question", "pick", "2"))
    answered = ok(cli("question", "answer", "1", "--text", "No: several abilities", "--card"))
    assert "card 1 made" in answered
    cards = json.loads(ok(cli("cards", "--json")))
    assert (cards[0]["front"], cards[0]["item_id"]) == ("Is [generality] one thing?", 1)
    assert "Question 2 dropped." in ok(cli("question", "drop", "2"))
    assert "No open questions" in ok(cli("questions"))
    every = ok(cli("questions", "--all"))
    assert "answered" in every and "dropped" in every
    bad = cli("question", "drop", "9")
    assert bad.returncode == 1 and bad.stderr == (
        "curriculum: There is no question 9; `curriculum questions --all` lists them.\n"
    )
    empty = cli("question", "add", "   ")
    assert empty.returncode == 1 and "needs some words" in empty.stderr


def test_the_brief_a_meeting_and_its_advice(cli):
    ok(cli("question", "add", "What would change my mind?"))
    markdown = ok(cli("brief", "--ask", "Read a paper with me?", "--model", "Scale is not all."))
    tokens = MarkdownIt("commonmark").parse(markdown)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h2", "h2", "h2"]
    assert "## One ask\n\nRead a paper with me?\n" in markdown
    assert "1. What would change my mind?" in markdown
    long = cli("brief", "--model", "word " * 130)
    assert long.returncode == 0 and "has 130 words; aim for 120 or fewer" in long.stderr
    data = json.loads(ok(cli("brief", "--json")))
    assert data["model"]["words"] == 130 and data["model"]["over"] is True
    assert data["ask"] == "Read a paper with me?" and data["markdown"].startswith("# Brief:")

    said = ok(cli("meeting", "--advice", "Read the ELK report", "--advice", "Post on the AF"))
    assert "recorded with 2 pieces of advice" in said
    advice = json.loads(ok(cli("advice", "--json")))
    tomorrow = (study_today() + timedelta(days=1)).isoformat()
    expected = [(1, tomorrow, "open"), (2, tomorrow, "open")]
    assert [(a["id"], a["due"], a["status"]) for a in advice] == expected
    assert "comes back on" in ok(cli("advice", "later", "1"))
    assert "Advice 2 dropped." in ok(cli("advice", "drop", "2"))
    assert "recorded" in ok(cli("advice", "add", "Pair on a replication"))
    fresh = json.loads(ok(cli("brief", "--json")))
    assert fresh["ask"] == "" and fresh["last_meeting"] == study_today().isoformat()
    assert [a["text"] for a in fresh["advice"]] == [
        "Read the ELK report", "Post on the AF", "Pair on a replication"
    ]  # fmt: skip
    future = cli("meeting", "--on", "2999-01-01")
    assert future.returncode == 1 and "still to come" in future.stderr


def test_plans_and_the_calibration_record(cli):
    out = ok(cli("plan", "add", "Finish week 1", "--by", "3d", "--estimate", "120",
                 "--surprised", "no"))  # fmt: skip
    assert "Your estimate: 2 h." in out and "no pace yet" in out
    assert "Plan 1 made (not surprised)" in out
    unasked = ok(cli("plan", "add", "Draft the post", "--by", "today", "--estimate", "60"))
    assert "not asked: no terminal" in unasked and "(unanswered)" in unasked
    today = json.loads(ok(cli("today", "--json")))
    assert [p["id"] for p in today["plans_due"]] == [2], "its date has come: what happened?"
    assert "what happened?" in ok(cli("today"))
    assert "took 1 h 30 min" in ok(cli("plan", "close", "1", "--outcome", "done", "--actual", "90"))
    ok(cli("plan", "close", "2", "--outcome", "not"))
    data = json.loads(ok(cli("plans", "--json")))
    assert [(p["id"], p["outcome"]) for p in data["plans"]] == [(2, "not"), (1, "done")]
    stats = json.loads(ok(cli("stats", "--json")))
    assert stats["calibration"] == data["calibration"]
    assert stats["calibration"]["met_on_time"] == 1 and stats["calibration"]["median_ratio"] == 0.75
    assert "Plans: 1 of 2 met on time (50%)" in ok(cli("plans"))
    bad = cli("plan", "add", "x", "--by", "someday")
    assert bad.returncode == 1 and "is not a date" in bad.stderr
    again = cli("plan", "close", "1", "--outcome", "done")
    assert again.returncode == 1 and "already closed" in again.stderr


def test_days_off_and_the_weekly_goal(cli):
    assert "is a planned day off" in ok(cli("day-off", "tomorrow"))
    assert json.loads(ok(cli("days-off", "--json"))) == [
        (study_today() + timedelta(days=1)).isoformat()
    ]
    again = cli("day-off", "tomorrow")
    assert again.returncode == 1 and "already a planned day off" in again.stderr
    past = cli("day-off", "2000-01-01")
    assert past.returncode == 1 and "has passed" in past.stderr
    week = json.loads(ok(cli("today", "--json")))["week"]
    assert week["days_per_week"] == 5 and week["met_days"] == 0
    assert "Weekly goal: this week 0 of" in ok(cli("today"))
    assert "a study day again" in ok(cli("day-off", "tomorrow", "--cancel"))
    today = json.loads(ok(cli("today", "--json")))
    assert all(len(item["minutes_range"]) == 2 for item in today["items"])
