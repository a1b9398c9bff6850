"""The v1 fixture as a previous version left it: upgraded by every migration before one."""

from __future__ import annotations

import shutil
from pathlib import Path

from curriculum import store
from curriculum.store import migrations
from tests.conftest import FIXTURES

V1 = FIXTURES / "db" / "v1.db"


def v1_before(home: Path, migration: str) -> Path:
    """A copy of the v1 fixture in `home`, upgraded by every migration before `migration`."""
    path = home / "curriculum.db"
    shutil.copyfile(V1, path)
    db = store.connect(path)
    migrations.plan().apply(db, stop_before=migration)
    db.close()
    return path
