"""Notes as Anki has them: one cloze text, a card per cloze number, edited as one."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from curriculum import cards
from curriculum.cards import cloze, reschedule
from curriculum.cards.check import replay_problems
from curriculum.cards.scheduling import scheduler_key
from curriculum.errors import CurriculumError
from curriculum.store import settings

START = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
TEXT = "{{c1::Reward hacking}} exploits a {{c2::misspecified reward}}."


def add(db, text=TEXT, back=""):
    return cards.add_cards(db, 1, text, back, ["reward hacking"], START)


def review_a_few(db, card_id, at=START):
    for rating in (3, 3, 3):
        rated = cards.rate(db, card_id, rating, at)
        at = rated.card.memory.due
    return cards.get_card(db, card_id)


def test_editing_one_cloze_card_updates_every_sibling_and_keeps_schedules(db):
    first, second = add(db)
    reviewed = review_a_few(db, second.id)
    logs = db.execute("SELECT * FROM review_log ORDER BY id").fetchall()
    edit = cards.edit_card(db, first.id, TEXT.replace("exploits", "games"), "note", ["x"],
                           START + timedelta(days=1))  # fmt: skip
    assert edit.updated == [first.id, second.id] and not edit.added and not edit.deleted
    for card in (cards.get_card(db, first.id), cards.get_card(db, second.id)):
        assert "games" in card.front and card.back == "note" and card.tags == ["x"]
    assert cards.get_card(db, second.id).memory == reviewed.memory
    assert db.execute("SELECT * FROM review_log ORDER BY id").fetchall() == logs
    assert cards.get_note(db, first.note_id).front == TEXT.replace("exploits", "games")


def test_a_new_cloze_number_adds_a_card(db):
    first, _ = add(db)
    edit = cards.edit_card(db, first.id, TEXT + " It is {{c3::common}}.", "", None, START)
    assert [c.cloze_index for c in edit.added] == [3]
    assert edit.added[0].note_id == first.note_id and edit.added[0].state == "new"
    assert edit.added[0].question().endswith("It is […].")


def test_a_removed_cloze_asks_then_deletes_its_card(db):
    first, second = add(db)
    review_a_few(db, second.id)
    shorter = "{{c1::Reward hacking}} exploits a misspecified reward."
    with pytest.raises(cards.RemovesCards) as asked:
        cards.edit_card(db, first.id, shorter, "", None, START)
    assert [c.id for c in asked.value.removed] == [second.id]
    assert "card 2 (cloze 2, 3 reviews) would be deleted" in str(asked.value)
    assert cards.get_card(db, first.id).front == TEXT  # nothing changed
    edit = cards.edit_card(db, first.id, shorter, "", None, START, delete_removed=True)
    assert edit.deleted == [second.id]
    assert [c.id for c in cards.siblings(db, first.note_id)] == [first.id]
    assert db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A {{c0::zero}} cloze", "Cloze numbers start at 1"),
        ("A {{c1::never closed", "is never closed"),
        ("A {{c1000::big}} one", "Cloze numbers go from 1 to 999"),
    ],
)
def test_what_anki_would_never_ask_is_refused(db, text, message):
    with pytest.raises(CurriculumError, match=message):
        add(db, text)
    assert db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0


def test_nested_clozes_give_a_card_per_number_as_anki_does(db):
    made = add(db, "A {{c1::mesa-optimizer {{c2::pursues}} its own}} {{c3::objective::what}}")
    assert [c.cloze_index for c in made] == [1, 2, 3]
    assert made[0].question() == "A […] objective"
    assert made[1].question() == "A mesa-optimizer […] its own objective"
    assert made[2].question() == "A mesa-optimizer pursues its own [what]"
    assert made[0].answer() == "A mesa-optimizer pursues its own objective"


def test_cloze_parser_follows_anki():
    assert cloze.cloze_indices("{{c01::a}} }} {{c2::b::h::i}}") == [1, 2]
    assert cloze.render("{{c2::b::h::i}} x", 2, reveal=False) == "[h::i] x"
    assert cloze.render("x }} y {{c1::a}}}", 1, reveal=True) == "x }} y a}"
    assert cloze.cloze_indices("{{C1::upper}}") == []


def test_a_basic_note_does_not_turn_into_a_cloze_and_a_cloze_keeps_one(db):
    (basic,) = cards.add_cards(db, 1, "Q?", "A.", [], START)
    with pytest.raises(CurriculumError, match="question/answer card"):
        cards.edit_card(db, basic.id, "Q {{c1::x}}", "A.", None, START)
    first, _ = add(db)
    with pytest.raises(CurriculumError, match="needs at least one cloze"):
        cards.edit_card(db, first.id, "no clozes", "back", None, START)


def test_deleting_one_cloze_card_is_refused_but_its_note_can_go(db):
    first, second = add(db)
    with pytest.raises(CurriculumError, match="remove \\{\\{c1::…\\}\\} from its text"):
        cards.delete_card(db, first.id)
    assert cards.delete_card(db, first.id, whole_note=True) == [first.id, second.id]
    assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def test_bury_siblings_when_on_and_undo_unburies(db):
    first, second = add(db)
    (third,) = cards.add_cards(db, 1, "Other?", "x", [], START)
    rated = cards.rate(db, first.id, 3, START)
    assert rated.buried == () and cards.get_card(db, second.id).buried_until is None  # off
    cards.undo_rating(db, rated.log_id, START)
    settings.set_value(db, "cards.bury_siblings", "true")
    rated = cards.rate(db, first.id, 3, START)
    assert rated.buried == (second.id,)
    assert cards.get_card(db, second.id).buried_until > "2026-11-01T09:00:00.000Z"
    assert cards.get_card(db, third.id).buried_until is None  # not a sibling
    session = cards.Session.start(db, START + timedelta(minutes=1))
    assert second.id not in session.queue
    cards.undo_rating(db, rated.log_id, START)
    assert cards.get_card(db, second.id).buried_until is None


def test_reschedule_after_a_retention_change_keeps_check_clean(db):
    (card,) = cards.add_cards(db, 1, "Q?", "A.", [], START)
    at = START
    for rating in (3, 3, 3, 3):
        rated = cards.rate(db, card.id, rating, at)
        at = rated.card.memory.due
    before = cards.get_card(db, card.id).memory
    settings.set_value(db, "cards.retention", "0.8")
    assert replay_problems(db) == []  # reviews recorded their own scheduler
    assert reschedule.reschedule(db, at) == 1
    after = cards.get_card(db, card.id).memory
    assert after.due > before.due and after.stability == pytest.approx(before.stability)
    assert replay_problems(db) == []
    last = db.execute("SELECT MAX(id), state_before FROM review_log").fetchone()
    assert json.loads(last[1])["scheduler"] == scheduler_key(cards.build_scheduler(db))
    undone = cards.undo_rating(db, last[0], at)
    assert undone.memory.reps == 3


def test_migration_gives_older_cards_notes_grouping_cloze_texts(db):
    """Cards written without a note (older versions, direct inserts) get one; the cloze cards
    of one text share it."""
    for index in (1, 2):
        db.execute(
            "INSERT INTO cards (item_id, kind, front, back, cloze_index, tags, due, created_at,"
            " updated_at) VALUES (1, 'cloze', ?, '', ?, ?, 'x', 'x', 'x')",
            [TEXT, index, json.dumps([f"t{index}"])],
        )
    rows = db.execute("SELECT note_id FROM cards").fetchall()
    assert len({r[0] for r in rows}) == 1
    assert cards.get_note(db, rows[0][0]).tags == ["t1", "t2"]


def test_check_names_a_review_card_without_a_usable_stability(db):
    (card,) = cards.add_cards(db, 1, "Q?", "A.", [], START)
    db.execute("UPDATE cards SET state = 'review', stability = 0, difficulty = 5 WHERE id = ?",
               [card.id])  # fmt: skip
    assert replay_problems(db) == [
        f"card {card.id} is a review card without a positive stability; restore a backup, or "
        f"delete it with `curriculum card delete {card.id}`"
    ]
