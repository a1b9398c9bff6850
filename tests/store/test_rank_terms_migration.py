"""Migration 0014 adds the learned ranking's kept terms (`rank_terms`): the v1 fixture,
upgraded by the previous version, upgrades with its readings intact, then keeps each unread
reading's terms the first time it is ranked and drops them when the reading's text
changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from curriculum import store
from curriculum.queue import actions, ranking
from tests.conftest import NOW
from tests.store.upgrades import v1_before

MIGRATION = "0014_rank_terms"


def _at_0013(home: Path) -> Path:
    """The v1 fixture upgraded by the previous version (every migration before this one)."""
    return v1_before(home, MIGRATION)


def _tables(path: Path) -> set[str]:
    raw = sqlite3.connect(path)
    try:
        return {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    finally:
        raw.close()


def test_the_upgrade_then_keeps_each_unread_readings_terms(home: Path) -> None:
    path = _at_0013(home)
    assert "rank_terms" not in _tables(path)
    db = store.connect(path)
    unread = [int(r[0]) for r in db.execute("SELECT id FROM items WHERE status = 'inbox'")]
    for item_id in unread[:2]:
        actions.done(db, item_id, NOW)  # something liked: a model to train
    items = db.execute("SELECT id, status, title FROM items ORDER BY id").fetchall()
    db.close()

    db = store.open_db(path)  # the upgrade
    assert db.execute("SELECT id, status, title FROM items ORDER BY id").fetchall() == items
    assert {"rank_terms", "rank_terms_changed", "rank_terms_left_unread"} <= _tables(path)
    ranking.retrain(db, NOW, force=True)
    ranks = db.execute("SELECT item_id, score, why FROM ranks ORDER BY item_id").fetchall()
    kept = {int(r[0]) for r in db.execute("SELECT item_id FROM rank_terms")}
    assert ranks and kept == {r[0] for r in ranks} == set(ranking._unread_ids(db, False))
    assert ranking.rank_unread(db) == len(ranks)  # again, from the kept terms
    assert db.execute("SELECT item_id, score, why FROM ranks ORDER BY item_id").fetchall() == ranks
    first = min(kept)
    db.execute("UPDATE items SET title = 'Something else entirely' WHERE id = ?", [first])
    assert db.execute("SELECT 1 FROM rank_terms WHERE item_id = ?", [first]).fetchone() is None
    db.close()
