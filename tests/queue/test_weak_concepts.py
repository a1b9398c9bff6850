"""The queue favours readings on weak concepts: tags on arrival, the ranking bonus, Today."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import OptionList

from curriculum import store
from curriculum.feeds import ingest, manage
from curriculum.feeds.parse import parse_feed
from curriculum.library import concepts
from curriculum.library.home import open_home
from curriculum.queue import daily
from curriculum.queue.picking import FeedReading, rank, score, weak_concept
from curriculum.store import settings, transaction
from tests.conftest import FIXTURES, NOW
from tests.queue_data import add_feed, add_item, feeds_only, set_targets
from tests.stats_history import card, read
from tui.app import CurriculumApp

PHRASES = sorted({p for phrases in concepts.CONCEPTS.values() for p in phrases})


def reference_suggest(title: str, summary: str = "", limit: int = 6) -> list[str]:
    """The plain definition: each phrase, at a word start with any ending, found by regex."""
    scores: dict[str, int] = {}
    for name, phrases in concepts.CONCEPTS.items():
        patterns = [re.compile(rf"\b{re.escape(p)}\w*", re.IGNORECASE) for p in phrases]
        found = sum(3 * len(p.findall(title)) + len(p.findall(summary)) for p in patterns)
        if found:
            scores[name] = found
    names = list(concepts.CONCEPTS)
    return sorted(scores, key=lambda n: (-scores[n], names.index(n)))[:limit]


words = st.sampled_from([*PHRASES, "the", "model", "Reward", "DEBATES", "x-ray", "é", "unprobed"])
texts = st.lists(
    st.tuples(words, st.sampled_from([" ", "-", ", ", "", "s ", "ing. "])), max_size=25
).map(lambda parts: "".join(word + sep for word, sep in parts))


@given(texts, texts)
def test_the_fast_matcher_agrees_with_the_regex_definition(title, summary):
    assert concepts.suggest(title, summary) == reference_suggest(title, summary)


def test_a_reading_is_tagged_only_for_concepts_it_is_about():
    assert concepts.tag_reading("Sparse autoencoders find interpretable features") == [
        "interpretability",
        "superposition",
    ]
    once = "We study model behaviour. Our policy is simple."
    assert concepts.tag_reading("A new optimiser", once) == []  # a passing word is not enough
    twice = "Debate helps judges. In debate, two models argue."
    assert concepts.tag_reading("A new protocol", twice) == ["debate"]
    assert len(concepts.tag_reading("Debate, RLHF, corrigibility and scheming", "")) == 3


def test_feed_readings_arrive_with_concept_tags(bare_db, now):
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
    <item><title>Reward hacking in coding agents</title><link>https://ex.org/1</link>
    <description>Agents edit the tests.</description></item>
    <item><title>Sourdough notes</title><link>https://ex.org/2</link>
    <description>Flour &lt;b&gt;and&lt;/b&gt; water.</description></item>
    </channel></rss>"""
    entries = parse_feed(body, {"content-type": "application/rss+xml"}, "https://ex.org/f").entries
    with transaction(bare_db):
        feed = manage.insert_feed(bare_db, "https://ex.org/f", now, manage.FeedOptions())
        ingest.store_entries(bare_db, feed, entries, ingest.feed_filters(bare_db, feed), now)
    tags = dict(bare_db.execute("SELECT title, tags FROM items").fetchall())
    assert tags == {
        "Reward hacking in coding agents": '["reward hacking"]',
        "Sourdough notes": "[]",
    }


def reading(id_: int, days_old: float, tags: tuple[str, ...] = ()) -> FeedReading:
    return FeedReading(id_, 10, id_, 0, 0, NOW - timedelta(days=days_old), tags)


def test_a_reading_on_a_weak_concept_outranks_a_fresher_unrelated_one():
    fresh, on_weak = reading(1, 0), reading(2, 7, ("debate", "interpretability"))
    assert weak_concept(on_weak, ["interpretability", "debate"]) == "interpretability"
    assert score(on_weak, NOW, ["interpretability"]) > score(fresh, NOW, ["interpretability"])
    assert [r.id for r in rank([fresh, on_weak], NOW)] == [1, 2]  # no weak concept: freshness
    assert [r.id for r in rank([fresh, on_weak], NOW, weak=["debate"])] == [2, 1]
    old_on_weak = reading(3, 60, ("debate",))  # a bonus, not an override
    assert [r.id for r in rank([fresh, old_on_weak], NOW, weak=["debate"])] == [1, 3]


def weak_interpretability(db) -> tuple[int, int]:
    """Feed readings: a fresh unrelated one, and a three-day-old one on a concept that is weak
    (read about, and its only card recalled below the desired retention)."""
    feeds_only(db)
    set_targets(db, 1, 0)
    blog, papers = add_feed(db, "Blog"), add_feed(db, "Papers")
    fresh = add_item(db, "Scaling laws revisited", blog)
    on_weak = add_item(
        db, "Circuits in small models", papers, published=NOW - timedelta(days=3),
        tags=["interpretability", "superposition"],
    )  # fmt: skip
    done = add_item(db, "Toy models", papers, published=NOW - timedelta(days=40))
    with transaction(db):
        read(db, done, NOW - timedelta(days=30), ["interpretability"])
        last = NOW - timedelta(days=20)
        card(db, done, "What is a feature?", "A direction.", NOW, state="review",
             stability=2.0, last_review=last, tags=["interpretability"])  # fmt: skip
    return fresh, on_weak


def test_the_queue_favours_a_reading_on_a_weak_concept_and_says_which(db):
    fresh, on_weak = weak_interpretability(db)
    entries = daily.snapshot(db, NOW).entries
    assert [(e.id, e.reason, e.concept) for e in entries] == [(on_weak, "weak", "interpretability")]
    assert fresh not in [e.id for e in entries]


def test_the_favouring_can_be_turned_off(db):
    fresh, _ = weak_interpretability(db)
    settings.set_value(db, "daily.favour_weak", "false")
    entries = daily.snapshot(db, NOW).entries
    assert [(e.id, e.reason, e.concept) for e in entries] == [(fresh, "feed", None)]


async def test_today_names_the_weak_concept(db):
    weak_interpretability(db)
    app = CurriculumApp(db, clock=lambda: NOW)
    app.welcome = False
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        listed = app.screen.query_one("#today-list", OptionList)
        line = str(listed.get_option_at_index(0).prompt)
        assert "Circuits in small models" in line and "weak concept: interpretability" in line


def test_an_upgrade_tags_feed_readings_that_arrived_before_tagging(home: Path):
    shutil.copyfile(FIXTURES / "db" / "v1.db", home / "curriculum.db")
    raw = store.connect(home / "curriculum.db")
    curated = raw.execute("SELECT id, tags FROM items WHERE origin = 'track'").fetchall()
    raw.close()
    db = open_home(home)
    try:
        title, tags = db.execute(
            "SELECT title, tags FROM items WHERE title LIKE '%off switch%' AND origin = 'feed'"
        ).fetchone()
        assert "corrigibility" in tags, title
        assert db.execute("SELECT id, tags FROM items WHERE origin = 'track'").fetchall() == curated
    finally:
        db.close()
