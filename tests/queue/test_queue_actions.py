"""Done, skip, snooze, back to inbox, priority and undo — in the store and on the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from curriculum.queue import actions, daily, reading_time
from curriculum.store import transaction
from tests.conftest import NOW


def item(db, item_id):
    row = db.execute(
        "SELECT status, snoozed_until, read_at, priority FROM items WHERE id = ?", [item_id]
    ).fetchone()
    return dict(zip(["status", "snoozed_until", "read_at", "priority"], row, strict=True))


def log(db):
    return db.execute("SELECT item_id, event, seconds, minutes FROM reading_log").fetchall()


def test_done_marks_item_queue_and_log_with_time_spent(db):
    first = daily.snapshot(db, NOW).entries[0]
    day = daily.current_day(db, NOW).isoformat()
    with transaction(db):
        reading_time.record_session(db, first.id, 300, NOW, day)
        reading_time.record_session(db, first.id, 120, NOW, day)
    actions.done(db, first.id, NOW)
    assert item(db, first.id)["status"] == "read"
    assert daily.snapshot(db, NOW).entries[0].status == "read"
    assert (first.id, "read", 420, first.minutes) in log(db)
    assert daily.snapshot(db, NOW).done.items == 1


def test_done_outside_the_queue_joins_today_as_extra(db):
    last = db.execute("SELECT MAX(id) FROM items").fetchone()[0]
    actions.done(db, last, NOW)
    entries = daily.snapshot(db, NOW).entries
    assert entries[-1].id == last and entries[-1].reason == "extra"
    actions.undo(db)
    assert last not in [e.id for e in daily.snapshot(db, NOW).entries]
    assert item(db, last)["status"] == "inbox"


def test_done_twice_is_refused_in_one_sentence(db):
    first = daily.snapshot(db, NOW).entries[0].id
    actions.done(db, first, NOW)
    with pytest.raises(actions.ActionError, match="already read"):
        actions.done(db, first, NOW)


def test_undo_restores_everything_done_changed(db):
    first = daily.snapshot(db, NOW).entries[0].id
    before = item(db, first)
    actions.done(db, first, NOW)
    message = actions.undo(db).message
    assert "marked read" in message
    assert item(db, first) == before
    assert log(db) == []
    assert daily.snapshot(db, NOW).entries[0].status == "queued"


def test_undo_walks_back_several_actions_then_says_nothing_is_left(db):
    ids = [e.id for e in daily.snapshot(db, NOW).entries]
    actions.skip(db, ids[0], NOW)
    actions.snooze(db, ids[1], daily.current_day(db, NOW) + timedelta(days=3), NOW)
    actions.bump(db, ids[2], 1, NOW)
    assert item(db, ids[2])["priority"] == 1
    for _ in range(3):
        actions.undo(db)
    assert [item(db, i)["status"] for i in ids[:3]] == ["queued"] * 3
    assert item(db, ids[2])["priority"] == 0
    with pytest.raises(actions.ActionError, match="nothing to undo"):
        actions.undo(db)


def test_back_to_inbox_leaves_today(db):
    first = daily.snapshot(db, NOW).entries[0].id
    actions.to_inbox(db, first, NOW)
    assert first not in [e.id for e in daily.snapshot(db, NOW).entries]
    assert item(db, first)["status"] == "inbox"


def test_snooze_must_be_after_today(db):
    first = daily.snapshot(db, NOW).entries[0].id
    with pytest.raises(actions.ActionError, match="after today"):
        actions.snooze(db, first, daily.current_day(db, NOW), NOW)


def test_priority_stays_in_range(db):
    first = daily.snapshot(db, NOW).entries[0].id
    for _ in range(5):
        actions.bump(db, first, -1, NOW)
    assert item(db, first)["priority"] == -3


@pytest.mark.parametrize(
    ("text", "expected"),
    [("tomorrow", 1), ("3d", 3), ("+2w", 14), ("2026-12-25", None)],
)
def test_parse_until(text, expected):
    today = date(2026, 11, 22)
    got = actions.parse_until(text, today)
    assert got == (today + timedelta(days=expected) if expected else date(2026, 12, 25))


def test_parse_until_explains_bad_dates():
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        actions.parse_until("next blursday", date(2026, 11, 22))


def test_cli_today_json_contract(cli):
    result = cli("today", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "date",
        "day_starts",
        "target",
        "done",
        "streak",
        "best_streak",
        "cards_due",
        "forecast",
        "items",
        "week",
        "advice_due",
        "plans_due",
        "open_questions",
        "overrun",
    }
    assert set(data["target"]) == set(data["done"]) == {"items", "minutes"}
    assert set(data["forecast"][0]) == {
        "track", "remaining", "planned_finish", "expected_finish", "overrun_finish"
    }  # fmt: skip
    assert set(data["items"][0]) == {
        "id", "title", "url", "source", "minutes", "minutes_range", "status"
    }  # fmt: skip
    date.fromisoformat(data["date"])


def test_cli_done_skip_snooze_undo_and_more(cli):
    ids = [i["id"] for i in json.loads(cli("today", "--json").stdout)["items"]]
    assert cli("done", str(ids[0])).returncode == 0
    assert cli("skip", str(ids[1])).returncode == 0
    snoozed = cli("snooze", str(ids[2]), "--until", "tomorrow")
    assert snoozed.returncode == 0 and "Snoozed until" in snoozed.stdout
    data = json.loads(cli("today", "--json", "--more").stdout)
    statuses = [i["status"] for i in data["items"]]
    assert statuses[:3] == ["read", "skipped", "snoozed"]
    assert len(statuses) == len(ids) + 1
    assert data["done"]["items"] == 1
    assert "Undone (added)" in cli("undo").stdout


def test_cli_errors_are_one_sentence(cli):
    missing = cli("done", "99999")
    assert missing.returncode == 1
    assert missing.stderr.startswith("curriculum: There is no reading with id 99999")
    bad = cli("snooze", "1", "--until", "someday")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
