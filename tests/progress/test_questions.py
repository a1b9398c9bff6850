"""Questions: jotted with their reading, card or highlight; answered (maybe as a card),
dropped, or picked as the brief's top three."""

from __future__ import annotations

from datetime import timedelta

import pytest

from curriculum import cards
from curriculum.errors import ConfigError, CurriculumError, NotFoundError
from curriculum.progress import questions
from curriculum.store import transaction
from tests.conftest import NOW
from tests.queue_data import add_item


def test_a_question_from_a_card_links_the_card_and_its_reading(db):
    item = add_item(db, "Goal misgeneralisation")
    card = cards.add_cards(db, item, "What is GMG?", "Capabilities generalise, goals not", [], NOW)
    q = questions.add_question(db, "  Is GMG just\x1b[31m overfitting? ", NOW, card_id=card[0].id)
    assert (q.item_id, q.card_id, q.text) == (item, card[0].id, "Is GMG just[31m overfitting?")
    assert q.item_title == "Goal misgeneralisation" and q.status == "open"


def test_a_question_can_name_a_highlight(db):
    item = add_item(db, "A paper")
    with pytest.raises(NotFoundError, match="no highlight 7"):
        questions.add_question(db, "Why?", NOW, highlight_id=7)
    with transaction(db):
        db.execute(
            "INSERT INTO highlights (id, item_id, quote, created_at) VALUES (7, ?, 'q', ?)",
            [item, "2026-11-22T12:00:00.000Z"],
        )
    q = questions.add_question(db, "Why?", NOW, highlight_id=7)
    assert (q.highlight_id, q.item_id) == (7, item)


def test_bad_questions_are_refused(db):
    with pytest.raises(CurriculumError, match="needs some words"):
        questions.add_question(db, " \n ", NOW)
    with pytest.raises(CurriculumError, match="at most 2,000"):
        questions.add_question(db, "x" * 2001, NOW)
    with pytest.raises(NotFoundError):
        questions.add_question(db, "On nothing?", NOW, item_id=99999)
    assert questions.list_questions(db, include_closed=True) == []


def test_answer_as_a_card_drop_and_listing(db):
    item = add_item(db, "Debate")
    first = questions.add_question(db, "Does debate scale?", NOW, item_id=item)
    second = questions.add_question(db, "Who judges?", NOW + timedelta(minutes=1))
    answered = questions.answer_question(db, first.id, "Only with honest equilibria", NOW,
                                         make_card=True)  # fmt: skip
    card = cards.get_card(db, answered.answer_card_id)
    assert (card.front, card.back, card.item_id) == (
        "Does debate scale?", "Only with honest equilibria", item
    )  # fmt: skip
    with pytest.raises(CurriculumError, match="already answered"):
        questions.drop_question(db, first.id, NOW)
    with pytest.raises(CurriculumError, match="needs the answer"):
        questions.answer_question(db, second.id, "", NOW, make_card=True)
    assert [q.id for q in questions.list_questions(db)] == [second.id]
    questions.drop_question(db, second.id, NOW)
    assert questions.list_questions(db) == []
    closed = questions.list_questions(db, include_closed=True)
    assert [(q.id, q.status) for q in closed] == [(second.id, "dropped"), (first.id, "answered")]


def test_the_top_three(db):
    ids = [questions.add_question(db, f"q{n}", NOW + timedelta(minutes=n)).id for n in range(5)]
    questions.pick_top(db, [ids[3], ids[0]])
    assert [q.id for q in questions.top_questions(db)] == [ids[3], ids[0]]
    assert [q.id for q in questions.list_questions(db)][:2] == [ids[3], ids[0]], "picked first"
    questions.toggle_top(db, ids[1])
    with pytest.raises(ConfigError, match="top 3 are picked"):
        questions.toggle_top(db, ids[2])
    questions.toggle_top(db, ids[3])  # unpick the first: the others move up
    assert [(q.id, q.top_rank) for q in questions.top_questions(db)] == [(ids[0], 1), (ids[1], 2)]
    questions.drop_question(db, ids[0], NOW)
    assert [(q.id, q.top_rank) for q in questions.top_questions(db)] == [(ids[1], 1)]
    with pytest.raises(ConfigError, match="at most 3"):
        questions.pick_top(db, ids[:4])
    with pytest.raises(CurriculumError, match="already dropped"):
        questions.pick_top(db, [ids[0]])
    questions.pick_top(db, [])
    assert questions.top_questions(db) == []
