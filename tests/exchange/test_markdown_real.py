"""The Markdown export read back by real parsers: python-frontmatter (YAML front matter as
Obsidian reads it) and markdown-it (CommonMark), and the revlog read as the FSRS tools do."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import frontmatter
import pytest
from markdown_it import MarkdownIt

from curriculum import cards
from curriculum.exchange import markdown
from curriculum.progress import digest
from tests.conftest import local_zone
from tests.stats_history import seed

HOSTILE_TITLE = (
    'Evil <script>alert(1)</script> <img src=x onerror="alert(2)"> [[Secret]] #tag ==hi=='
)


def add_reading(db, title, url=None, read_at=None, tags=()):
    stamp = (read_at or datetime(2026, 11, 20, 12, tzinfo=timezone.utc)).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )
    cursor = db.execute(
        "INSERT INTO items (title, url, status, read_at, first_seen, updated_at, tags)"
        " VALUES (?, ?, 'read', ?, ?, ?, ?)",
        [title, url, stamp, stamp, stamp, json.dumps(list(tags))],
    )
    return int(cursor.lastrowid)


def tokens(text: str) -> list:
    found = []
    stack = MarkdownIt("commonmark").parse(text)
    while stack:
        token = stack.pop()
        found.append(token)
        stack.extend(token.children or [])
    return found


def test_hostile_titles_and_links_stay_text(db, now, tmp_path):
    item = add_reading(db, HOSTILE_TITLE, "javascript:alert(3)", tags=["two words", "2023"])
    cards.add_cards(db, item, "What is [[x]] <b>?", "an <img src=y onerror=z>", ["my tag"], now)
    written = markdown.export(db, tmp_path / "vault")
    note_file = next(p for p in written if "Evil" in p.name)
    post = frontmatter.load(note_file)
    assert post["title"] == HOSTILE_TITLE
    assert "url" not in post.metadata  # not a web address
    assert post["tags"] == ["two-words", "_2023", "my-tag"]  # valid Obsidian tags, cards' too
    found = tokens(post.content)
    assert not [t for t in found if t.type in ("html_inline", "html_block")]
    assert not [t for t in found if t.type == "link_open"]
    text = "".join(t.content for t in found if t.type == "text")
    assert "<script>alert(1)</script>" in text and "[[Secret]]" in text  # shown literally
    assert "\\[\\[Secret" in post.content  # Obsidian shows an escaped [[ as text, no wikilink


def test_digest_escapes_titles_and_drops_non_web_links(db, now):
    item = add_reading(db, HOSTILE_TITLE, "javascript:alert(3)", read_at=now - timedelta(hours=2))
    cards.add_cards(db, item, "Q <i>?", "A", [], now)
    text = digest.digest(db, now, tz=timezone.utc)
    found = tokens(text)
    assert not [t for t in found if t.type in ("html_inline", "html_block", "link_open")]
    assert "javascript:" not in "".join(t.attrGet("href") or "" for t in found)


def test_file_names_are_capped_in_bytes_and_unique(db, tmp_path):
    emoji = "🧠" * 100  # 100 characters, 400 bytes
    add_reading(db, emoji)
    first = add_reading(db, "Alpha")
    add_reading(db, f"Alpha ({first + 2})")  # the name the next one would fall back to
    add_reading(db, "Alpha")
    written = markdown.export(db, tmp_path / "vault")
    assert len(written) == 4 == len({p.name for p in written})
    assert len(list((tmp_path / "vault").iterdir())) == 4
    assert all(len(p.name.encode()) <= 255 for p in written)


def test_read_is_the_study_day(db, tmp_path):
    db.execute("INSERT INTO settings (key, value) VALUES ('day.starts', '\"04:00\"')")
    # 01:30 in Berlin on the 21st belongs to the study day of the 20th; UTC says the 21st
    add_reading(db, "Late", read_at=datetime(2026, 11, 21, 0, 30, tzinfo=timezone.utc))
    markdown.export(db, tmp_path / "vault", tz=ZoneInfo("Europe/Berlin"))
    post = frontmatter.load(tmp_path / "vault" / "Late.md")
    assert str(post["read"]) == "2026-11-20"


def test_revlog_sidecar_gives_the_fsrs_tools_the_same_days(db, now, tmp_path, cli, home):
    """The FSRS optimizer counts days from the CSV with a timezone and day start; with the
    sidecar's, its review histories equal the ones Curriculum optimizes with."""
    fsrs_rs = pytest.importorskip("fsrs_rs_python")
    from curriculum.cards import optimize
    from curriculum.library.home import open_home

    home_db = open_home(home)
    home_db.execute("INSERT INTO settings (key, value) VALUES ('day.starts', '\"04:00\"')")
    seed_cards(home_db, now)
    home_db.close()
    out = tmp_path / "revlog.csv"
    result = cli("export", "--format", "revlog", "--out", str(out), env={"TZ": "America/New_York"})
    assert result.returncode == 0, result.stderr
    side = json.loads(out.with_suffix(".json").read_text())
    assert side["timezone"] == "America/New_York" and side["next_day_starts_at"] == 4
    zone = ZoneInfo(side["timezone"])
    days: dict[int, list[tuple[int, int]]] = {}
    for row in csv.DictReader(out.read_text().splitlines()):
        moment = datetime.fromtimestamp(int(row["review_time"]) / 1000, tz=zone)
        day = (moment - timedelta(hours=side["next_day_starts_at"])).date().toordinal()
        days.setdefault(int(row["card_id"]), []).append((int(row["review_rating"]), day))
    home_db = open_home(home)
    with local_zone("America/New_York"):
        ours = optimize.histories(home_db)
    assert days == dict(ours)
    items = optimize.training_items(fsrs_rs, days)
    assert items and fsrs_rs.FSRS(fsrs_rs.DEFAULT_PARAMETERS).evaluate(items).log_loss > 0


def seed_cards(db, now) -> None:
    item = add_reading(db, "Reading")
    at = now - timedelta(days=60)
    for n in range(5):
        (card,) = cards.add_cards(db, item, f"Q{n}?", "A", [], at)
        moment = at + timedelta(hours=n * 5 + 1)  # some near midnight and 04:00 in New York
        for rating in (3, 3, 1, 3, 4):
            rated = cards.rate(db, card.id, rating, moment)
            moment = max(rated.card.memory.due, moment + timedelta(minutes=11))


def test_seeded_markdown_still_parses(db, now, tmp_path):
    seed(db, now)
    for path in markdown.export(db, tmp_path / "vault"):
        post = frontmatter.load(path)
        assert post["title"] and isinstance(post["tags"], list)
