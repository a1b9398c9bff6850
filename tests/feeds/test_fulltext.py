"""Whole texts over a real loopback server: pages, arXiv HTML, PDF, the abstract with a reason;
arXiv's rules; prefetch of many readings; nothing kept when offline."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from curriculum.feeds import fulltext
from curriculum.feeds.endpoints import ArxivEndpoints
from curriculum.feeds.model import FetchPolicy
from curriculum.library import items, texts
from curriculum.library.document import parse
from curriculum.library.reader_text import reader_document
from tests.conftest import FIXTURES, NOW
from tests.feeds_server import FeedServer, Reply, server_fixture  # noqa: F401
from tests.pdf_data import PAPER_LINES, make_pdf
from tests.queue_data import add_feed, add_item

PAGES = FIXTURES / "pages"
ARTICLE = (PAGES / "readability" / "ars-1" / "source.html").read_bytes()
PAPER = (PAGES / "arxiv" / "arxiv.org-html-2501.11120v1" / "source.html").read_bytes()
FAST = FetchPolicy(timeout=2, deadline=5, polite_hosts=(), polite_interval=0.05)


def endpoints(server: FeedServer, ar5iv: bool = False) -> ArxivEndpoints:
    return ArxivEndpoints(
        api=server.url("/api"),
        html=server.url("/html/{id}"),
        ar5iv=server.url("/ar5iv/{id}") if ar5iv else "",
        pdf=server.url("/pdf/{id}"),
    )


def html(body: bytes) -> Reply:
    return Reply(body=body, content_type="text/html; charset=utf-8")


def test_a_page_reading_gets_its_article_kept_offline(db, server: FeedServer) -> None:
    server.routes["/article"] = html(ARTICLE)
    item_id = add_item(
        db, "Minecraft exploit", add_feed(db, "Ars"), url=server.url("/article"), summary="Teaser."
    )
    [row] = fulltext.prefetch(db, [item_id], NOW, FAST, endpoints(server))
    assert (row.source, row.reason) == ("page", None) and row.words > 300
    kept = texts.current(db, items.get_item(db, item_id))
    assert kept.whole and "Minecraft" in kept.markdown and "<script" not in kept.markdown
    assert db.execute("SELECT words FROM items WHERE id = ?", [item_id]).fetchone()[0] == row.words
    server.routes.clear()  # offline from here: the kept text is what the Reader shows
    assert fulltext.prefetch(db, [item_id], NOW, FAST, endpoints(server)) == []
    assert texts.current(db, items.get_item(db, item_id)).markdown == kept.markdown


def test_an_arxiv_paper_gets_its_html_version(db, server: FeedServer) -> None:
    server.routes["/html/2501.11120"] = html(PAPER)
    paper = add_item(db, "Tell me about yourself", arxiv_id="2501.11120", summary="Abstract.")
    [row] = fulltext.prefetch(db, [paper], NOW, FAST, endpoints(server))
    assert row.source == "paper-html"
    item = items.get_item(db, paper)
    document = reader_document(item, texts.current(db, item))
    titles = [title for _, _, title in document.outline()]
    assert "1 Introduction" in titles and "References" in titles
    assert any(span.style == "math" for block in document.blocks for span in block.spans)
    assert "## Abstract" not in texts.current(db, item).markdown[:40]


def test_without_html_the_pdf_text_else_the_abstract_and_why(db, server: FeedServer) -> None:
    server.routes["/pdf/2401.00001"] = Reply(
        body=make_pdf([PAPER_LINES]), content_type="application/pdf"
    )
    with_pdf = add_item(db, "Paper one", arxiv_id="2401.00001", summary="Abstract one.")
    bare = add_item(db, "Paper two", arxiv_id="2401.00002", summary="Abstract two.")
    rows = fulltext.prefetch(db, [with_pdf, bare], NOW, FAST, endpoints(server, ar5iv=True))
    assert [(r.item_id, r.source) for r in rows] == [(with_pdf, "pdf"), (bare, "abstract")]
    assert rows[1].reason == "arXiv has no HTML version of this paper and its PDF could not be read"
    assert server.hits("/ar5iv/2401.00002") == 1, "ar5iv is tried between HTML and PDF"
    shown = texts.current(db, items.get_item(db, bare))
    assert shown.markdown == "Abstract two." and not shown.whole


def test_arxiv_gets_one_connection_and_spaced_requests(db, server: FeedServer) -> None:
    seen: list[tuple[float, float]] = []

    def slow(handler) -> None:
        start = time.monotonic()
        time.sleep(0.1)
        seen.append((start, time.monotonic()))
        handler.send(Reply(404, b"no", content_type="text/plain"))

    papers = [add_item(db, f"P{n}", arxiv_id=f"2401.0001{n}", summary="A.") for n in range(3)]
    for n in range(3):
        for kind in ("html", "pdf"):
            server.routes[f"/{kind}/2401.0001{n}"] = slow
    polite = replace(FAST, polite_interval=0.3)
    fulltext.prefetch(db, papers, NOW, polite, endpoints(server))
    seen.sort()
    assert len(seen) == 6
    for (_, end), (start, _) in itertools.pairwise(seen):
        assert start >= end, "never two arXiv requests at once"
    starts = [s for s, _ in seen]
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.28


def test_offline_nothing_is_kept_and_the_reader_gets_the_reason(db) -> None:
    item_id = add_item(db, "Post", url="http://127.0.0.1:9/post", summary="Teaser text.")
    [row] = fulltext.prefetch(db, [item_id], NOW, FAST, ArxivEndpoints())
    assert row.source == "abstract" and "could not be fetched" in (row.reason or "")
    assert texts.stored(db, item_id) is None, "an offline failure is tried again next time"


def test_a_failing_page_is_a_reason_never_a_crash(db, server: FeedServer) -> None:
    server.routes["/gone"] = Reply(500, b"oops", content_type="text/plain")
    server.routes["/binary"] = Reply(body=b"\x00\x01" * 100, content_type="application/zip")
    server.routes["/deep"] = html(b"<div>" * 5000 + b"text " * 50)
    ids = [
        add_item(db, name, url=server.url(f"/{name}"), summary="s")
        for name in ("gone", "binary", "deep")
    ]
    rows = {r.item_id: r for r in fulltext.prefetch(db, ids, NOW, FAST, endpoints(server))}
    assert "HTTP 500" in (rows[ids[0]].reason or "")
    assert "not a web page" in (rows[ids[1]].reason or "")
    assert rows[ids[2]].source in {"page", "abstract"}


def test_the_text_command_prints_markdown_and_json(cli, home: Path, server: FeedServer) -> None:
    from curriculum.library.home import open_home

    server.routes["/article"] = html(ARTICLE)
    db = open_home(home)
    item_id = add_item(db, "Minecraft exploit", url=server.url("/article"), summary="Teaser.")
    db.close()
    env = {
        "CURRICULUM_ARXIV_HTML": server.url("/html/{id}"),
        "CURRICULUM_ARXIV_PDF": server.url("/pdf/{id}"),
        "CURRICULUM_AR5IV_HTML": "",
    }
    result = cli("text", str(item_id), "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"id", "source", "words", "markdown"}
    assert (data["id"], data["source"]) == (item_id, "page") and data["words"] > 300
    hits = server.hits("/article")
    again = cli("text", str(item_id), env=env)
    assert again.stdout.startswith(data["markdown"][:200]) and server.hits("/article") == hits
    cli("text", str(item_id), "--refresh", env=env)
    assert server.hits("/article") == hits + 1
    bad = cli("text", "1", env={"CURRICULUM_ARXIV_HTML": "ftp://x/{id}"})
    assert bad.returncode == 1 and "CURRICULUM_ARXIV_HTML must be an http(s) address" in bad.stderr


def test_document_of_the_kept_article_parses() -> None:
    document = parse("# T\n\nText.")
    assert document.outline() == [(0, 1, "T")]


@pytest.mark.parametrize("value", ["https://mirror.example/html/", "not a url"])
def test_bad_endpoints_are_refused_with_the_variable_named(value: str) -> None:
    from curriculum.errors import ConfigError

    with pytest.raises(ConfigError, match="CURRICULUM_ARXIV_HTML"):
        ArxivEndpoints.from_env({"CURRICULUM_ARXIV_HTML": value})
