"""A home's database as its user has it: migrated, with the bundled feeds.yaml applied once."""

from __future__ import annotations

from pathlib import Path

from curriculum import store
from curriculum.clock import utcnow
from curriculum.store import Database, paths


def open_home(home: Path) -> Database:
    """Open a home's database, applying the bundled feeds.yaml on first run."""
    db = store.open_db(paths.db_path(home))
    if store.get_meta(db, "catalog_applied") is None:
        from curriculum.library import catalog  # YAML: loaded only on first run

        catalog.apply_file(db, paths.bundled_catalog(), now=utcnow())
    return db
