"""Where Curriculum keeps its state: one folder holding the database and its backups.

Functions, not constants, so tests and `--home` can redirect everything.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "CURRICULUM_HOME"


def home_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `--home`, else `$CURRICULUM_HOME`, else the platform's user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only here: a command given its home starts without it

    return Path(platformdirs.user_data_dir("curriculum", appauthor=False))


def db_path(home: Path) -> Path:
    """The SQLite database inside a home."""
    return home / "curriculum.db"


def backups_dir(home: Path) -> Path:
    """Where automatic and pre-migration backups go."""
    return home / "backups"


def bundled_catalog() -> Path:
    """The feeds.yaml shipped with the package (the repository root's in a checkout)."""
    package = Path(__file__).resolve().parents[1]  # curriculum/
    packaged = package / "feeds.yaml"
    if packaged.exists():
        return packaged
    return package.parent / "feeds.yaml"


def crash_log(home: Path) -> Path:
    """Where an unexpected error's details are written (the last resort)."""
    return home / "crash.log"
