"""Released schema versions: each fixture database upgrades with its data intact, and a
database from a newer version is refused and left untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from curriculum import store
from curriculum.library.home import open_home
from curriculum.store import migrations, settings
from tests.conftest import FIXTURES

V1 = FIXTURES / "db" / "v1.db"


def install(fixture: Path, home: Path) -> Path:
    """Copy a fixture database into a home, as a user's existing data."""
    target = home / "curriculum.db"
    shutil.copyfile(fixture, target)
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_data(db) -> dict[str, object]:
    """What a user would miss if an upgrade lost it."""
    one = lambda sql: db.execute(sql).fetchall()  # noqa: E731
    return {
        "statuses": one("SELECT id, status, read_at FROM items WHERE status <> 'inbox' ORDER BY 1"),
        "items": one("SELECT COUNT(*), COUNT(arxiv_id) FROM items"),
        "reading_log": one("SELECT item_id, event, seconds FROM reading_log ORDER BY id"),
        "cards": one("SELECT id, front, back, state, stability, due FROM cards ORDER BY id"),
        "reviews": one("SELECT card_id, rating, reviewed_at FROM review_log ORDER BY id"),
        "feeds": one("SELECT url, name, tags FROM feeds ORDER BY id"),
        "queue": one("SELECT day, item_id, status FROM queue ORDER BY day, position"),
    }


def test_v1_fixture_is_what_it_claims() -> None:
    raw = sqlite3.connect(f"file:{V1}?mode=ro", uri=True)
    try:
        names = [r[0] for r in raw.execute("SELECT name FROM _sqlite_migrations")]
        assert names == ["0001_initial"]
        assert raw.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 4
    finally:
        raw.close()


def test_v1_upgrades_with_its_data_intact(home: Path) -> None:
    path = install(V1, home)
    raw = store.connect(path)
    before = user_data(raw)
    raw.close()
    db = open_home(home)
    try:
        assert migrations.applied_names(db) == migrations.known_names()
        assert user_data(db) == before
        assert before["statuses"][0][1] == "read" and len(before["reviews"]) == 4
        assert settings.get(db, "daily.items") == 3
        assert store.check(db) == []
    finally:
        db.close()
    pending = migrations.known_names()[1:]
    if pending:  # a real upgrade ran: the v1 file was saved first
        assert (home / "backups" / f"before-{pending[0]}.db").exists()


def test_v1_passes_check_and_serves_every_read_command(home: Path, cli) -> None:
    install(V1, home)
    assert cli("check").returncode == 0, cli("check").stderr
    items = json.loads(cli("items", "--json", "--status", "read").stdout)
    assert {i["title"] for i in items} == {"Four Background Claims", "The Bitter Lesson"}
    cards = json.loads(cli("cards", "--json").stdout)
    assert len(cards) == 3 and {c["state"] for c in cards} == {"learning"}
    for command in (["today"], ["stats"], ["feed", "list"], ["digest"], ["cards", "--due"]):
        result = cli(*command)
        assert result.returncode == 0 and not result.stderr, (command, result.stderr)


def test_a_next_migration_backs_up_v1_first(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = install(V1, home)
    fixture = sqlite3.connect(f"file:{V1}?mode=ro", uri=True)  # never touch the fixture
    fixture_data = user_data(fixture)
    fixture.close()
    monkeypatch.setattr(migrations, "STEPS", list(migrations.STEPS))
    migrations.step("9001_rel_future_column")(
        lambda db: db.execute("ALTER TABLE items ADD COLUMN rel_note TEXT")
    )
    db = store.open_db(path)
    try:
        assert "rel_note" in db.table("items").columns_dict
        assert user_data(db) == fixture_data
    finally:
        db.close()
    first_new = next(name for name in migrations.known_names() if name != "0001_initial")
    backup = home / "backups" / f"before-{first_new}.db"
    assert backup.exists(), sorted(p.name for p in (home / "backups").iterdir())
    saved = store.connect(backup)
    assert user_data(saved) == fixture_data
    assert "rel_note" not in saved.table("items").columns_dict


def future(home: Path) -> Path:
    """A v1 database that a newer Curriculum has since migrated."""
    path = install(V1, home)
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('curriculum', '9999_from_the_future', '2030-01-01')"
    )
    raw.commit()
    raw.close()
    return path


@pytest.mark.parametrize("command", [["today"], [], ["review"], ["check"], ["fetch"]])
def test_a_newer_database_is_refused_by_cli_and_app(home: Path, cli, command) -> None:
    path = future(home)
    before = digest(path)
    result = cli(*command)
    assert result.returncode == 1
    assert result.stderr.startswith("curriculum: This database was written by a newer version")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert digest(path) == before
    assert not (home / "backups").exists()


def test_v1_queue_upgrades_to_hold_readings_left_for_later(home: Path) -> None:
    install(V1, home)
    db = open_home(home)
    try:
        day, item_id = db.execute("SELECT day, item_id FROM queue LIMIT 1").fetchone()
        db.execute(
            "UPDATE queue SET status = 'later' WHERE day = ? AND item_id = ?", [day, item_id]
        )
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE queue SET status = 'paused' WHERE day = ?", [day])
        plan = db.execute("EXPLAIN QUERY PLAN SELECT * FROM queue WHERE item_id = 1").fetchall()
        assert "queue_item" in str(plan), "the index by reading survives the rebuild"
        assert store.check(db) == []
    finally:
        db.close()
