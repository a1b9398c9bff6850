"""Exports and imports: JSON round trip and merge, missing fields, Anki TSV, Markdown, revlog."""

from __future__ import annotations

import csv
import json
import time
from datetime import timedelta, timezone

import pytest
import yaml

from curriculum import cards, store
from curriculum.cards.check import replay_problems
from curriculum.cards.scheduling import make_scheduler, replay, scheduler_key
from curriculum.clock import from_iso, to_iso
from curriculum.exchange import anki, json_export, json_import, markdown, revlog
from curriculum.exchange.records import ImportFileError
from curriculum.library.home import open_home
from curriculum.progress import stats_report
from tests.exchange.mentor_data import seed_mentor_loop
from tests.stats_history import card, review, seed, track_items

UTC = timezone.utc


def _without_ids(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in ("id", "feed_id", "item_id")} for r in records]


def test_json_has_the_version_2_shape(db, now):
    ids = seed(db, now)
    doc = json_export.export(db, now)
    assert set(doc) == {
        "version", "exported_at", "study_day", "fsrs", "schedulers", "settings", "feeds",
        "tracks", "items", "cards", "highlights", "questions", "meetings", "advice", "plans",
        "days_off",
    }  # fmt: skip
    assert doc["version"] == 2 and doc["exported_at"] == "2026-11-22T12:00:00.000Z"
    assert doc["study_day"]["day_starts"] == "00:00" and "utc_offset" in doc["study_day"]
    assert doc["fsrs"] == {"parameters": None, "optimized_at": None}
    assert doc["settings"]["daily.items"] == 1
    feed = doc["feeds"][0]
    assert set(feed) == {"id", "name", "url", "site_url", "tags", "priority", "include", "exclude"}
    assert doc["tracks"][0]["items"] == track_items(db)
    item = doc["items"][0]
    assert set(item) == {
        "id", "feed_id", "title", "url", "arxiv_id", "authors", "published", "summary",
        "minutes", "status", "read_at", "tags", "snoozed_until",
    }  # fmt: skip
    strong = next(c for c in doc["cards"] if c["id"] == ids["strong"])
    assert {
        "front", "back", "state", "step", "stability", "difficulty", "due", "last_review",
        "note", "leech",
    } <= set(strong)  # fmt: skip
    assert strong["reviews"][0] == {
        "rating": 1, "reviewed_at": "2026-11-19T12:00:00.000Z", "duration_ms": 4200,
        "scheduler": scheduler_key(cards.build_scheduler(db)),
    }  # fmt: skip
    assert set(doc["schedulers"]) == {strong["reviews"][0]["scheduler"]}
    cloze_notes = {c["note"] for c in doc["cards"] if c["kind"] == "cloze"}
    assert len(cloze_notes) == 1


def test_export_import_into_an_empty_home_then_export_gives_the_same(cli, home, tmp_path, now):
    db = open_home(home)
    with store.transaction(db):
        seed(db, now)
        db.execute(
            "UPDATE items SET status = 'snoozed', snoozed_until = '2026-12-01' WHERE id = 20"
        )
    seed_mentor_loop(db, now)
    db.close()
    first = tmp_path / "first.json"
    assert cli("export", "--format", "json", "--out", str(first)).returncode == 0
    other = tmp_path / "other"
    result = cli("--home", str(other), "import", str(first))
    assert result.returncode == 0, result.stderr
    assert "7 cards added" in result.stdout and "7 reviews" in result.stdout
    assert (
        "1 highlight, 4 questions, 2 meetings, 2 pieces of advice, 2 plans, 1 day off"
        in result.stdout
    )
    second = tmp_path / "second.json"
    assert cli("--home", str(other), "export", "--out", str(second)).returncode == 0
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    assert a["questions"] and a["meetings"] and a["advice"] and a["plans"] and a["days_off"]
    for key in ("settings", "feeds", "tracks", "items", "cards", "highlights", "questions",
                "meetings", "advice", "plans", "days_off"):  # fmt: skip
        assert b[key] == a[key], key
    again = cli("--home", str(other), "import", str(first))
    assert "0 readings added (0 merged), 0 cards added (0 merged), 0 reviews" in again.stdout
    assert (
        "0 highlights, 0 questions, 0 meetings, 0 pieces of advice, 0 plans, 0 days off"
        in again.stdout
    )
    assert list((other / "backups").glob("pre-import-*.db"))


def test_import_recomputes_stats_history(bare_db, db, now):
    seed(db, now)
    doc = json.loads(json_export.dumps(json_export.export(db, now)))
    json_import.import_document(bare_db, doc, now)
    before = stats_report.report(db, now, tz=UTC)
    after = stats_report.report(bare_db, now, tz=UTC)
    assert after["reading"] == before["reading"]  # read readings get reading-log entries
    for key in ("per_day", "forecast", "by_state"):
        assert after["reviews"][key] == before["reviews"][key]
    assert after["concepts"] == before["concepts"]


def test_real_review_history_survives_a_round_trip(bare_db, db, now):
    item = track_items(db)[0]
    made = cards.add_cards(db, item, "Why read widely?", "Breadth beats depth early", [], now)
    at = now - timedelta(days=60)
    for rating in (3, 3, 3, 1, 3, 3, 4, 2, 3):
        cards.rate(db, made[0].id, rating, at, duration_ms=3000)
        due = db.execute("SELECT due FROM cards WHERE id = ?", [made[0].id]).fetchone()[0]
        at = max(at + timedelta(minutes=11), from_iso(due))
    doc = json.loads(json_export.dumps(json_export.export(db, now)))
    json_import.import_document(bare_db, doc, now)
    before = stats_report.report(db, now, tz=UTC)["reviews"]
    after = stats_report.report(bare_db, now, tz=UTC)["reviews"]
    assert after == before and before["true_retention"]["reviews"] > 0
    assert revlog.export(bare_db) == revlog.export(db)
    assert replay_problems(bare_db) == []  # the imported state agrees with its replayed log


def test_import_merges_into_a_home_with_its_own_history(db, now):
    first, second = track_items(db)[:2]
    cid = card(db, first, "Q", "A", now, state="review", stability=5.0,
               last_review=now - timedelta(days=3), tags=["mine"])  # fmt: skip
    review(db, cid, 3, now - timedelta(days=3), "learning")
    db.execute("UPDATE items SET tags = '[\"mine\"]' WHERE id = ?", [first])
    url = db.execute("SELECT url FROM items WHERE id = ?", [first]).fetchone()[0]
    doc = {
        "version": 1,
        "items": [
            {"id": 7, "title": "Same reading, other id", "url": url + "?utm_source=x",
             "status": "read", "read_at": "2026-11-20T08:00:00Z", "tags": ["theirs"]},
            {"id": 8, "title": "New one", "url": "https://example.org/new"},
        ],
        "cards": [
            {"item_id": 7, "front": "Q", "back": "A", "reviews": [
                {"rating": 3, "reviewed_at": to_iso(now - timedelta(days=3))},
                {"rating": 4, "reviewed_at": "2026-11-21T12:00:00.000Z", "duration_ms": 900},
            ]},
        ],
    }  # fmt: skip
    result = json_import.import_document(db, doc, now)
    assert (result.items, result.items_merged) == (1, 1)
    assert (result.cards, result.cards_merged, result.reviews) == (0, 1, 1)
    status, read_at, tags = db.execute(
        "SELECT status, read_at, tags FROM items WHERE id = ?", [first]
    ).fetchone()
    assert (status, read_at, json.loads(tags)) == (
        "read",
        "2026-11-20T08:00:00.000Z",
        ["mine", "theirs"],
    )
    assert db.execute("SELECT COUNT(*) FROM review_log WHERE card_id = ?", [cid]).fetchone()[0] == 2
    last = db.execute("SELECT last_review, reps FROM cards WHERE id = ?", [cid]).fetchone()
    assert last == ("2026-11-21T12:00:00.000Z", 2)  # the state now includes the new review
    assert db.execute("SELECT COUNT(*) FROM items WHERE id = ?", [second]).fetchone()[0] == 1


def test_import_a_file_with_missing_optional_fields(bare_db, now):
    reviews = [(3, "2026-11-01T09:00:00.000Z"), (3, "2026-11-01T09:11:00.000Z"),
               (1, "2026-11-05T09:00:00.000Z"), (4, "2026-11-05T09:20:00.000Z")]  # fmt: skip
    doc = {
        "version": 1,
        "items": [{"id": 1, "title": "A post with no link", "status": "read",
                   "read_at": "2026-11-01T08:00:00+01:00"}],
        "cards": [
            {"id": 40, "item_id": 1, "front": "Replayed?", "back": "Yes",
             "reviews": [{"rating": r, "reviewed_at": at} for r, at in reviews]},
            {"front": "Never reviewed", "item_id": 99},
            {"item_id": 1, "front": "A {{c1::cloze}} card"},
        ],
    }  # fmt: skip
    result = json_import.import_document(bare_db, doc, now)
    assert (result.items, result.cards, result.reviews) == (1, 3, 4)
    row = bare_db.execute("SELECT status, read_at FROM items WHERE id = 1").fetchone()
    assert row == ("read", "2026-11-01T07:00:00.000Z")
    expected = replay(make_scheduler(), 40, from_iso(reviews[0][1]),
                      [(r, from_iso(at)) for r, at in reviews])[-1]  # fmt: skip
    state = bare_db.execute(
        "SELECT state, stability, difficulty, due, reps, lapses FROM cards WHERE id = 40"
    ).fetchone()
    assert state == (expected.state, expected.stability, expected.difficulty,
                     to_iso(expected.due), 4, 1)  # fmt: skip
    befores = [json.loads(s)["state"] for (s,) in bare_db.execute(
        "SELECT state_before FROM review_log ORDER BY reviewed_at")]  # fmt: skip
    assert befores == ["new", "learning", "review", "relearning"]
    fresh = bare_db.execute(
        "SELECT state, item_id, due FROM cards WHERE front = 'Never reviewed'"
    ).fetchone()
    assert fresh == ("new", None, to_iso(now))
    assert bare_db.execute(
        "SELECT kind, cloze_index FROM cards WHERE front LIKE 'A {{c1%'"
    ).fetchone() == ("cloze", 1)
    log = bare_db.execute("SELECT item_id, day FROM reading_log").fetchall()
    assert log == [(1, "2026-11-01")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not a JSON export"),
        ('{"version": 3}', "is not a version-1 or version-2 Curriculum export"),
        ('{"version": 1, "items": [{"id": 1}]}', "items[0] has no 'title'; fix the file"),
        ('{"version": 1, "cards": [{"front": "x", "reviews": [{"rating": 5}]}]}',
         "cards[0].reviews[0] needs a 'rating' from 1 to 4"),
        ('{"version": 1, "items": [{"title": "t", "read_at": "yesterday", "status": "read"}]}',
         "has a 'read_at' that is not an ISO 8601 time"),
    ],
)  # fmt: skip
def test_a_bad_file_is_one_sentence_and_changes_nothing(db, tmp_path, now, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    count = db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    with pytest.raises(ImportFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        json_import.import_file(db, path, now)
    assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == count


def test_import_of_a_large_library_is_quick(bare_db, tmp_path, now):
    """A tenth of the issue's 20,000 readings, 20,000 cards and 200,000 reviews."""
    n = 2000
    start = now - timedelta(days=400)
    items = [
        {"id": i, "title": f"Paper {i}", "url": f"https://example.org/{i}", "status": "read",
         "read_at": to_iso(start + timedelta(hours=i))}
        for i in range(1, n + 1)
    ]  # fmt: skip
    cards = [
        {"id": i, "item_id": i, "front": f"Q{i}", "back": "A", "state": "review", "stability": 9.0,
         "difficulty": 5.0, "due": to_iso(now), "last_review": to_iso(now - timedelta(days=1)),
         "reviews": [{"rating": 3, "reviewed_at": to_iso(start + timedelta(days=k, seconds=i))}
                     for k in range(10)]}
        for i in range(1, n + 1)
    ]  # fmt: skip
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"version": 1, "items": items, "cards": cards}))
    began = time.perf_counter()
    result = json_import.import_file(bare_db, path, now)
    assert time.perf_counter() - began < 5
    assert (result.items, result.cards, result.reviews) == (n, n, 10 * n)
    assert bare_db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 10 * n


def test_anki_tsv_is_read_by_a_tsv_parser_as_anki_would(db, now):
    ids = seed(db, now)
    db.execute("UPDATE cards SET back = ? WHERE id = ?", ["a <b> & c\nsecond\tline", ids["new"]])
    db.execute("UPDATE notes SET back = ? WHERE id = (SELECT note_id FROM cards WHERE id = ?)",
               ["a <b> & c\nsecond\tline", ids["new"]])  # fmt: skip
    card(db, track_items(db)[1], "Specification {{c1::gaming}} is {{c2::reward hacking}}", "",
         now, kind="cloze", cloze_index=2, tags=["two words"])  # fmt: skip
    text = anki.export(db)
    lines = text.splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert header == ["#separator:tab", "#html:true", "#notetype column:1", "#deck column:2",
                      "#guid column:3", "#tags column:6"]  # fmt: skip
    rows = list(csv.reader([x for x in lines if not x.startswith("#")], delimiter="\t"))
    assert all(len(row) == 6 for row in rows)
    assert len(rows) == 5  # two cloze cards of one text are one Anki note
    guids = {g for (g,) in db.execute("SELECT guid FROM notes")}
    assert {row[2] for row in rows} == guids
    by_front = {row[3]: row for row in rows}
    cloze = by_front["Specification {{c1::gaming}} is {{c2::reward hacking}}"]
    assert cloze[:2] == ["Cloze", "Curriculum"]
    assert set(cloze[5].split()) == {"reward-hacking", "two_words"}
    assert by_front["Why does Goodhart bite?"][4] == "a &lt;b&gt; &amp; c<br>second line"
    assert by_front["What is a feature?"][0] == "Basic"


def test_markdown_notes_for_a_vault(db, now, tmp_path):
    seed(db, now)
    folder = tmp_path / "vault"
    written = markdown.export(db, folder)
    assert len(written) == 7  # every read reading (each card's reading is among them)
    note = (folder / "The Bitter Lesson.md").read_text()
    front = yaml.safe_load(note.split("---")[1])
    assert front["title"] == "The Bitter Lesson" and front["tags"] == ["reward-hacking"]
    assert front["source"] == "AGI Safety Fundamentals — Alignment (2023)"
    assert "## Key ideas" in note
    assert "- **Define reward hacking** Exploiting a misspecified reward" in note
    assert "- Specification ==gaming== is ==reward hacking==" in note


def test_revlog_csv_in_the_fsrs_tools_shape(db, now):
    ids = seed(db, now)
    rows = list(csv.DictReader(revlog.export(db).splitlines()))
    assert list(rows[0]) == revlog.COLUMNS
    strong = [r for r in rows if int(r["card_id"]) == ids["strong"]]
    assert [r["review_rating"] for r in strong] == ["1", "2", "4", "3"]
    assert int(strong[-1]["review_time"]) == int((now - timedelta(days=1)).timestamp() * 1000)
    assert {r["review_state"] for r in strong} == {"2"} and strong[0]["review_duration"] == "4200"
    cloze = [r["review_state"] for r in rows if int(r["card_id"]) == ids["cloze"]]
    assert cloze == ["1", "0"]  # learning, then the (older-state) new review, in time order


def test_export_formats_from_the_cli(cli, tmp_path):
    assert cli("export", "--format", "anki").stdout.startswith("#separator:tab\n")
    assert cli("export", "--format", "revlog").stdout == ",".join(revlog.COLUMNS) + "\n"
    result = cli("export", "--format", "markdown", "--out", str(tmp_path / "notes"))
    assert result.returncode == 0 and "Wrote 0 notes" in result.stdout
    assert json.loads(cli("export").stdout)["version"] == 2
    missing = cli("import", str(tmp_path / "nope.json"))
    assert missing.returncode == 1 and missing.stderr.startswith("curriculum: Cannot read")
