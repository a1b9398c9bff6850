"""Highlights: stored with their context, found again after the text changes, linked to cards."""

from __future__ import annotations

from datetime import timedelta

import pytest

from curriculum import cards
from curriculum.errors import CurriculumError
from curriculum.library import fetched, highlights, items, reader_text, texts
from curriculum.library.document import parse
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item

SUMMARY = "Reward models can be exploited. The policy finds inputs where the proxy is wrong."
WHOLE = (
    "# A post\n\nFirst we set the scene with [a link](https://a.example) and some words.\n\n"
    "Reward models can be exploited. The policy finds inputs where the proxy is wrong. "
    "This is Goodhart's law at work.\n\nReward models can be exploited. A second, later "
    "place says it again, with other words around it.\n"
)


@pytest.fixture
def reading(db):
    return add_item(db, "Proxy gaming", add_feed(db, "Blog"), summary=SUMMARY)


def document_of(db, item_id):
    item = items.get_item(db, item_id)
    return reader_text.reader_document(item, texts.current(db, item))


def test_a_highlight_keeps_its_quote_and_context(db, reading) -> None:
    document = document_of(db, reading)
    start = document.text.index("The policy")
    end = document.text.index("wrong.") + len("wrong.")
    made = highlights.add(db, reading, document, start, end, NOW)
    assert made.quote == "The policy finds inputs where the proxy is wrong."
    assert made.prefix.endswith("Reward models can be exploited.") and made.found
    assert highlights.of_item(db, reading) == [made]


def test_highlights_are_found_again_in_the_whole_text(db, reading) -> None:
    document = document_of(db, reading)
    first = highlights.add_quote(db, reading, document, "Reward models can be exploited.", NOW)
    second = highlights.add_quote(db, reading, document, "proxy is  wrong", NOW)
    whole = texts.ReadingText(reading, "page", WHOLE, 60, "https://example.org/x")
    fetched.keep(db, whole, NOW + timedelta(hours=1))
    moved = {h.id: h for h in highlights.of_item(db, reading)}
    new_document = document_of(db, reading)
    for made in (first, second):
        again = moved[made.id]
        assert again.found and again.start != made.start
        assert highlights.normalise(new_document.text[again.start : again.end]) == (
            highlights.normalise(made.quote)
        )
    occurrences = [
        i for i in range(len(new_document.text)) if new_document.text.startswith("Reward models", i)
    ]
    assert moved[first.id].start == occurrences[0], "the occurrence whose context matches"


def test_a_quote_missing_from_the_new_text_is_kept_as_not_found(db, reading) -> None:
    made = highlights.add_quote(db, reading, document_of(db, reading), "finds inputs", NOW)
    other = "# Another\n\n" + "Entirely different words fill this page from start to end. " * 5
    fetched.keep(db, texts.ReadingText(reading, "page", other, 50), NOW)
    again = highlights.get(db, made.id)
    assert not again.found and again.quote == "finds inputs"


def test_link_numbers_are_not_part_of_quotes_or_matching(db, reading) -> None:
    fetched.keep(db, texts.ReadingText(reading, "page", WHOLE, 60), NOW)
    document = document_of(db, reading)
    assert "a link [1] and" in document.text
    made = highlights.add_quote(db, reading, document, "with a link and some words", NOW)
    assert made.quote == "with a link and some words"


def test_a_quote_not_in_the_text_is_a_clear_error(db, reading) -> None:
    with pytest.raises(CurriculumError, match="not in the reading's text"):
        highlights.add_quote(db, reading, document_of(db, reading), "nowhere to be seen", NOW)


def test_cards_link_to_their_highlight_and_survive_its_removal(db, reading) -> None:
    made = highlights.add_quote(db, reading, document_of(db, reading), "finds inputs", NOW)
    card = cards.add_cards(
        db,
        reading,
        "What does the policy find?",
        "Inputs where the proxy errs",
        [],
        NOW,
        highlight_id=made.id,
    )[0]
    assert highlights.get(db, made.id).card_ids == [card.id]
    assert highlights.of_card(db, card.id) == highlights.get(db, made.id)
    other = add_item(db, "Other", summary="x")
    with pytest.raises(CurriculumError, match="not reading"):
        cards.add_cards(db, other, "Q?", "A", [], NOW, highlight_id=made.id)
    highlights.remove(db, made.id)
    assert cards.get_card(db, card.id).front == "What does the policy find?"
    assert highlights.of_card(db, card.id) is None


def test_matching_ignores_whitespace_and_numbers_in_brackets() -> None:
    document = parse("Alpha  beta [3] gamma.\n\nDelta.")
    found = highlights.locate(document, "beta gamma", "", "", None)
    assert found is not None
    assert document.text[found[0] : found[1]] == "beta [3] gamma"


def test_removing_a_feed_keeps_its_highlighted_readings(db) -> None:
    from curriculum.feeds import manage

    feed = add_feed(db, "Gone")
    item_id = add_item(db, "Kept", feed, summary=SUMMARY)
    with db.conn:
        db.execute(
            "INSERT INTO item_sources (feed_id, guid, item_id) VALUES (?, 'g', ?)", [feed, item_id]
        )
    highlights.add_quote(db, item_id, document_of(db, item_id), "finds inputs", NOW)
    manage.remove_feed(db, feed)
    assert db.execute("SELECT COUNT(*) FROM items WHERE id = ?", [item_id]).fetchone()[0] == 1
    assert len(highlights.of_item(db, item_id)) == 1
