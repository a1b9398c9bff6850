"""feeds.yaml: the bundled file validates, errors name the line, applying is idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.errors import CatalogError
from curriculum.library import catalog
from curriculum.store import paths

GOOD = """\
version: 1
feeds:
  - name: Bounded Regret
    url: https://bounded-regret.ghost.io/rss/
    tags: [alignment]
    priority: 1
tracks:
  - id: mini
    name: Mini track
    weeks:
      - title: Week 1
        readings:
          - title: First
            url: https://example.org/first
            authors: [A. Author]
            minutes: 10
          - title: Second
            url: https://arxiv.org/abs/2209.00626v3
            minutes: 20
"""


def test_bundled_catalog_has_feeds_and_a_real_starter_track():
    loaded = catalog.load(paths.bundled_catalog())
    assert len(loaded.feeds) >= 10
    assert any("arxiv.org" in f.url and f.include for f in loaded.feeds)
    track = loaded.tracks[0]
    assert len(track.readings) >= 20
    assert {r.week for r in track.readings} >= set(range(1, 8))
    for reading in track.readings:
        assert reading.title and reading.url.startswith("http") and reading.minutes > 0
        assert reading.authors
        assert len(reading.summary) > 80, f"{reading.title} needs a summary for the Reader"


def test_good_catalog_parses():
    loaded = catalog.parse(GOOD, "good.yaml")
    assert [f.name for f in loaded.feeds] == ["Bounded Regret"]
    assert [r.title for r in loaded.tracks[0].readings] == ["First", "Second"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("feeds:\n  - name: X\n", 2, "needs a 'url'"),
        ("feeds:\n  - name: X\n    url: ftp://x.org/feed\n", 3, "http(s) URL"),
        ("feeds:\n  - name: X\n    url: https://x.org/f\n    priority: 9\n", 4, "from -3 to 3"),
        ("feeds:\n  - name: X\n    url: https://x.org/f\n    colour: red\n", 4, "unknown key"),
        ("feeds: [unclosed\n", 2, "not valid YAML"),
        ("tracks:\n  - id: t\n    name: T\n    weeks: []\n", 4, "non-empty list of 'weeks'"),
        (
            "tracks:\n  - id: t\n    name: T\n    weeks:\n      - title: W\n        readings:\n"
            "          - title: R\n            url: https://x.org/r\n            minutes: zero\n",
            9,
            "'minutes'",
        ),
        ("version: 2\n", 1, "only version 1"),
        ("- just\n- a list\n", 1, "must be a mapping"),
    ],
)
def test_errors_name_the_file_and_line(text, line, fragment):
    with pytest.raises(CatalogError) as caught:
        catalog.parse(text, "my-feeds.yaml")
    message = str(caught.value)
    assert message.startswith(f"my-feeds.yaml, line {line}:")
    assert fragment in message


def test_unreadable_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CatalogError, match="Cannot read"):
        catalog.load(tmp_path / "missing.yaml")


def test_apply_is_idempotent_and_never_deletes(bare_db, now):
    loaded = catalog.parse(GOOD, "good.yaml")
    first = catalog.apply(bare_db, loaded, now)
    assert (first.feeds_added, first.tracks_added, first.readings_added) == (1, 1, 2)
    bare_db.execute("UPDATE items SET status = 'read' WHERE title = 'First'")
    shrunk = catalog.parse(GOOD.split("          - title: Second")[0], "shrunk.yaml")
    again = catalog.apply(bare_db, shrunk, now)
    assert (again.feeds_added, again.tracks_added, again.readings_added) == (0, 0, 0)
    assert again.feeds_updated == 1
    assert bare_db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 2
    assert bare_db.execute("SELECT COUNT(*) FROM track_items").fetchone()[0] == 2
    status = bare_db.execute("SELECT status FROM items WHERE title = 'First'").fetchone()[0]
    assert status == "read"


def test_arxiv_readings_are_normalised(bare_db, now):
    catalog.apply(bare_db, catalog.parse(GOOD, "good.yaml"), now)
    row = bare_db.execute("SELECT arxiv_id FROM items WHERE title = 'Second'").fetchone()
    assert row[0] == "2209.00626"
