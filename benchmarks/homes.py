"""Data folders for the benchmarks: feed homes for the corpus, the large libraries, an empty one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import library
from benchmarks.timing import environment
from curriculum import store
from curriculum.library.home import open_home
from curriculum.queue import onboarding
from curriculum.store import settings

CURRICULUM = [sys.executable, "-m", "tui.launcher"]


def curriculum(home: Path, *args: str) -> None:
    """Run `curriculum --home HOME ARGS…`; fails loudly."""
    result = subprocess.run(
        [*CURRICULUM, "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"curriculum {' '.join(args)} failed: {result.stderr[-500:]}")


def _settle(home: Path) -> None:
    """No welcome screen, no launch-time fetch, today's automatic backup already made."""
    db = open_home(home)
    try:
        onboarding.skip(db)
        settings.set_value(db, "fetch.on_start", "false")
    finally:
        db.close()
    curriculum(home, "config")  # a successful command makes the day's automatic backup


def empty_home(home: Path) -> Path:
    """A first-run home: the bundled feeds and starter track, nothing fetched."""
    shutil.rmtree(home, ignore_errors=True)
    curriculum(home, "config")
    _settle(home)
    return home


def feed_home(home: Path, urls: list[str]) -> Path:
    """A home that follows exactly `urls` (the bundled feeds removed), nothing fetched."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    opml = home.parent / f"{home.name}.opml"
    outlines = "".join(
        f'<outline type="rss" text="f{n}" xmlUrl="{u}"/>' for n, u in enumerate(urls)
    )
    opml.write_text(f'<opml version="2.0"><head/><body>{outlines}</body></opml>')
    curriculum(home, "opml", "import", str(opml))
    db = open_home(home)
    try:
        with store.transaction(db):
            marks = ", ".join("?" for _ in urls)
            db.execute(f"DELETE FROM feeds WHERE url NOT IN ({marks})", urls)
    finally:
        db.close()
    _settle(home)
    return home


def set_setting(home: Path, key: str, value: str) -> None:
    """Set one setting in a home."""
    db = open_home(home)
    try:
        settings.set_value(db, key, value)
    finally:
        db.close()


def copy_home(source: Path, target: Path) -> Path:
    """A fresh copy of a home (the timed command may change it)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


def large_home(home: Path, shape: library.Shape) -> Path:
    """A home with a generated library of `shape`, imported with `curriculum import` (cached)."""
    stamp = home / ".bench-shape"
    wanted = repr(shape)
    if stamp.exists() and stamp.read_text() == wanted:
        return home
    shutil.rmtree(home, ignore_errors=True)
    document = library.write(home.parent / f"{home.name}.json", shape, datetime.now(UTC))
    curriculum(home, "import", str(document))
    document.unlink()
    _settle(home)
    stamp.write_text(wanted)
    return home
