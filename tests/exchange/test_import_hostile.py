"""Hostile JSON imports: every bad field is one sentence naming the record and the field, and
nothing is written; any document at all gives a result or that one sentence, never a crash."""

from __future__ import annotations

import json
import math
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum import cards, store
from curriculum.cards.check import replay_problems
from curriculum.errors import CurriculumError
from curriculum.exchange import json_export, json_import
from curriculum.exchange.records import ImportFileError
from tests.conftest import NOW

TABLES = ("items", "cards", "review_log", "feeds", "tracks", "notes", "settings", "meta",
          "highlights", "questions", "meetings", "advice", "plans", "days_off")  # fmt: skip


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def review_card(**changes: Any) -> dict[str, Any]:
    card = {
        "id": 7, "item_id": 1, "front": "Q?", "back": "A.", "state": "review", "step": None,
        "stability": 3.2, "difficulty": 5.0, "due": "2026-11-25T10:00:00.000Z",
        "last_review": "2026-11-21T10:00:00.000Z", "reps": 2, "lapses": 0,
        "reviews": [{"rating": 3, "reviewed_at": "2026-11-20T10:00:00.000Z"},
                    {"rating": 3, "reviewed_at": "2026-11-21T10:00:00.000Z"}],
    }  # fmt: skip
    return card | changes


def document(**parts: Any) -> dict[str, Any]:
    return {"version": 2, "items": [{"id": 1, "title": "A reading"}]} | parts


BAD = [
    ("stability missing", document(cards=[review_card(stability=None)]),
     "cards[0] is a review card without a positive 'stability'"),
    ("stability zero", document(cards=[review_card(stability=0)]),
     "cards[0] is a review card without a positive 'stability'"),
    ("stability negative", document(cards=[review_card(stability=-1.5)]),
     "cards[0] has a 'stability' outside 0 to 1e+06"),
    ("stability NaN", document(cards=[review_card(stability=math.nan)]),
     "cards[0] has a 'stability' that is not a finite number"),
    ("difficulty infinite", document(cards=[review_card(difficulty=math.inf)]),
     "cards[0] has a 'difficulty' that is not a finite number"),
    ("suspended as text", document(cards=[review_card(suspended="false")]),
     "cards[0] has a 'suspended' that is not true or false"),
    ("id beyond SQLite", document(cards=[review_card(id=2**70)]),
     "cards[0] has a 'id' outside 1 to 9,007,199,254,740,991"),
    ("item id beyond SQLite", document(items=[{"id": 10**30, "title": "t"}]),
     "items[0] has a 'id' outside 1 to 9,007,199,254,740,991"),
    ("huge minutes", document(items=[{"id": 1, "title": "t", "minutes": 10**18}]),
     "items[0] has a 'minutes' outside 0 to 100,000"),
    ("huge reps", document(cards=[review_card(reps=10**12)]),
     "cards[0] has a 'reps' outside 0 to 1,000,000"),
    ("negative duration", document(cards=[review_card(reviews=[
        {"rating": 3, "reviewed_at": "2026-11-21T10:00:00.000Z", "duration_ms": -5}])]),
     "cards[0].reviews[0] has a 'duration_ms' outside 0 to 86,400,000"),
    ("huge duration", document(cards=[review_card(reviews=[
        {"rating": 3, "reviewed_at": "2026-11-21T10:00:00.000Z", "duration_ms": 10**20}])]),
     "cards[0].reviews[0] has a 'duration_ms' outside 0 to 86,400,000"),
    ("huge cloze number", document(cards=[{"front": "{{c99999999999999999999::x}}"}]),
     "cards[0] has cloze text that cannot be asked (Cloze numbers go from 1 to 999"),
    ("cloze zero", document(cards=[{"front": "a {{c0::b}}"}]),
     "cards[0] has cloze text that cannot be asked (Cloze numbers start at 1"),
    ("cloze index not in text", document(cards=[{"front": "a {{c1::b}}", "cloze_index": 4}]),
     "cards[0] has a 'cloze_index' of 4, a cloze its text does not have"),
    ("title too long", document(items=[{"id": 1, "title": "x" * 1001}]),
     "items[0] has a 'title' longer than 1,000 characters"),
    ("card side too long", document(cards=[{"front": "Q", "back": "y" * 10_001}]),
     "cards[0] has a 'back' longer than 10,000 characters"),
    ("new with reviews", document(cards=[review_card(state="new")]),
     "cards[0] is in state 'new' but has reviews"),
    ("last review before its reviews", document(cards=[
        review_card(last_review="2026-11-20T09:00:00.000Z")]),
     "cards[0] has a 'last_review' before its latest review"),
    ("due before last review", document(cards=[review_card(due="2026-11-19T00:00:00.000Z")]),
     "cards[0] has a 'due' time before its 'last_review'"),
    ("more lapses than reps", document(cards=[review_card(lapses=5)]),
     "cards[0] has more 'lapses' than 'reps'"),
    ("learning without step", document(cards=[review_card(state="learning")]),
     "cards[0] is a learning card without a 'step'"),
    ("unknown scheduler", document(cards=[review_card(reviews=[
        {"rating": 3, "reviewed_at": "2026-11-21T10:00:00.000Z", "scheduler": "nope"}])]),
     "cards[0].reviews[0] names a 'scheduler' that is not in the file's 'schedulers'"),
    ("bad parameters", document(fsrs={"parameters": [1, 2, 3]}),
     "fsrs.parameters is not a list of 21 FSRS parameters"),
    ("year 99999", document(items=[{"id": 1, "title": "t", "status": "read",
                                     "read_at": "99999-01-01T00:00:00Z"}]),
     "items[0] has a 'read_at' that is not an ISO 8601 time"),
    ("rating true", document(cards=[review_card(reviews=[
        {"rating": True, "reviewed_at": "2026-11-21T10:00:00.000Z"}])]),
     "cards[0].reviews[0] needs a 'rating' from 1 to 4"),
]  # fmt: skip


@pytest.mark.parametrize(("doc", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_each_bad_field_is_one_sentence_and_nothing_is_written(bare_db, now, doc, message):
    before = counts(bare_db)
    with pytest.raises(ImportFileError) as caught:
        json_import.import_document(bare_db, json.loads(json.dumps(doc)), now)
    text = str(caught.value)
    assert text.startswith(message), text
    assert text.endswith("; fix the file and import again.") and "\n" not in text
    assert counts(bare_db) == before


def test_a_valid_review_card_still_imports(bare_db, now):
    result = json_import.import_document(bare_db, document(cards=[review_card()]), now)
    assert (result.items, result.cards, result.reviews) == (1, 1, 2)


def test_a_byte_order_mark_is_fine(bare_db, tmp_path, now):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document()).encode())
    assert json_import.import_file(bare_db, path, now).items == 1


def test_json_nested_100000_deep_is_one_sentence_from_the_cli(cli, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"version": 2, "items": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = cli("import", str(path))
    assert result.returncode == 1
    assert result.stderr == (
        f"curriculum: {path} is nested too deeply to be a Curriculum export; make one with "
        "`curriculum export --format json`.\n"
    )


def test_a_huge_id_from_the_cli_is_one_sentence_and_changes_nothing(cli, home, tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(document(items=[{"id": 2**64, "title": "t"}])))
    result = cli("import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("curriculum: items[0] has a 'id' outside 1 to")
    db = store.open_db(home / "curriculum.db")
    assert db.execute("SELECT COUNT(*) FROM items WHERE title = 't'").fetchone()[0] == 0


def test_an_imported_review_card_reviews_without_crashing(bare_db, now):
    json_import.import_document(bare_db, document(cards=[review_card()]), now)
    card = cards.cards_where(bare_db)[0]
    later = now + timedelta(days=4)
    session = cards.Session.start(bare_db, later)
    assert session.current(later).id == card.id
    assert cards.rate(bare_db, card.id, 3, later).card.memory.stability > 3.2


# Any document: a result or one clear sentence, never another exception.

KEYS = {
    "feeds": ["id", "name", "url", "site_url", "tags", "priority", "include", "exclude"],
    "items": ["id", "feed_id", "title", "url", "arxiv_id", "authors", "published", "summary",
              "minutes", "status", "read_at", "tags", "snoozed_until"],
    "tracks": ["id", "name", "items"],
    "cards": ["id", "item_id", "kind", "cloze_index", "front", "back", "tags", "state", "step",
              "stability", "difficulty", "due", "last_review", "reps", "lapses", "suspended",
              "note", "leech", "reviews"],
    "highlights": ["id", "item_id", "quote", "prefix", "suffix", "start", "end", "created_at",
                   "card_ids"],
    "questions": ["id", "text", "item_id", "card_id", "highlight_id", "status", "answer",
                  "answer_card_id", "top_rank", "created_at", "closed_at"],
    "meetings": ["id", "held_on", "ask", "model", "markdown", "created_at", "updated_at"],
    "advice": ["id", "meeting_id", "text", "status", "due", "follow_ups", "created_at",
               "closed_at"],
    "plans": ["id", "text", "by_day", "estimate_minutes", "forecast_day", "pace_minutes",
              "overrun", "surprised", "created_at", "created_day", "outcome", "actual_minutes",
              "closed_at", "asked_on"],
    "days_off": ["day", "created_at"],
}  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["review", "new", "learning", "2026-11-21T10:00:00Z", "https://a.example/x",
                     "{{c1::x}}", "{{c0::x}}", "read", "snoozed", "2026-12-01", "cloze",
                     "open", "answered", "dropped", "done", "partly"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
REVIEW = st.fixed_dictionaries(
    {},
    optional={"rating": st.integers(-1, 6) | VALUES, "reviewed_at": SCALARS,
              "duration_ms": SCALARS, "scheduler": SCALARS},
)  # fmt: skip


def record(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    fields = {key: VALUES for key in KEYS[kind]}
    if kind == "cards":
        fields["reviews"] = st.lists(REVIEW, max_size=3) | VALUES
    return st.fixed_dictionaries({}, optional=fields)


DOCUMENTS = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 2])},
    optional={
        **{kind: st.lists(record(kind), max_size=3) | VALUES for kind in KEYS},
        "settings": st.dictionaries(st.sampled_from(["cards.retention", "daily.items", "x"]),
                                    VALUES, max_size=2),
        "fsrs": st.fixed_dictionaries({}, optional={"parameters": VALUES, "optimized_at": SCALARS}),
        "schedulers": st.dictionaries(st.text(max_size=4), VALUES, max_size=2),
    },
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=DOCUMENTS)
def test_any_document_gives_a_result_or_one_sentence(tmp_path_factory, doc):
    db = store.open_db(tmp_path_factory.mktemp("h") / "x.db")
    try:
        before = counts(db)
        try:
            result = json_import.import_document(db, doc, NOW)
        except CurriculumError as error:
            assert "\n" not in str(error) and str(error).endswith(".")
            assert counts(db) == before
        else:
            assert result.cards == db.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
            assert store.check(db) == []
    finally:
        db.close()


@settings(max_examples=200, deadline=None)
@given(raw=st.text(max_size=200) | st.builds(lambda n: "[" * n + "]" * n, st.integers(0, 3000)))
def test_any_file_text_gives_a_document_or_one_sentence(raw):
    try:
        json_import.parse_document(raw, "file.json")
    except ImportFileError as error:
        assert "\n" not in str(error)


def test_check_stays_clean_after_import_optimize_and_a_retention_change(bare_db, tmp_path, now):
    """Each review records its scheduler, so a later change of parameters or retention does
    not make the replay disagree with the imported states."""
    pytest.importorskip("fsrs_rs_python")
    from curriculum.cards import optimize
    from curriculum.store import settings as config

    source = store.open_db(tmp_path / "source.db")
    source.execute(
        "INSERT INTO items (id, title, first_seen, updated_at) VALUES (1, 't', 'x', 'x')"
    )
    start = now - timedelta(days=300)
    for n in range(60):
        (card,) = cards.add_cards(source, 1, f"Q{n}?", "A.", [], start)
        at = start + timedelta(hours=n)
        for k in range(8):
            rated = cards.rate(source, card.id, 1 if (n + k) % 5 == 0 else 3, at)
            at = max(rated.card.memory.due, at + timedelta(minutes=11))
    doc = json.loads(json_export.dumps(json_export.export(source, now)))
    json_import.import_document(bare_db, doc, now)
    assert replay_problems(bare_db) == []
    fit = optimize.fit(bare_db, now)
    assert not fit.kept_old or fit.reviews >= 400
    config.set_value(bare_db, "cards.retention", "0.8")
    assert replay_problems(bare_db) == []


def test_addresses_are_stored_as_the_url_parser_normalises_them(bare_db, now):
    """An import stores each address in the one form every other way in stores (lower-case
    scheme and host, spaces encoded, tabs and newlines removed, as browsers do), never the
    file's raw text; an address that is not a usable web address is never stored."""
    doc = document(
        feeds=[{"id": 1, "url": "HTTPS://Feeds.Example.COM/rss feed", "name": "F",
                "site_url": "https://Site.Example/\tblog"}],
        items=[{"id": 1, "title": "Spaced", "feed_id": 1, "url": "HTTP://Example.COM/a b#x"},
               {"id": 2, "title": "Tabbed", "url": "https://ex.example/a\n\tb"},
               {"id": 3, "title": "Bad port", "url": "https://x.example:70000/p"}],
    )  # fmt: skip
    json_import.import_document(bare_db, doc, now)
    feed = bare_db.execute("SELECT url, site_url FROM feeds WHERE name = 'F'").fetchone()
    assert feed == ("https://feeds.example.com/rss%20feed", "https://site.example/blog")
    stored = dict(bare_db.execute("SELECT title, url FROM items WHERE origin = 'import'"))
    assert stored == {
        "Spaced": "http://example.com/a%20b#x",
        "Tabbed": "https://ex.example/ab",
        "Bad port": None,
    }
    again = json_import.import_document(bare_db, doc, now)
    assert (again.feeds, again.items) == (0, 0), "the normalised address is the identity"


def test_a_feed_address_that_is_not_a_web_address_says_why(bare_db, now):
    doc = document(feeds=[{"id": 1, "url": "https://x.example:70000/feed"}])
    with pytest.raises(ImportFileError, match=r"^feeds\[0\] has a 'url' that is not an http\(s\)"
                       r" address \(it has a port"):  # fmt: skip
        json_import.import_document(bare_db, doc, now)
