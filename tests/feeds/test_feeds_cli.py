"""The feed commands as a user runs them (real subprocesses) against a loopback server."""

from __future__ import annotations

import json
from pathlib import Path

from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")
LIST_KEYS = {
    "id",
    "name",
    "url",
    "site_url",
    "tags",
    "priority",
    "items",
    "unread",
    "last_fetched",
    "status",
    "error",
}


def test_add_list_fetch_and_remove(cli, server: FeedServer) -> None:
    server.routes["/"] = Reply(
        body=b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss/">'
        b"</head></html>",
        content_type="text/html",
    )
    server.routes["/rss/"] = Reply(body=GHOST, etag='"1"')
    server.routes["/down"] = Reply(503, b"", content_type="text/plain")
    added = cli("feed", "add", server.url("/"), "--tag", "blog", "--priority", "2")
    assert added.returncode == 0, added.stderr
    assert f"Found the feed {server.url('/rss/')}" in added.stdout
    assert "Changelog: 1 new reading arrived." in added.stdout

    broken = cli("feed", "add", server.url("/down"), "--no-fetch", "--name", "Down")
    assert broken.returncode == 0 and "not fetched yet" in broken.stdout

    listing = json.loads(cli("feed", "list", "--json").stdout)
    mine = {f["name"]: f for f in listing if f["url"].startswith("http://127.0.0.1")}
    assert set(mine["Changelog"]) == LIST_KEYS
    assert (mine["Changelog"]["tags"], mine["Changelog"]["priority"]) == (["blog"], 2)
    assert (mine["Changelog"]["items"], mine["Changelog"]["unread"]) == (1, 1)
    assert mine["Down"]["status"] == "never"

    fetched = cli("fetch", "Changelog", "Down", "--json")
    assert fetched.returncode == 1
    report = json.loads(fetched.stdout)
    assert (report["new_items"], report["errors"]) == (0, 1)
    by_id = {f["id"]: f for f in report["feeds"]}
    ok, down = by_id[mine["Changelog"]["id"]], by_id[mine["Down"]["id"]]
    assert (ok["status"], ok["http_status"], ok["error"]) == ("not_modified", 304, None)
    assert down["status"] == "error" and "HTTP 503" in down["error"]
    assert set(ok) >= {"id", "url", "status", "http_status", "new_items", "error"}

    removed = cli("feed", "remove", "Changelog")
    assert removed.returncode == 0 and "1 unread reading deleted" in removed.stdout
    missing = cli("feed", "remove", "Changelog")
    assert missing.returncode == 1
    assert missing.stderr.startswith("curriculum: No feed matches 'Changelog'")


def test_a_feed_added_without_fetching_takes_its_own_title_at_the_first_fetch(
    cli, server: FeedServer
) -> None:
    server.routes["/plain"] = Reply(body=GHOST)
    server.routes["/named"] = Reply(body=GHOST)
    assert cli("feed", "add", server.url("/plain"), "--no-fetch").returncode == 0
    assert cli("feed", "add", server.url("/named"), "--no-fetch", "--name", "Mine").returncode == 0

    def names() -> dict[str, str]:
        listing = json.loads(cli("feed", "list", "--json").stdout)
        return {f["url"]: f["name"] for f in listing if f["url"].startswith("http://127.0.0.1")}

    assert names() == {server.url("/plain"): "127.0.0.1", server.url("/named"): "Mine"}
    assert cli("fetch", server.url("/plain"), server.url("/named")).returncode == 0
    assert names() == {server.url("/plain"): "Changelog", server.url("/named"): "Mine"}


def test_remove_several_feeds_and_by_tag_in_one_action(cli, server: FeedServer) -> None:
    names = ("Alpha", "Beta", "Gamma", "Delta")
    for name in names:
        tag = ["--tag", "imported"] if name in {"Gamma", "Delta"} else []
        cli("feed", "add", server.url(f"/{name}"), "--no-fetch", "--name", name, *tag)

    def followed() -> set[str]:
        return {f["name"] for f in json.loads(cli("feed", "list", "--json").stdout)} & set(names)

    listing = cli("feed", "list")
    assert "TAGS" in listing.stdout and "imported" in listing.stdout
    unknown = cli("feed", "remove", "Alpha", "Nope")
    assert unknown.returncode == 1 and "No feed matches 'Nope'" in unknown.stderr
    assert followed() == set(names)  # all or nothing
    no_tag = cli("feed", "remove", "--tag", "nothing-has-this")
    assert no_tag.returncode == 1 and "No feed has the tag 'nothing-has-this'" in no_tag.stderr
    nothing = cli("feed", "remove")
    assert nothing.returncode == 1 and "--tag" in nothing.stderr

    both = cli("feed", "remove", "Alpha", "Beta")
    assert both.returncode == 0, both.stderr
    assert both.stdout == (
        "Removed 2 feeds (Alpha, Beta): 0 unread readings deleted, "
        "0 kept (read, queued or carded).\n"
    )
    tagged = cli("feed", "remove", "--tag", "IMPORTED")
    assert tagged.returncode == 0 and "Removed 2 feeds (Gamma, Delta)" in tagged.stdout
    assert followed() == set()


def test_add_reports_why_not(cli, server: FeedServer) -> None:
    server.routes["/page"] = Reply(body=b"<html><body>hi</body></html>", content_type="text/html")
    result = cli("feed", "add", server.url("/page"))
    assert result.returncode == 1
    assert "is a web page, not a feed, and no feed was found on it" in result.stderr
    assert result.stderr.count("\n") == 1


def test_opml_import_both_real_files_and_round_trip(cli, tmp_path: Path) -> None:
    nb = cli("opml", "import", str(FEEDS / "newsboat_example.opml"))
    assert nb.returncode == 0, nb.stderr
    assert "7 feeds added, 0 already followed, 0 skipped" in nb.stdout
    nnw = cli("opml", "import", str(FEEDS / "nnw_Subs.opml"))
    assert nnw.returncode == 0 and "feeds added" in nnw.stdout
    feeds = {f["url"]: f for f in json.loads(cli("feed", "list", "--json").stdout)}
    assert feeds["https://blogs.example.com/~mike/.rss"]["tags"] == ["Blogs", "friends"]
    assert feeds["https://fred.example.com/writing/index.php?type=rss"]["tags"] == ["eloquent"]
    assert feeds["http://jvns.ca/atom.xml"]["name"] == "Julia Evans"

    out = tmp_path / "subs.opml"
    assert cli("opml", "export", str(out)).returncode == 0
    other = tmp_path / "other-home"
    again = cli("opml", "import", str(out), env={"CURRICULUM_HOME": str(other)})
    assert again.returncode == 0
    copy = json.loads(cli("feed", "list", "--json", env={"CURRICULUM_HOME": str(other)}).stdout)
    assert {(f["url"], f["name"], tuple(f["tags"])) for f in copy} == {
        (f["url"], f["name"], tuple(f["tags"])) for f in feeds.values()
    }


def test_add_one_web_page_reading(cli, server: FeedServer) -> None:
    server.routes["/essay"] = Reply(
        body=b"<html><head><title>An essay</title></head><body><main>"
        + b"<p>text </p>" * 700
        + b"</main></body></html>",
        content_type="text/html",
    )
    first = cli("add", server.url("/essay"), "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert (data["title"], data["existed"]) == ("An essay", False)
    second = cli("add", server.url("/essay#part-2"))
    assert second.stdout.startswith(f"Already in your library: #{data['id']} An essay")
