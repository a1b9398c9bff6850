"""The Key ideas editor under Pilot: prompts, cloze, concept tags, ctrl+s, escape."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from curriculum import cards
from tests.conftest import NOW
from tui.app import CurriculumApp
from tui.screens.key_ideas import KeyIdeasScreen


async def open_editor(app: CurriculumApp, pilot, item_id: int = 1) -> KeyIdeasScreen:
    await pilot.pause()
    screen = KeyIdeasScreen(item_id)
    app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_write_two_cards_then_finish(db):
    title = db.execute("SELECT title FROM items WHERE id = 1").fetchone()[0]
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("enter")  # the first prompt: why does …?
        await pilot.pause()
        front = screen.query_one("#ki-front", TextArea)
        assert screen.focused is front and front.selected_text == "…"
        await pilot.press(*"orthogonality hold")
        assert front.text == "Why does orthogonality hold?" and title not in front.text
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#ki-back", TextArea)
        await pilot.press(*"Four claims.")
        screen.query_one("#ki-tags", Input).value = "outer alignment, My Own Tag"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert front.text == "" and screen.query_one("#ki-back", TextArea).text == ""
        screen.query_one(
            "#ki-front", TextArea
        ).text = "{{c1::Orthogonality}} and {{c2::convergence}}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, KeyIdeasScreen)
    made = cards.cards_where(db, "item_id = 1")
    assert [c.kind for c in made] == ["basic", "cloze", "cloze"]
    assert made[0].back == "Four claims."
    assert made[0].tags == ["outer alignment", "My Own Tag"]
    assert all(c.state == "new" for c in made)


async def test_escape_with_unsaved_text_asks_first(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_editor(app, pilot)
        screen.query_one("#ki-front", TextArea).text = "A half-written question"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
    assert cards.cards_where(db) == []


async def test_a_card_without_an_answer_is_refused(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_editor(app, pilot)
        screen.query_one("#ki-front", TextArea).text = "A question with no answer?"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert any("answer" in str(n.message) for n in app._notifications)
    assert cards.cards_where(db) == []


async def test_concepts_are_suggested_from_the_reading(db):
    """The starter track's goal-misgeneralisation reading suggests that concept."""
    (item_id,) = db.execute(
        "SELECT id FROM items WHERE title LIKE 'Goal Misgeneralization in Deep%'"
    ).fetchone()
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_editor(app, pilot, item_id)
        tags = screen.query_one("#ki-tags", Input).value.split(", ")
        assert tags[0] == "goal misgeneralisation"
        hint = str(screen.query_one("#ki-concepts").render())
        assert "Other concepts:" in hint and "corrigibility" in hint


async def test_typing_on_the_prompt_list_writes_the_question_and_fires_no_global_key(db):
    """Typed letters (`t`, `x`, `i`, `s`, `q`…) start the question: they neither leave the
    editor nor act on a reading elsewhere."""
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_editor(app, pilot)
        before = db.execute("SELECT id, status FROM items ORDER BY id").fetchall()
        assert isinstance(screen.focused, type(screen.query_one("#ki-prompts")))
        await pilot.press(*"What is this? it six quiet tries")
        await pilot.pause()
        assert app.screen is screen
        front = screen.query_one("#ki-front", TextArea)
        assert screen.focused is front and front.text == "What is this? it six quiet tries"
    assert db.execute("SELECT id, status FROM items ORDER BY id").fetchall() == before
