"""Every text field of the app drops control characters, however text arrives: a paste
carrying `ESC[31m`, a title-setting `ESC]0;…BEL`, C1 controls and bidi overrides shows and
is stored as plain text (Settings, Feeds dialogs, Library search, Key ideas, Brief, question
and plan dialogs), and no Input or TextArea of the app is made without this."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea

from curriculum import cards
from curriculum.progress import meetings, questions
from curriculum.store import settings
from tests.conftest import NOW
from tui.app import CurriculumApp
from tui.dialogs.feed_dialogs import AddFeedDialog, ImportOpmlDialog
from tui.dialogs.plan_add import PlanAddDialog
from tui.dialogs.question_jot import QuestionJotDialog
from tui.screens.key_ideas import KeyIdeasScreen
from tui.text_fields import TextEditor, TextInput

TUI = Path(__file__).resolve().parents[2] / "tui"
HOSTILE = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07title\u202e \x9b2Jgone\u200b\x7f"
SHOWN = "[31mred[0m ]0;pwnedtitle 2Jgone"  # what is left: plain, visible text
LINES = "first\x1b[2J\r\nsecond\tcolumn\x85third"


pytestmark = pytest.mark.usefixtures("utc_local_time")


def test_every_input_and_text_area_of_the_app_cleans_what_it_gets() -> None:
    """Read the app's source: no bare Input or TextArea is made or subclassed outside
    `tui/text_fields.py` (a new field must use TextInput or TextEditor)."""
    bare = {"Input", "TextArea"}
    found = []
    for path in sorted(TUI.rglob("*.py")):
        if path.name == "text_fields.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in bare:
                found.append(f"{path.relative_to(TUI)}:{node.lineno} makes {node.func.id}")
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", getattr(b, "attr", None)) for b in node.bases}
                if bases & bare:
                    found.append(f"{path.relative_to(TUI)}:{node.lineno} subclasses {bases}")
    assert found == []


async def paste(pilot, field: Widget, text: str) -> None:
    """A terminal's bracketed paste, handed to the focused field as the app hands it on
    (`App.on_event` → `_forward_event`), without the app's own cleaning of pastes: this
    tests what the field itself keeps."""
    field.focus()
    await pilot.pause()
    field._forward_event(events.Paste(text))
    await pilot.pause()


def shown_line(field: Widget) -> str:
    """The text the field draws on its first line."""
    return "".join(segment.text for segment in field.render_line(0))


async def test_library_search_shows_a_pasted_escape_as_text(db) -> None:
    app = CurriculumApp(db, start="library", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        field = app.screen.query_one("#library-search", Input)
        await paste(pilot, field, HOSTILE)
        assert field.value == SHOWN
        assert SHOWN in shown_line(field) and "\x1b" not in shown_line(field)
        assert field.cursor_position == len(SHOWN), "the cursor lands after what was kept"
        await paste(pilot, field, "\x1b")
        assert field.value == SHOWN, "a lone ESC adds nothing"


async def test_key_ideas_stores_pasted_text_clean(db) -> None:
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = KeyIdeasScreen(1)
        app.push_screen(screen)
        await pilot.pause()
        front = screen.query_one("#ki-front", TextArea)
        await paste(pilot, front, "Why " + HOSTILE)
        await paste(pilot, screen.query_one("#ki-back", TextArea), LINES)
        tags = screen.query_one("#ki-tags", Input)
        tags.value = ""
        await paste(pilot, tags, "tag\x1b[1m, other\ttag")
        assert "\x1b" not in "".join(s.text for y in range(3) for s in front.render_line(y))
        await pilot.press("ctrl+s")
        await pilot.pause()
    (card,) = cards.cards_where(db, "item_id = 1")
    assert card.front == "Why " + SHOWN
    assert card.back == "first[2J\nsecond\tcolumn\nthird", "newlines and tabs stay"
    assert card.tags == ["tag[1m", "other tag"]


async def test_the_brief_keeps_pasted_text_clean(db) -> None:
    app = CurriculumApp(db, start="brief", clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await paste(pilot, app.screen.query_one("#brief-ask", Input), HOSTILE)
        await paste(pilot, app.screen.query_one("#brief-model", TextArea), LINES)
        await pilot.press("ctrl+s")
        await pilot.pause()
    kept = meetings.draft(db)
    assert kept.ask == SHOWN
    assert kept.model == "first[2J second column third"


async def test_a_question_jotted_from_a_paste_is_stored_clean(db) -> None:
    app = CurriculumApp(db, start="questions", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(QuestionJotDialog())
        await pilot.pause()
        field = app.screen.query_one("#jot-text", Input)
        await paste(pilot, field, HOSTILE)
        assert field.value == SHOWN and "\x1b" not in shown_line(field)
        await pilot.press("enter")
        await pilot.pause()
    (question,) = questions.list_questions(db)
    assert question.text == SHOWN


async def test_a_setting_pasted_with_escapes_is_stored_clean(db) -> None:
    app = CurriculumApp(db, start="settings", clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#setting-ranking-interests", Input)
        field.value = ""
        await paste(pilot, field, "interpretability\x1b[31m, evals\u202e")
        await pilot.press("enter")
        await pilot.pause()
    assert settings.get(db, "ranking.interests") == "interpretability[31m, evals"


@pytest.mark.parametrize(
    ("dialog", "selector"),
    [(AddFeedDialog, "#add-url"), (ImportOpmlDialog, "#opml-src"), (PlanAddDialog, "#plan-text")],
)
async def test_dialog_fields_drop_pasted_controls(db, dialog, selector) -> None:
    app = CurriculumApp(db, start="feeds", clock=lambda: NOW)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        app.push_screen(dialog())
        await pilot.pause()
        field = app.screen.query_one(selector, Input)
        field.value = ""
        await paste(pilot, field, HOSTILE)
        assert field.value == SHOWN
        assert "\x1b" not in shown_line(field) and "\x07" not in shown_line(field)


async def test_values_set_from_code_are_cleaned_too(db) -> None:
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        field = TextInput("a\x1b[31mb\nc")
        editor = TextEditor("x\x1by")
        await app.screen.mount(field, editor)
        await pilot.pause()
        assert (field.value, editor.text) == ("a[31mb c", "xy")
        field.value = "\x9bz"
        editor.text = "line\x1b[Kone\nline two"
        editor.insert("\x07!", (1, 8))
        assert (field.value, editor.text) == ("z", "line[Kone\nline two!")


async def test_a_paste_into_the_command_palette_is_cleaned(db) -> None:
    """The palette's search box is Textual's own: the app cleans every paste on its way."""
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        field = app.screen.query_one(Input)
        app.post_message(events.Paste(HOSTILE))
        await pilot.pause()
        assert field.value == SHOWN
