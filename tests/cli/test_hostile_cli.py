"""Hostile feed text in every CLI table and JSON document: printed literally, with no
terminal escapes, bidi overrides or invisible characters reaching the terminal."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from feeds_server import FeedServer, server_fixture  # noqa: F401

from curriculum.library.home import open_home
from curriculum.queue import actions
from tests.hostile_data import CLICK_TITLE, load, unsafe_characters

COMMANDS = [
    ["items", "--limit", "100"],
    ["items", "--search", "Pwned"],
    ["items", "--search", '"[@click'],
    ["feed", "list"],
    ["today"],
    ["cards"],
    ["cards", "--due"],
    ["stats"],
    ["digest", "--since", "2026-11-01"],
    ["export", "--format", "anki"],
    ["export", "--format", "revlog"],
    ["fetch"],
]
JSON_COMMANDS = [["items", "--json"], ["feed", "list", "--json"], ["cards", "--json"],
                 ["today", "--json"], ["stats", "--json"], ["fetch", "--json"]]  # fmt: skip


@pytest.fixture
def hostile_home(home: Path, server: FeedServer, now: datetime, tmp_path: Path) -> Path:
    db = open_home(home)
    try:
        found = load(db, server, now, tmp_path)
        actions.done(db, found["click"], now)
    finally:
        db.close()
    return home


def test_every_table_prints_hostile_text_literally_and_safely(cli, hostile_home: Path) -> None:
    seen = ""
    for command in COMMANDS:
        result = cli(*command)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert result.returncode in (0, 1), (command, result.stderr)
        assert not unsafe_characters(result.stdout + result.stderr), command
        seen += result.stdout
    notes = hostile_home / "notes"
    assert cli("export", "--format", "markdown", "--out", str(notes)).returncode == 0
    written = "".join(path.read_text() for path in notes.rglob("*.md"))
    assert "[@click=app.quit]Click to quit[/]" in written and not unsafe_characters(written)
    assert "[@click=app.quit]Click to quit[/]" in seen
    assert "[blink]Hostile[/blink]" in seen and "[@click=app.quit]Quit?[/]" in seen


def test_every_json_document_is_ascii_and_keeps_the_text(cli, hostile_home: Path) -> None:
    for command in JSON_COMMANDS:
        result = cli(*command)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, command
        assert result.stdout.isascii(), command
        json.loads(result.stdout)
    export = cli("export", "--format", "json").stdout  # a UTF-8 file format, not a table
    assert not unsafe_characters(export) and CLICK_TITLE in json.dumps(json.loads(export))
    titles = {i["title"] for i in json.loads(cli("items", "--json", "--limit", "500").stdout)}
    assert CLICK_TITLE in titles
