"""The last resort (issue 18): an unexpected error in a command is one sentence naming the
crash log, which holds the traceback; exit status 70; the log never grows without bound."""

from __future__ import annotations

import tempfile
from pathlib import Path

from curriculum.cli import crash
from tests.conftest import NOW

PLANTED = """
import os
if os.environ.get("CURRICULUM_PLANTED_BUG"):
    import curriculum.progress.digest as digest

    def planted(*args, **kwargs):
        raise KeyError("a planted bug \\x1b[2J")

    digest.digest = planted
"""


def test_a_bug_in_a_command_is_one_sentence_and_a_crash_log(cli, home: Path, tmp_path: Path):
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "sitecustomize.py").write_text(PLANTED)
    result = cli("digest", env={"PYTHONPATH": str(planted), "CURRICULUM_PLANTED_BUG": "1"})
    assert result.returncode == crash.EXIT_CRASH == 70
    lines = result.stderr.splitlines()
    log = home / "crash.log"
    assert len(lines) == 1 and lines[0].startswith("curriculum: ") and "\x1b" not in lines[0]
    assert f"(KeyError); the details are in {log}" in lines[0]
    written = log.read_text()
    assert "Traceback (most recent call last)" in written and "a planted bug" in written
    assert "$ " in written and "digest" in written  # which command it was


def test_an_unwritable_data_folder_logs_to_the_temporary_folder(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        sentence = crash.report(not_a_folder, error, NOW)
    fallback = tmp_path / "tmp" / "curriculum-crash.log"
    assert str(fallback) in sentence and "boom" in fallback.read_text()


def test_a_long_crash_log_is_moved_aside_before_it_grows(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(crash, "MAX_LOG_BYTES", 100)
    log = tmp_path / "crash.log"
    for n in range(3):
        try:
            raise ValueError(f"bug {n}")
        except ValueError as error:
            crash.write_log(tmp_path, error, NOW, "test")
    assert "bug 2" in log.read_text() and "bug 0" not in log.read_text()
    assert (tmp_path / "crash.log.1").exists()
