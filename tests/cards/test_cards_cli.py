"""`card add`, `cards [--due] [--json]` and the replay check, as real subprocesses."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from curriculum import cards, store
from curriculum.cards.check import replay_problems

KEYS = {
    "id", "item_id", "front", "back", "tags", "state", "due",
    "stability", "difficulty", "reps", "lapses", "suspended", "note_id", "cloze",
}  # fmt: skip


def test_card_add_then_cards_json_contract(cli):
    front, back = "What is the key idea?", "Goals can misgeneralise."
    added = cli("card", "add", "--item", "1", "--front", front, "--back", back,
                "--tag", "goal misgeneralisation")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Added card 1" in added.stdout
    listed = cli("cards", "--json")
    data = json.loads(listed.stdout)
    assert len(data) == 1 and set(data[0]) == KEYS
    card = data[0]
    assert card["state"] == "new" and card["reps"] == 0 and card["suspended"] is False
    assert card["tags"] == ["goal misgeneralisation"]
    assert card["due"].endswith("Z")  # a new card is due at once
    due = json.loads(cli("cards", "--due", "--json").stdout)
    assert [c["id"] for c in due] == [1]


def test_cloze_card_add_gives_one_card_per_cloze(cli):
    out = cli(
        "card",
        "add",
        "--item",
        "1",
        "--front",
        "{{c1::Debate}} is a {{c2::scalable oversight}} method",
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(cli("cards", "--json").stdout)
    assert [c["id"] for c in data] == [1, 2]


def test_card_add_errors_are_one_sentence(cli):
    out = cli("card", "add", "--item", "424242", "--front", "Q", "--back", "A")
    assert out.returncode == 1
    assert out.stderr.startswith("curriculum: There is no reading with id 424242")
    out = cli("card", "add", "--item", "1", "--front", "Q")
    assert out.returncode == 1 and "answer" in out.stderr


def test_suspended_cards_leave_the_due_list(cli):
    cli("card", "add", "--item", "1", "--front", "Q1", "--back", "A1")
    cli("card", "add", "--item", "1", "--front", "Q2", "--back", "A2")
    assert cli("card", "suspend", "1").returncode == 0
    due = json.loads(cli("cards", "--due", "--json").stdout)
    assert [c["id"] for c in due] == [2]
    everything = json.loads(cli("cards", "--json").stdout)
    assert everything[0]["suspended"] is True


def test_check_reports_a_card_whose_state_differs_from_its_log(db, home, cli):
    now = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
    made = cards.add_cards(db, 1, "Q", "A", [], now)[0]
    at = now
    for rating in (3, 3, 3):
        at = cards.rate(db, made.id, rating, at).card.memory.due + timedelta(hours=1)
    assert replay_problems(db) == []
    assert cli("check").returncode == 0
    with store.transaction(db):
        db.execute("UPDATE cards SET stability = stability * 2 WHERE id = ?", [made.id])
    problems = replay_problems(db)
    assert len(problems) == 1 and problems[0].startswith(f"card {made.id}")
    out = cli("check")
    assert out.returncode == 1 and f"card {made.id}" in out.stdout


def test_replay_uses_the_scheduler_in_effect_at_each_review(db):
    """Changing retention later does not make old cards look inconsistent."""
    now = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
    made = cards.add_cards(db, 1, "Q", "A", [], now)[0]
    at = cards.rate(db, made.id, 3, now).card.memory.due
    at = cards.rate(db, made.id, 3, at).card.memory.due
    from curriculum.store import settings

    settings.set_value(db, "cards.retention", "0.8")
    cards.rate(db, made.id, 3, at)
    assert replay_problems(db) == []
