"""Bad input from the user: each gets one clear sentence (CLI: stderr, exit 1; app: a
message) and changes nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from feeds_server import FeedServer, Reply, server_fixture  # noqa: F401
from textual.widgets import Input, TextArea

from curriculum import cards
from curriculum.errors import CurriculumError
from curriculum.store import Database, settings
from tests.conftest import NOW
from tests.tui.app_helpers import settle, text_of
from tui.app import CurriculumApp
from tui.screens.key_ideas import KeyIdeasScreen

BAD_YAML = {
    "syntax.yaml": ("feeds:\n  - url: https://a.example/feed\n    name: [unclosed\n", "line 4"),
    "scheme.yaml": ("feeds:\n  - url: file:///etc/passwd\n    name: x\n", "line 2"),
    "shape.yaml": ("feeds: 3\n", "line 1"),
}
CLI_CASES = [
    (["feed", "add", "not a url"], "is not a web address"),
    (["feed", "add", "http://"], "is not a web address"),
    (["feed", "add", "file:///etc/passwd"], "give an http:// or https:// URL"),
    (["feed", "add", "javascript:alert(1)"], "give an http:// or https:// URL"),
    (["feed", "add", "data:text/xml,<rss/>"], "give an http:// or https:// URL"),
    (["feed", "add", "ftp://files.example/feed.xml"], "give an http:// or https:// URL"),
    (["add", "file:///etc/passwd"], "is not a web address"),
    (["add", "::::"], "is not a web address"),
    (["card", "add", "--item", "1", "--front", "", "--back", "x"], "needs a question"),
    (["card", "add", "--item", "1", "--front", "   ", "--back", "x"], "needs a question"),
    (["card", "add", "--item", "1", "--front", "Q?", "--back", ""], "needs an answer"),
    (["card", "add", "--item", "1", "--front", "x" * 100_000, "--back", "a"], "at most 10,000"),
    (["config", "daily.items", "-1"], "expected a whole number from 0 to 50"),
    (["config", "daily.items", "lots"], "expected a whole number"),
    (["config", "cards.retention", "2"], "from 0.7 to 0.99"),
    (["config", "day.starts", "25:00"], "HH:MM"),
    (["config", "cards.learning_steps", "soon"], "not a valid value"),
    (["config", "no.such", "1"], "There is no setting named"),
    (["snooze", "1", "--until", "someday"], "is not a date"),
    (["done", "99999"], "There is no reading with id 99999"),
    (["items", "--status", "bogus"], "is not a reading status"),
]


def one_sentence(result, words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("curriculum: "), result.stderr
    assert words in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "words"), CLI_CASES, ids=lambda v: str(v)[:40])
def test_cli_bad_input_is_one_sentence(cli, args: list[str], words: str) -> None:
    one_sentence(cli(*args), words)
    assert cli("cards", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(BAD_YAML))
def test_a_malformed_feeds_yaml_names_file_and_line(cli, tmp_path: Path, name: str) -> None:
    text, line = BAD_YAML[name]
    path = tmp_path / name
    path.write_text(text)
    result = cli("apply", str(path))
    one_sentence(result, f"{path}, {line}:")


def test_missing_and_malformed_files(cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1, "items": [')
    one_sentence(cli("import", str(broken)), "is not a JSON export")
    one_sentence(cli("import", str(tmp_path / "none.json")), "Cannot read")
    one_sentence(cli("opml", "import", str(broken)), "not a readable OPML file")
    one_sentence(cli("apply", str(tmp_path / "none.yaml")), "Cannot read")


def test_a_page_with_no_feed(cli, server: FeedServer) -> None:
    page = b"<html><body>No feed here</body></html>"
    server.routes["/"] = Reply(body=page, content_type="text/html")
    result = cli("feed", "add", server.url("/"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "feed" in result.stderr.lower() and result.stderr.count("\n") == 1
    assert "127.0.0.1" not in cli("feed", "list").stdout


def test_an_empty_or_ten_megabyte_card_is_refused(db: Database) -> None:
    for front, words in (("", "needs a question"), ("x" * 10 * 1024 * 1024, "at most 10,000")):
        with pytest.raises(CurriculumError, match=words):
            cards.add_cards(db, 1, front, "answer", [], NOW)
    assert cards.cards_where(db) == []


async def test_app_refuses_bad_card_settings_and_urls(
    db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/"] = Reply(body=b"<html><body>No feed</body></html>", content_type="text/html")
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = KeyIdeasScreen(1)
        app.push_screen(screen)
        await pilot.pause()
        screen.query_one("#ki-front", TextArea).text = "x" * 200_000  # a pasted page
        screen.query_one("#ki-back", TextArea).text = "answer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("at most 10,000" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+a")  # TextArea select-all: empty it and leave
        screen.query_one("#ki-front", TextArea).text = ""
        screen.query_one("#ki-back", TextArea).text = ""
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("comma")
        await pilot.pause()
        for typed in ("[@click=app.quit]9[/]", "[/]", "-1"):
            box = app.screen.query_one("#setting-daily-items", Input)
            box.value = typed
            await box.action_submit()
            await pilot.pause()
            assert app.is_running and settings.get(db, "daily.items") == 2
        assert any("not a valid value" in str(n.message) for n in app._notifications)

        await pilot.press("f", "a")
        await pilot.pause()
        for url in ("file:///etc/passwd", server.url("/")):
            app.screen.query_one("#add-url", Input).value = url
            await pilot.press("enter")
            await settle(app, pilot)
            status = text_of(app, ".dialog-status")
            assert status and ("http" in status or "feed" in status), status
    assert cards.cards_where(db) == []
