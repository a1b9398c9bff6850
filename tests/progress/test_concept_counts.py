"""A concept's readings and cards are counted the same way everywhere: a read reading counts
for its own tags and its cards' tags, a card for its own tags and its reading's; the Stats
screen, `stats` and `stats --json` show the same numbers."""

from __future__ import annotations

import json
from datetime import timedelta

from curriculum.progress import coverage
from tests.conftest import NOW
from tests.stats_history import card, read, track_items
from tui.screens.stats import concepts_content


def test_a_card_tag_counts_its_reading_and_a_reading_tag_its_card(db):
    first, second, third = track_items(db)[:3]
    read(db, first, NOW - timedelta(hours=2), tags=[])
    card(db, first, "What is deceptive alignment?", "…", NOW, tags=["deception"])
    read(db, second, NOW - timedelta(hours=1), tags=["interpretability"])
    card(db, second, "What is a feature?", "…", NOW)
    card(db, third, "Unread reading's card", "…", NOW, tags=["deception"])
    counts = {c.tag: (c.readings, c.cards) for c in coverage.concept_list(db, NOW)}
    assert counts["deception"] == (1, 2), "read about it through the card; two cards"
    assert counts["interpretability"] == (1, 1), "the reading's tag reaches its card"


def test_a_reading_counts_once_per_concept(db):
    first = track_items(db)[0]
    read(db, first, NOW, tags=["deception"])
    card(db, first, "Q1", "…", NOW, tags=["deception"])
    card(db, first, "Q2", "…", NOW, tags=["deception"])
    [concept] = coverage.concept_list(db, NOW)
    assert (concept.readings, concept.cards) == (1, 2)


def test_suspended_cards_count_nowhere(db):
    first = track_items(db)[0]
    read(db, first, NOW, tags=[])
    card(db, first, "Q", "…", NOW, tags=["deception"], suspended=True)
    assert coverage.concept_list(db, NOW) == []


def test_the_command_line_json_and_screen_show_the_same_numbers(db, cli):
    first, second = track_items(db)[:2]
    read(db, first, NOW - timedelta(days=1), tags=["reward-hacking"])
    card(db, first, "Q", "…", NOW, tags=["deception"])
    card(db, second, "Q2", "…", NOW, tags=["deception"])
    db.conn.commit()
    data = json.loads(cli("stats", "--json").stdout)
    by_tag = {c["tag"]: (c["readings"], c["cards"]) for c in data["concepts"]}
    assert by_tag["reward-hacking"] == (1, 1) and by_tag["deception"] == (1, 2)
    text = cli("stats").stdout.split("Model of AI safety", 1)[1].splitlines()[2 : 2 + len(by_tag)]
    printed = {row.split()[-4]: (int(row.split()[-3]), int(row.split()[-2])) for row in text}
    assert printed == by_tag
    screen = str(concepts_content(data["concepts"])).splitlines()[1:]
    drawn = {row[2:27].strip(): (int(row[27:32]), int(row[32:39])) for row in screen}
    assert drawn == by_tag
