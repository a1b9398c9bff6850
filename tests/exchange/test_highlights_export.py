"""Highlights leave and come back: JSON export version 2 (import still reads version 1), the
Markdown notes and the digest, with quotes that can never become links or HTML."""

from __future__ import annotations

import json
import re
from datetime import UTC

import pytest
from markdown_it import MarkdownIt

from curriculum import cards
from curriculum.exchange import highlight_io, json_export, json_import, markdown
from curriculum.exchange.records import ImportFileError
from curriculum.library import highlights, items, reader_text, texts
from curriculum.progress import digest
from curriculum.queue import actions
from curriculum.store import open_db
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item

HOSTILE = 'Proxies <script>alert(1)</script> get [gamed](javascript:x) and *that* is "Goodhart".'


@pytest.fixture
def highlighted(db):
    item_id = add_item(db, "Proxy gaming", add_feed(db, "Blog"), summary=HOSTILE + " More words.")
    item = items.get_item(db, item_id)
    document = reader_text.reader_document(item, texts.current(db, item))
    made = highlights.add_quote(db, item_id, document, HOSTILE.replace("\\", ""), NOW)
    card = cards.add_cards(
        db, item_id, "What happens to proxies?", "They get gamed", [], NOW, highlight_id=made.id
    )[0]
    actions.done(db, item_id, NOW)
    return item_id, made, card


def test_the_json_export_has_highlights_with_their_cards(db, highlighted) -> None:
    item_id, made, card = highlighted
    document = json_export.export(db, NOW)
    assert document["version"] == 2
    [row] = document["highlights"]
    assert row["item_id"] == item_id and row["card_ids"] == [card.id]
    assert row["quote"] == made.quote and set(row) >= {"id", "quote", "created_at", "card_ids"}


def test_export_then_import_into_a_fresh_home_keeps_highlights_and_links(
    db, highlighted, tmp_path
) -> None:
    path = tmp_path / "export.json"
    path.write_text(json_export.dumps(json_export.export(db, NOW)))
    fresh = open_db(tmp_path / "fresh.db")
    result = json_import.import_file(fresh, path, NOW)
    assert result.highlights == 1
    [again] = highlights.of_item(fresh)
    assert again.quote == highlighted[1].quote and len(again.card_ids) == 1
    assert json_import.import_file(fresh, path, NOW).highlights == 0, "nothing is duplicated"
    assert len(highlights.of_item(fresh)) == 1
    fresh.close()


def test_version_1_files_still_import(tmp_path) -> None:
    path = tmp_path / "v1.json"
    path.write_text(json.dumps({"version": 1, "items": [{"id": 1, "title": "Old"}]}))
    db = open_db(tmp_path / "h.db")
    assert json_import.import_file(db, path, NOW).items == 1
    db.close()


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"item_id": 99, "quote": "x"}, "highlights[0] names a reading that is not in the file"),
        ({"item_id": 1, "quote": ""}, "highlights[0] has no 'quote'"),
        ({"item_id": 1, "quote": "x", "card_ids": ["a"]}, "'card_ids' that are not a list"),
        ({"item_id": 1, "quote": "x" * 10_001}, "longer than 10,000 characters"),
    ],
)
def test_bad_highlight_records_are_refused_with_one_sentence(tmp_path, record, message) -> None:
    db = open_db(tmp_path / "h.db")
    document = {"version": 2, "items": [{"id": 1, "title": "T"}], "highlights": [record]}
    with pytest.raises(ImportFileError, match=re.escape(message)):
        json_import.import_document(db, document, NOW)
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 0, "nothing written"
    db.close()


def _no_live_html(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(text)
    assert "<script" not in rendered and 'javascript:x"' not in rendered
    assert "&lt;script&gt;" in rendered


def test_markdown_notes_list_highlights_escaped(db, highlighted, tmp_path) -> None:
    [path] = markdown.export(db, tmp_path / "notes")
    note = path.read_text()
    assert "## Highlights" in note and "Goodhart" in note
    _no_live_html(note.split("## Highlights", 1)[1])


def test_the_digest_quotes_highlights_escaped_and_counts_them(db, highlighted) -> None:
    text = digest.digest(db, NOW, tz=UTC)
    assert "- Passages highlighted: 1" in text and "Goodhart" in text
    _no_live_html(text)


def test_export_function_is_its_own(db, highlighted) -> None:
    assert highlight_io.export(db)[0]["card_ids"] == [highlighted[2].id]
