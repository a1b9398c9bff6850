"""The database: pragmas, migrations from an empty file, guards, transactions."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from curriculum import store
from curriculum.errors import StoreError
from curriculum.library.home import open_home
from curriculum.store import migrations, paths

TABLES = {
    "settings",
    "meta",
    "feeds",
    "items",
    "item_sources",
    "tracks",
    "track_items",
    "days",
    "queue",
    "reading_log",
    "actions",
    "cards",
    "review_log",
}


def test_migrations_build_every_table_from_an_empty_file(tmp_path: Path):
    db = store.open_db(tmp_path / "new.db")
    assert set(db.utils.table_names()) >= TABLES
    assert "items_fts" in db.utils.table_names()
    assert migrations.applied_names(db) == migrations.known_names()
    assert store.check(db) == []


def test_the_applied_names_are_those_sqlite_utils_recorded(tmp_path: Path):
    """`applied_names` reads sqlite-utils' own record, as its `Migrations` does."""
    path = tmp_path / "v.db"
    store.open_db(path).close()
    db = store.connect(path)
    recorded = [m.name for m in migrations.plan().applied(db)]
    assert recorded == migrations.known_names()
    assert migrations.applied_names(db) == recorded
    assert migrations.plan().pending(db) == []


def test_an_up_to_date_database_opens_without_loading_sqlite_utils(tmp_path: Path):
    path = tmp_path / "lazy.db"
    store.open_db(path).close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from curriculum import store\n"
        f"db = store.open_db(Path({str(path)!r}))\n"
        "db.execute('SELECT count(*) FROM items').fetchone()\n"
        "with store.transaction(db):\n"
        "    with db.atomic():\n"
        "        store.set_meta(db, 'k', 1)\n"
        "assert 'sqlite_utils' not in sys.modules, 'sqlite-utils was loaded'\n"
        "assert store.get_meta(db, 'k') == 1\n"
        "assert db.table('meta').count >= 1 and 'sqlite_utils' in sys.modules\n"
        "assert 'numpy' not in sys.modules, 'sqlite-utils loaded numpy'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_pragmas_wal_foreign_keys_busy_timeout(tmp_path: Path):
    db = store.open_db(tmp_path / "p.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_reopening_applies_nothing_twice(tmp_path: Path):
    path = tmp_path / "again.db"
    store.open_db(path).close()
    db = store.open_db(path)
    assert len(migrations.plan().applied(db)) == len(migrations.known_names())


def test_foreign_keys_are_enforced(tmp_path: Path):
    db = store.open_db(tmp_path / "fk.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO queue (day, item_id, position, added_at) VALUES ('2026-01-01', 99, 0, 'x')"
        )


def test_a_newer_database_is_refused_and_left_untouched(tmp_path: Path):
    path = tmp_path / "future.db"
    db = store.open_db(path)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('curriculum', '9999_from_the_future', 'x')"
    )
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version of Curriculum"):
        store.open_db(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_gets_one_sentence(tmp_path: Path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a readable Curriculum database"):
        store.open_db(path)


def test_transaction_rolls_back_the_whole_action(bare_db):
    with pytest.raises(RuntimeError), store.transaction(bare_db):
        store.set_meta(bare_db, "a", 1)
        raise RuntimeError("crash mid-action")
    assert store.get_meta(bare_db, "a") is None
    with store.transaction(bare_db):
        store.set_meta(bare_db, "a", 2)
        with store.transaction(bare_db):
            store.set_meta(bare_db, "b", 3)
    assert (store.get_meta(bare_db, "a"), store.get_meta(bare_db, "b")) == (2, 3)


def test_first_open_of_a_home_applies_the_starter_catalog_once(home: Path):
    db = open_home(home)
    tracks = db.execute("SELECT COUNT(*) FROM tracks").fetchone()[0]
    readings = db.execute("SELECT COUNT(*) FROM track_items").fetchone()[0]
    feeds = db.execute("SELECT COUNT(*) FROM feeds").fetchone()[0]
    assert tracks >= 1 and readings >= 20 and feeds >= 10
    db.execute("UPDATE items SET status = 'read' WHERE id = 1")
    db.close()
    db = open_home(home)
    assert db.execute("SELECT COUNT(*) FROM track_items").fetchone()[0] == readings
    assert db.execute("SELECT status FROM items WHERE id = 1").fetchone()[0] == "read"
    assert paths.db_path(home).exists()


def test_check_reports_a_dangling_reference(tmp_path: Path):
    db = store.open_db(tmp_path / "broken.db")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute(
        "INSERT INTO review_log (card_id, rating, reviewed_at, state_before)"
        " VALUES (42, 3, 'x', '{}')"
    )
    problems = store.check(db)
    assert any("review_log" in p and "cards" in p for p in problems)


def test_home_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("CURRICULUM_HOME", str(tmp_path / "env"))
    assert paths.home_dir() == tmp_path / "env"
    assert paths.home_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv("CURRICULUM_HOME")
    assert paths.home_dir().name == "curriculum"


def test_an_existing_database_is_backed_up_before_migrating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "old.db"
    db = store.open_db(path)
    store.set_meta(db, "precious", "data")
    db.close()
    monkeypatch.setattr(migrations, "STEPS", list(migrations.STEPS))

    @migrations.step("9000_add_column")
    def add_column(database):
        database.execute("ALTER TABLE meta ADD COLUMN note TEXT")

    db = store.open_db(path)
    assert "note" in db.table("meta").columns_dict
    backup = tmp_path / "backups" / "before-9000_add_column.db"
    old = store.connect(backup)
    assert "note" not in old.table("meta").columns_dict
    assert store.get_meta(old, "precious") == "data"
