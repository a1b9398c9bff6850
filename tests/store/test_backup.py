"""Backups: SQLite's online backup while another connection writes; daily automatic; the CLI."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from curriculum import store
from curriculum.errors import StoreError
from curriculum.store import backup, paths


def _titles(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {t for (t,) in conn.execute("SELECT title FROM items")}
    finally:
        conn.close()


def test_backup_while_a_write_is_in_progress_copies_committed_data_only(db, home, tmp_path):
    writer = store.open_db(paths.db_path(home))
    writer.conn.execute("BEGIN IMMEDIATE")  # holds the write lock, uncommitted rows pending
    writer.execute(
        "INSERT INTO items (title, first_seen, updated_at) VALUES ('half-written', 'x', 'x')"
    )
    try:
        target = backup.backup_to(db, tmp_path / "copy.db")
    finally:
        writer.conn.execute("COMMIT")
        writer.close()
    titles = _titles(target)
    assert "half-written" not in titles and len(titles) == 33
    copy = store.open_db(target)
    assert store.check(copy) == []
    copy.close()
    assert "half-written" in _titles(backup.backup_to(db, tmp_path / "after.db"))


def test_automatic_backup_once_per_study_day_keeping_seven(db, home, now):
    made = backup.auto_backup(db, home, now)
    assert made is not None and made.name.startswith("auto-") and made.exists()
    assert backup.auto_backup(db, home, now + timedelta(hours=1)) is None  # same study day
    for day in range(1, 10):
        assert backup.auto_backup(db, home, now + timedelta(days=day)) is not None
    kept = backup.automatic_backups(home)
    assert len(kept) == backup.KEEP
    assert kept[-1].name == f"auto-{(now + timedelta(days=9)).date().isoformat()}.db"
    assert store.get_meta(db, backup.META_KEY) == (now + timedelta(days=9)).date().isoformat()


def test_backup_to_a_folder_is_refused_and_leaves_no_partial_file(db, tmp_path):
    with pytest.raises(StoreError, match="is a folder; give a file name"):
        backup.backup_to(db, tmp_path)
    assert not list(tmp_path.glob("*.partial"))


def test_backup_command_and_restore(cli, home, tmp_path):
    result = cli("backup")
    assert result.returncode == 0, result.stderr
    made = Path(result.stdout.strip().removeprefix("Backed up to ").removesuffix("."))
    assert made.parent == paths.backups_dir(home) and made.exists()
    assert list(paths.backups_dir(home).glob("auto-*.db"))  # the daily one, after a command
    chosen = cli("backup", str(tmp_path / "mine.db"))
    assert chosen.returncode == 0 and (tmp_path / "mine.db").exists()
    folder = cli("backup", str(tmp_path))
    assert folder.returncode == 0 and list(tmp_path.glob("curriculum-*.db"))
    # Restore as the README says: copy a backup over curriculum.db while the app is closed.
    assert cli("config", "daily.items", "5").returncode == 0
    paths.db_path(home).write_bytes((tmp_path / "mine.db").read_bytes())
    for extra in ("-wal", "-shm"):
        Path(f"{paths.db_path(home)}{extra}").unlink(missing_ok=True)
    assert cli("config", "daily.items").stdout.strip() == "2"
    assert cli("check").returncode == 0


async def test_the_app_makes_the_daily_backup_after_its_first_frame(home, db, now):
    from tui.app import CurriculumApp

    app = CurriculumApp(db, clock=lambda: now)
    app.backup_home = home
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
    made = list((home / "backups").glob("auto-*.db"))
    assert len(made) == 1
