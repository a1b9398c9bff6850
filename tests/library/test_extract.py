"""A page's main text: trafilatura's article through the safe converter; bounds on size/depth."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from curriculum.library import content
from curriculum.library.extract import MAX_PAGE_HTML, extract_page
from tests.conftest import FIXTURES

PAGES = FIXTURES / "pages"
WORD = re.compile(r"\w+")


def f1(found: str, expected: str) -> float:
    """Token F1 of the words found against the expected article's words."""
    got = Counter(w.lower() for w in WORD.findall(found))
    want = Counter(w.lower() for w in WORD.findall(expected))
    common = sum((got & want).values())
    precision, recall = common / max(sum(got.values()), 1), common / max(sum(want.values()), 1)
    return 2 * precision * recall / (precision + recall) if common else 0.0


@pytest.mark.parametrize("name", ["ars-1", "v8-blog"])
def test_a_real_page_gives_its_article(name: str) -> None:
    folder = PAGES / "readability" / name
    page = extract_page(
        (folder / "source.html").read_text(errors="replace"), "http://fakehost/test/page.html"
    )
    expected = content.html_to_text((folder / "expected.html").read_text())
    assert page.ok and page.source == "page" and page.words > 200
    assert f1(content.strip_link_targets(page.markdown), expected) >= 0.9
    for unsafe in ("<script", "javascript:", "onclick"):
        assert unsafe not in page.markdown


def test_only_web_links_and_no_active_content_survive() -> None:
    html = (
        "<html><body><nav>Menu Home About</nav><article><h1>Title</h1>"
        + "".join(
            f"<p>Alignment research needs careful reading of claim {n}.</p>" for n in range(12)
        )
        + '<p><a href="javascript:alert(1)">bad</a> <a href="/next">next</a>'
        '<img src="data:image/png;base64,AA"><script>steal()</script></p>'
        "</article></body></html>"
    )
    page = extract_page(html, "https://blog.example/post")
    assert page.ok
    assert "javascript" not in page.markdown and "steal" not in page.markdown
    assert "data:" not in page.markdown and "(https://blog.example/next)" in page.markdown


def test_a_page_without_an_article_is_a_reason() -> None:
    page = extract_page("<html><body><p>Sign in</p></body></html>", "https://x.example/")
    assert not page.ok and page.reason == "no article text was found on the page"


def test_a_huge_page_is_refused_with_its_size() -> None:
    page = extract_page("<p>" + "x" * MAX_PAGE_HTML + "</p>", "https://x.example/")
    assert not page.ok and "too large" in (page.reason or "")


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 5000 + "deep " * 100 + "</div>" * 5000,
        ("<p>unclosed <b>bold <i>italic " + "word " * 30) * 1500,
    ],
    ids=["nested-5000-deep", "unclosed-tags"],
)
def test_hostile_shapes_never_crash_the_converter(html: str) -> None:
    markdown = content.html_to_markdown(html)
    assert "deep" in markdown or "word" in markdown
    page = extract_page(html, "https://x.example/")
    assert page.ok or page.reason


def test_a_document_too_large_to_format_keeps_every_paragraph() -> None:
    html = "".join(f"<p>paragraph {n} *not emphasis*</p>" for n in range(110_000))
    assert len(html) > content.MAX_MARKDOWN_HTML
    markdown = content.html_to_markdown(html)
    assert markdown.startswith("*This reading is too long")
    assert "paragraph 109999 \\*not emphasis\\*" in markdown


def test_escaped_text_reads_back_as_itself() -> None:
    from markdown_it import MarkdownIt

    plain = "1. Not a list, *not* emphasis, [not](a link) and # no heading $x$"
    html = MarkdownIt().render(content.escape_markdown(plain))
    assert content.html_to_text(html) == plain


def test_fixture_files_are_where_provenance_says() -> None:
    assert (PAGES / "PROVENANCE.md").exists()
    assert (
        Path(PAGES / "arxiv" / "arxiv.org-html-2501.11120v1" / "source.html").stat().st_size
        > 600_000
    )
