"""The database handle: transactions and savepoints on the bare connection, sqlite-utils' API
over the same connection when asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum import store
from curriculum.store import Database


def _values(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT value FROM meta ORDER BY key")]


def test_atomic_commits_and_rolls_back_as_one(bare_db: Database) -> None:
    with bare_db.atomic():
        store.set_meta(bare_db, "a", 1)
        store.set_meta(bare_db, "b", 2)
    assert _values(bare_db) == ["1", "2"]
    with pytest.raises(RuntimeError), bare_db.atomic():
        store.set_meta(bare_db, "c", 3)
        raise RuntimeError("undo")
    assert _values(bare_db) == ["1", "2"]
    assert not bare_db.conn.in_transaction


def test_a_nested_atomic_is_a_savepoint_that_undoes_only_its_own_writes(
    bare_db: Database,
) -> None:
    with store.transaction(bare_db):
        store.set_meta(bare_db, "outer", 1)
        with pytest.raises(ValueError), bare_db.atomic():
            store.set_meta(bare_db, "inner", 2)
            raise ValueError("inner only")
        with bare_db.atomic(), bare_db.atomic():
            store.set_meta(bare_db, "kept", 3)
    assert _values(bare_db) == ["3", "1"]


def test_the_table_api_works_on_the_same_connection_inside_a_transaction(
    bare_db: Database,
) -> None:
    with store.transaction(bare_db):
        store.set_meta(bare_db, "seen", "by sqlite-utils")
        row = bare_db.table("meta").get("seen")
        assert row["value"] == '"by sqlite-utils"'
        assert bare_db["meta"].count == 1
    assert bare_db.utils.conn is bare_db.conn


def test_recursive_triggers_are_on_as_sqlite_utils_set_them(tmp_path: Path) -> None:
    db = store.connect(tmp_path / "t.db")
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
