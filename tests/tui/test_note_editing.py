"""Note editing in the app (Pilot): an edited cloze note updates all its cards; a removed
cloze asks before its card goes; a retention change offers to reschedule."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, TextArea

from curriculum import cards
from curriculum.cards.check import replay_problems
from tests.conftest import NOW
from tests.tui.app_helpers import text_of
from tests.tui.test_review_screen import Clock
from tui.app import CurriculumApp
from tui.dialogs.card_edit import CardEditScreen
from tui.dialogs.confirm import ConfirmDialog

TEXT = "{{c1::Goodhart}} says a measure that becomes a {{c2::target}} stops measuring."


async def _edit_front(pilot, app, new_text: str) -> None:
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, CardEditScreen)
    app.screen.query_one("#card-edit-front", TextArea).text = new_text
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_editing_a_cloze_card_in_review_updates_its_siblings_and_adds_a_card(db):
    first, _second = cards.add_cards(db, 1, TEXT, "", [], NOW)
    app = CurriculumApp(db, start="review", clock=Clock(NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "[…] says" in text_of(app, "#review-front")
        await _edit_front(pilot, app, TEXT.replace("stops", "{{c3::stops}}"))
        assert not isinstance(app.screen, CardEditScreen)
        assert "[…] says" in text_of(app, "#review-front") and "stops" in text_of(
            app, "#review-front"
        )
        messages = [str(n.message) for n in app._notifications]
        assert any("2 cards updated, card 3 added for cloze 3" in m for m in messages), messages
    siblings = cards.siblings(db, first.note_id)
    assert [c.cloze_index for c in siblings] == [1, 2, 3]
    assert {c.front for c in siblings} == {TEXT.replace("stops", "{{c3::stops}}")}


async def test_a_removed_cloze_asks_and_no_keeps_everything(db):
    first, _second = cards.add_cards(db, 1, TEXT, "", [], NOW)
    app = CurriculumApp(db, start="review", clock=Clock(NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _edit_front(pilot, app, "{{c1::Goodhart}} says a measure that becomes a target.")
        assert isinstance(app.screen, ConfirmDialog)
        assert "card 2 (cloze 2, 0 reviews) would be deleted" in text_of(app, "#confirm-question")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CardEditScreen)  # back to the text, nothing saved
        await pilot.press("escape")
        await pilot.pause()
    assert len(cards.siblings(db, first.note_id)) == 2
    assert cards.get_card(db, first.id).front == TEXT


async def test_removing_the_shown_cards_cloze_deletes_it_and_moves_on(db):
    _first, second = cards.add_cards(db, 1, TEXT, "", [], NOW)
    app = CurriculumApp(db, start="review", clock=Clock(NOW))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # card 1 (cloze 1) is shown
        await _edit_front(pilot, app, "Goodhart says a measure that becomes a {{c2::target}}.")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert "becomes a […]" in text_of(app, "#review-front")  # the sibling, now card 2
    assert [c.id for c in cards.cards_where(db)] == [second.id]


async def test_changing_retention_offers_to_reschedule(db):
    (card,) = cards.add_cards(db, 1, "Q?", "A.", [], NOW - timedelta(days=30))
    rated = cards.rate(db, card.id, 3, NOW - timedelta(days=30))
    rated = cards.rate(db, card.id, 3, rated.card.memory.due)
    due = rated.card.memory.due
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        field = app.screen.query_one("#setting-cards-retention", Input)
        field.focus()
        field.value = "0.8"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Reschedule your 1 reviewed card for a retention of 0.8?" in text_of(
            app, "#confirm-question"
        )
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert "Rescheduled 1 card." in messages, messages
    assert cards.get_card(db, card.id).memory.due > due
    assert replay_problems(db) == []
