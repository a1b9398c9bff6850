"""Damaged files and full disks: one clear sentence on stderr, exit 1, no traceback, from the
CLI and from the app's launcher; the data that was there stays."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

V1 = FIXTURES / "db" / "v1.db"
IS_ROOT = os.geteuid() == 0


def run(home: Path, *args: str, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    """`curriculum ARGS` on `home`, optionally with files capped at `fsize` bytes (a full disk)."""

    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG, as on a full disk
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "CURRICULUM_HOME": str(home), "TZ": "UTC"}
    return subprocess.run(
        [sys.executable, "-m", "tui.launcher", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
        preexec_fn=limit, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def one_sentence(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Assert a clean failure: exit 1, a single `curriculum: …` line naming `words`."""
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("curriculum: "), result.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


def with_v1(home: Path) -> Path:
    home.mkdir(exist_ok=True)
    path = home / "curriculum.db"
    shutil.copyfile(V1, path)
    return path


def read_count(path: Path) -> int:
    raw = sqlite3.connect(path)
    try:
        return int(raw.execute("SELECT COUNT(*) FROM items WHERE status = 'read'").fetchone()[0])
    finally:
        raw.close()


@pytest.mark.parametrize("command", [["today"], ["items"], [], ["review"], ["check"]])
def test_a_file_that_is_not_a_database(home: Path, command: list[str]) -> None:
    (home / "curriculum.db").write_bytes(os.urandom(8192))
    one_sentence(run(home, *command), "not a readable Curriculum database", "backup")


def test_a_truncated_database(home: Path) -> None:
    path = with_v1(home)
    os.truncate(path, 30_000)
    one_sentence(run(home, "items"), "not a readable Curriculum database")


def damage_pages(path: Path) -> None:
    """Scribble over every other page after the first, leaving the header valid."""
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096 - 1, 2):
        start = page * 4096 + 100
        data[start : start + 300] = bytes(range(256)) + bytes(44)
    path.write_bytes(bytes(data))


def test_damaged_pages_give_one_sentence_and_check_lists_them(home: Path) -> None:
    path = with_v1(home)
    assert run(home, "today").returncode == 0  # upgraded and in use, then damaged
    settle(path)
    damage_pages(path)
    one_sentence(run(home, "items", "--limit", "1000"), "not a readable", "restore a backup")
    checked = run(home, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    said = checked.stdout + checked.stderr  # the damage listed, or found while opening
    assert "integrity" in said or "not a readable Curriculum database" in said


def test_the_database_path_is_a_folder(home: Path) -> None:
    (home / "curriculum.db").mkdir()
    one_sentence(run(home, "today"), str(home / "curriculum.db"))
    one_sentence(run(home), str(home / "curriculum.db"))


def test_the_data_folder_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "plain-file"
    home.write_text("not a folder")
    one_sentence(run(home, "today"), "is a file, not a folder")


@pytest.fixture
def read_only(home: Path) -> Iterator[Path]:
    """A home whose database file cannot be written (immutable for root, 0444 otherwise)."""
    path = with_v1(home)
    if IS_ROOT:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", path]).returncode:
            pytest.skip("cannot make a file read-only for root here (no chattr)")
    else:
        path.chmod(0o444)
    try:
        yield path
    finally:
        if IS_ROOT:
            subprocess.run(["chattr", "-i", path], check=True)
        path.chmod(0o644)


WRITES = [["done", "5"], ["card", "add", "--item", "5", "--front", "Q?", "--back", "A."], []]


@pytest.mark.parametrize("command", WRITES)
def test_a_read_only_database(home: Path, read_only: Path, command: list[str]) -> None:
    one_sentence(run(home, *command), "Cannot write to", "permissions")
    assert read_count(read_only) == 2


@pytest.mark.skipif(IS_ROOT, reason="root reads every file whatever its mode")
def test_an_unreadable_database(home: Path) -> None:
    path = with_v1(home)
    path.chmod(0o000)
    try:
        one_sentence(run(home, "today"), str(path))
    finally:
        path.chmod(0o644)


def settle(path: Path) -> int:
    """Fold the WAL into the file (as after a clean exit); returns the file's size."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return path.stat().st_size


def test_a_full_disk_fails_the_action_and_keeps_earlier_data(home: Path) -> None:
    path = with_v1(home)
    assert run(home, "today").returncode == 0  # the daily backup is made while there is room
    settle(path)
    big = "A long answer. " * 600  # under the card limit, over what the disk has left
    line = one_sentence(
        run(home, "card", "add", "--item", "5", "--front", "Q?", "--back", big, fsize=8 * 1024),
        "full",
    )
    assert "free some space" in line
    assert run(home, "check").returncode == 0
    assert read_count(path) == 2
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 3  # the action was lost
    raw.close()


@pytest.mark.parametrize("command", [["today"], []])
def test_a_full_disk_on_first_run(home: Path, command: list[str]) -> None:
    one_sentence(run(home, *command, fsize=48 * 1024), "full", "free some space")


def test_a_full_disk_for_an_export_file(home: Path, tmp_path: Path) -> None:
    with_v1(home)
    assert run(home, "today").returncode == 0
    out = tmp_path / "export.json"
    one_sentence(run(home, "export", "--format", "json", "--out", str(out), fsize=4096), "full")
