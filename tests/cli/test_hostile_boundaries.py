"""Every boundary holds, through the real CLI over loopback (tests/hostile/, issue 18).

Per class: URLs (item links and guids, redirects, arguments, OPML), HTTP header values,
text, numbers and dates, servers asking for restraint, OPML nesting. Each case asserts the
exit status and a one-sentence stderr, that the other feeds are still stored, that nothing
stored or printed carries a control or invisible character, and that no output file does.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from feeds_server import FeedServer, Handler, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum import urls
from curriculum.library.home import open_home

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")
UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}
URL_COLUMNS = {("feeds", "url"), ("feeds", "site_url"), ("items", "url")}


def unsafe(text: str) -> set[str]:
    """Characters no output or stored display text may carry (tab and newline allowed)."""
    return {c for c in text if c not in "\t\n" and unicodedata.category(c) in UNSAFE}


def one_sentence(result, status: int = 1, words: str = "") -> str:
    """The run failed with `status` and exactly one clean `curriculum: …` line."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("curriculum: "), result.stderr
    assert "Traceback" not in result.stderr and not unsafe(result.stderr), result.stderr
    assert words in lines[0], lines[0]
    return lines[0]


def stored_text_is_clean(home: Path) -> None:
    """No text column of any table holds a control or invisible character (newlines and tabs
    aside), and every stored address is one the URL check accepts as it is."""
    db = sqlite3.connect(home / "curriculum.db")
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table.startswith("items_fts") or table in {"_migrations", "sqlite_sequence"}:
                continue
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            for row in db.execute(f"SELECT * FROM {table}"):
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str):
                        assert not unsafe(value), (table, column, value[:200])
                        if (table, column) in URL_COLUMNS:
                            assert urls.web_url_or_none(value) is not None, (table, value)
    finally:
        db.close()


@pytest.fixture
def bare_home(home: Path) -> Path:
    """A home with the bundled catalog applied and its (internet) feeds removed."""
    db = open_home(home)
    db.execute("DELETE FROM feeds")
    db.close()
    return home


def raw(status: str, headers: list[bytes], body: bytes = b"") -> Callable[[Handler], None]:
    """A route answering with exactly these header bytes (what http.server refuses to send)."""

    def answer(handler: Handler) -> None:
        lines = [f"HTTP/1.1 {status}".encode(), *headers, b"Content-Length: %d" % len(body)]
        handler.wfile.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)

    return answer


def add(cli, url: str, name: str) -> int:
    result = cli("feed", "add", url, "--name", name, "--no-fetch")
    assert result.returncode == 0, result.stderr
    return next(
        f["id"] for f in json.loads(cli("feed", "list", "--json").stdout) if f["name"] == name
    )


def feeds_by_name(cli) -> dict[str, dict]:
    return {f["name"]: f for f in json.loads(cli("feed", "list", "--json").stdout)}


def test_a_fetch_beside_hostile_feeds_stores_every_other_feed(
    cli, server: FeedServer, bare_home: Path
) -> None:
    """Bad item links, invisible text, edge dates and strange validators in four feeds: the
    good feed is stored, every hostile feed is stored minus what was refused, and later
    fetches (which send the validators back) still work."""
    server.routes["/good.xml"] = Reply(body=GHOST)
    for name in ("urls_bad_links.xml", "text_invisible.xml", "dates_extreme.xml"):
        server.routes[f"/{name}"] = Reply(body=(HOSTILE / name).read_bytes())
    validators = [b'ETag: "caf\xe9\x85"', b"Last-Modified: \xff\xfeyesterday"]
    server.routes["/validators.xml"] = raw(
        "200 OK", validators, GHOST.replace(b"<title>", b"<title>V ", 1)
    )
    for name in ("good", "links", "invisible", "dates", "validators"):
        path = {"links": "urls_bad_links", "invisible": "text_invisible", "dates": "dates_extreme"}
        add(cli, server.url(f"/{path.get(name, name)}.xml"), name)

    first = cli("fetch")
    assert first.returncode == 0 and first.stderr == "", (first.stdout, first.stderr)
    feeds = feeds_by_name(cli)
    assert feeds["good"]["items"] == 1 and feeds["good"]["status"] == "ok"
    assert feeds["links"]["items"] == 21 and feeds["links"]["status"] == "warning"
    assert "14 entries kept without a link" in feeds["links"]["error"]
    assert "port outside 1-65535" in feeds["links"]["error"]
    assert feeds["dates"]["items"] == 9 and feeds["invisible"]["items"] == 1
    assert not unsafe(first.stdout)

    again = cli("fetch", "--json")
    assert again.returncode == 0 and again.stderr == ""
    assert {f["status"] for f in json.loads(again.stdout)["feeds"]} == {"unchanged"}
    sent = [h for p, h in server.requests if p == "/validators.xml"]
    assert len(sent) == 2 and "If-None-Match" not in sent[1] and "If-Modified-Since" not in sent[1]
    stored_text_is_clean(bare_home)

    items = json.loads(cli("items", "--json", "--limit", "100").stdout)
    links = {i["title"]: i["url"] for i in items}
    assert links["Port out of range"] is None and links["Javascript scheme"] is None
    assert links["Newline inside link"] == "https://links.example/newline"
    assert links["Bidi override in path"] == "https://links.example/%E2%80%AEgpj.exe"
    assert links["Relative link"] == "https://links.example/relative/post"
    published = {i["title"]: i["published"] for i in items}
    assert published["Year one"].startswith("0001-01-01T") and published["Year 999"][:4] == "0999"
    assert published["Year one"] < published["Year 999"] < published["Ordinary"]


def test_output_files_and_messages_carry_no_escapes(
    cli, server: FeedServer, bare_home: Path, tmp_path: Path
) -> None:
    """Text arriving by a feed, a page added with `add`, and typed arguments: what is stored,
    printed and written out (digest, OPML, every export) has no escape or invisible
    character; U+061C, U+2028 and U+2029 included."""
    server.routes["/invisible.xml"] = Reply(body=(HOSTILE / "text_invisible.xml").read_bytes())
    server.routes["/page"] = Reply(
        body=(HOSTILE / "text_invisible.html").read_bytes(), content_type="text/html"
    )
    typed_name = "Typed\x1b[2J\u061c\u2028name\u202e"
    feed = cli("feed", "add", server.url("/invisible.xml"), "--name", typed_name)
    assert feed.returncode == 0 and not unsafe(feed.stdout) and "Typed[2J name" in feed.stdout
    page = cli("add", server.url("/page"))
    assert page.returncode == 0 and not unsafe(page.stdout), page.stdout
    assert "Added #" in page.stdout and "Page [2J31m title" in page.stdout  # escapes gone
    item_id = json.loads(cli("items", "--json").stdout)[0]["id"]
    assert cli("done", str(item_id)).returncode == 0
    stored_text_is_clean(bare_home)

    outputs = [cli(*c).stdout for c in (["items"], ["feed", "list"], ["digest"], ["today"])]
    out = tmp_path / "out"
    out.mkdir()
    for command in (["opml", "export", str(out / "subs.opml")],
                    ["export", "--format", "json", "--out", str(out / "all.json")],
                    ["export", "--format", "anki", "--out", str(out / "anki.txt")],
                    ["export", "--format", "markdown", "--out", str(out / "notes")]):  # fmt: skip
        result = cli(*command)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    written = [p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()]
    assert len(written) >= 4
    for text in [*outputs, *written]:
        assert not unsafe(text), unsafe(text)
    assert "Arabic" in "".join(written)


URL_ARGUMENTS = [
    ["feed", "add", "http://a.example:99999/feed"],
    ["feed", "add", "http://[::1/feed"],
    ["feed", "add", "https://x.example/\x1b[2J"],
    ["feed", "add", "https://exa mple.example/feed"],
    ["feed", "add", "https://x.example/" + "a" * 9000],
    ["feed", "add", "javascript:alert(1)"],
    ["add", "http://a.example:99999/post"],
    ["add", "https://[fe80::1%25eth0]/post"],
    ["add", "https://x.example/\x9b31m"],
    ["opml", "import", "https://a.example:0/subs.opml"],
    ["done", "http://[::1"],
    ["fetch", "http://a.example:99999/feed"],
]


@pytest.mark.parametrize("args", URL_ARGUMENTS, ids=lambda a: urls.shown(" ".join(a), 40))
def test_a_bad_address_on_the_command_line_is_one_sentence(cli, args: list[str]) -> None:
    line = one_sentence(cli(*args))
    assert "\x1b" not in line and "\x9b" not in line


NUMBER_ARGUMENTS = [
    (["items", "--limit", "99999999999999999999"], 2, "--limit must be a whole number"),
    (["card", "edit", "99999999999999999999", "--front", "x"], 2, "CARD must be a whole number"),
    (["card", "add", "--item", "99999999999999999999", "--front", "q"], 2, "--item must be"),
    (["feed", "edit", "1", "--poll", "99999999999999999999"], 2, "--poll must be"),
    (["feed", "add", "https://a.example/f", "--priority", "99999999999999999999"], 2, "--priority"),
    (["done", "99999999999999999999"], 1, "There is no reading with id 99999999999999999999"),
    (["feed", "remove", "99999999999999999999"], 1, "No feed matches"),
    (["config", "cards.learning_steps", "99999999999999999999d"], 1, "cards.learning_steps"),
    (["config", "cards.relearning_steps", "1m " * 30], 1, "at most 20 steps"),
    (["config", "daily.items", "99999999999999999999"], 1, "daily.items"),
    (["snooze", "1", "--until", "99999d"], 1, "is not a date"),
    (["snooze", "1", "--until", "0000-01-01"], 1, "is not a date"),
    (["digest", "--since", "99999-01-01"], 1, "is not a date"),
    (["config", "day.starts", "\x1b[2J99:99"], 1, "day.starts"),
    (["card", "add", "--item", "1", "--front", "{{c99999999999999999999::x}}"], 1, "1 to 999"),
    (["card", "add", "--item", "1", "--front", "{{c" + "9" * 5000 + "::x}}"], 1, "c99999999999…"),
]


@pytest.mark.parametrize(("args", "status", "words"), NUMBER_ARGUMENTS, ids=lambda v: str(v)[:30])
def test_an_out_of_range_number_is_one_sentence_naming_the_field(
    cli, args: list[str], status: int, words: str
) -> None:
    one_sentence(cli(*args), status, words)
    assert cli("config", "--json").returncode == 0


def test_digests_reach_the_ends_of_the_calendar(cli) -> None:
    result = cli("digest", "--since", "0001-01-01")
    assert result.returncode == 0 and result.stderr == "" and "# Reading digest" in result.stdout
    one_sentence(cli("digest", "--since", "9999-12-31"), 1, "a day in the past")


def test_redirects_to_bad_addresses_and_hostile_headers_are_feed_errors(
    cli, server: FeedServer, bare_home: Path
) -> None:
    """A `Location` with a bad port, a C1 byte, a script scheme or 9,000 characters, and an
    oversized header: each is a clean error on its own feed; the good feed is stored."""
    server.routes["/good.xml"] = Reply(body=GHOST)
    locations = {
        "port": b"Location: http://127.0.0.1:99999/feed",
        "c1": b"Location: http://127.0.0.1/\x85\x9b31m",
        "script": b"Location: javascript:alert(1)",
        "bracket": b"Location: http://[::1/feed",
        "huge": b"Location: http://127.0.0.1/" + b"a" * 9000,
    }
    for name, header in locations.items():
        server.routes[f"/{name}"] = raw("301 Moved Permanently", [header])
    server.routes["/bigetag"] = raw("200 OK", [b'ETag: "' + b"e" * 8000 + b'"'], GHOST)
    server.routes["/folded"] = raw("200 OK", [b'ETag: "a', b' b"', b"Last-Modified: x\r"], GHOST)
    for name in ("good.xml", *locations, "bigetag", "folded"):
        add(cli, server.url(f"/{name}"), name)
    result = cli("fetch", "--json")
    assert result.returncode == 1 and result.stderr == "", result.stderr
    outcomes = {f["url"].rsplit("/", 1)[-1]: f for f in json.loads(result.stdout)["feeds"]}
    assert outcomes["good.xml"]["status"] == "new", outcomes
    assert feeds_by_name(cli)["good.xml"]["items"] == 1  # (bigetag serves the same reading)
    assert "port outside 1-65535" in outcomes["port"]["error"]
    assert "starts with javascript:" in outcomes["script"]["error"]
    assert "[IPv6]" in outcomes["bracket"]["error"]
    assert "longer than 8192" in outcomes["huge"]["error"]
    assert outcomes["c1"]["status"] == "error" and outcomes["bigetag"]["status"] == "new"
    assert outcomes["folded"]["status"] in {"new", "error"}  # either way, nothing odd is kept
    stored_text_is_clean(bare_home)
    assert cli("fetch").returncode == 1  # and again, with whatever was stored
    etag = (
        sqlite3.connect(bare_home / "curriculum.db")
        .execute("SELECT etag FROM feeds WHERE url LIKE '%bigetag'")
        .fetchone()[0]
    )
    assert etag is None  # 8,000 characters: not kept, never sent back


def test_a_429_is_honoured_and_a_410_stops_polling(
    cli, server: FeedServer, bare_home: Path
) -> None:
    server.routes["/good.xml"] = Reply(body=GHOST)
    server.routes["/busy"] = Reply(429, b"slow down", {"Retry-After": "7200"}, "text/plain")
    server.routes["/gone"] = Reply(410, b"gone", content_type="text/plain")
    ids = {name: add(cli, server.url(f"/{name}"), name) for name in ("good.xml", "busy", "gone")}
    first = cli("fetch", "--json")
    assert first.returncode == 1 and first.stderr == ""
    errors = {f["id"]: f["error"] for f in json.loads(first.stdout)["feeds"]}
    assert errors[ids["busy"]].startswith(
        "the server asks us to slow down (HTTP 429): not asked again for 2 h (until 20"
    )
    assert "gone for good (HTTP 410)" in errors[ids["gone"]]
    listing = feeds_by_name(cli)
    assert listing["gone"]["status"] == "gone" and "no longer polled" in listing["gone"]["error"]

    second = cli("fetch", "--json")
    assert second.returncode == 0, second.stdout  # nothing failed: the two were not asked
    statuses = {f["id"]: f["status"] for f in json.loads(second.stdout)["feeds"]}
    assert statuses[ids["busy"]] == "waiting" and statuses[ids["gone"]] == "gone"
    assert server.hits("/busy") == 1 and server.hits("/gone") == 1
    table = cli("fetch").stdout
    assert "asking again in 2 h" in table and "fetch it by name" in table

    named = cli("fetch", "gone")  # naming a gone feed tries it once more
    assert named.returncode == 1 and server.hits("/gone") == 2
    server.routes["/gone"] = Reply(body=GHOST.replace(b"<title>", b"<title>Back ", 1))
    assert cli("fetch", str(ids["gone"])).returncode == 0
    assert feeds_by_name(cli)["gone"]["status"] == "ok"


def nested_opml(depth: int) -> bytes:
    inner = '<outline type="rss" text="Deep" xmlUrl="https://deep.example/feed"/>'
    return (
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        + '<outline text="f">' * depth
        + inner
        + "</outline>" * depth
        + "</body></opml>"
    ).encode()


def test_opml_nested_thousands_deep_and_bad_addresses(cli, bare_home: Path, tmp_path: Path):
    deep = tmp_path / "deep.opml"
    deep.write_bytes(nested_opml(3000))
    result = cli("opml", "import", str(deep))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "1 feed added" in result.stdout
    bad = tmp_path / "bad.opml"
    outlines = [
        "http://a.example:99999/f",
        "http://[::1/f",
        "https://b.example/&#10;f",
        "https://c.example/f&#x85;",
        "https://x .example/f",
        "javascript:alert(1)",
    ]
    bad.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        + "".join(f'<outline text="n{i}" xmlUrl="{u}"/>' for i, u in enumerate(outlines))
        + "</body></opml>"
    )
    result = cli("opml", "import", str(bad))
    assert result.returncode == 0 and "2 feeds added" in result.stdout, result.stdout
    assert "4 skipped" in result.stdout
    stored_text_is_clean(bare_home)
    listing = feeds_by_name(cli)
    assert listing["n2"]["url"] == "https://b.example/f"
    assert listing["n3"]["url"] == "https://c.example/f"  # a trailing NEL is whitespace
