"""The brief's Markdown, read back by a real CommonMark parser (markdown-it-py): hostile
feed titles and the reader's own words render as written, only web links are links, and
no HTML gets through."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

from markdown_it import MarkdownIt

from curriculum.progress import brief, brief_text, md, meetings, questions
from curriculum.queue import actions
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item

HOSTILE = [
    "[click](javascript:alert(1)) <script>alert(2)</script>",
    "# Not a heading *not em* _nor this_ `nor code`",
    "1. not a list <img src=x onerror=alert(3)>",
    "snake_case stays, back\\slash stays, | pipes | stay ~~not struck~~",
]


def inline_text(tokens) -> list[str]:
    """The text a reader sees in each paragraph, list item and heading."""
    return [
        "".join(c.content for c in t.children if c.type in ("text", "softbreak"))
        for t in tokens
        if t.type == "inline"
    ]


def rendered(source: str) -> tuple[list, str]:
    parser = MarkdownIt("commonmark", {"html": True})
    return parser.parse(source), parser.render(source)


def test_escaped_text_reads_back_as_written():
    for title in HOSTILE:
        tokens, html = rendered(md.text(title))
        children = [c for t in tokens if t.type == "inline" for c in t.children]
        assert {c.type for c in children} <= {"text", "softbreak"}, title
        assert "".join(c.content for c in children) == " ".join(title.split()), title
        assert "<script" not in html and "<img" not in html and "<h1" not in html


def test_a_brief_of_hostile_titles_has_only_the_web_links(db, now):
    blog = add_feed(db, "Blog <b>bold</b>")
    ids = [add_item(db, title, blog) for title in HOSTILE]
    db.execute("UPDATE items SET url = 'javascript:alert(4)' WHERE id = ?", [ids[1]])
    for item in ids:
        actions.done(db, item, now - timedelta(hours=1))
    questions.add_question(db, HOSTILE[2], now, item_id=ids[0])
    meetings.save(db, now, ask=HOSTILE[1], model=HOSTILE[0] + "\n\n# second line")
    tokens, html = rendered(brief_text.render(brief.build(db, now)))
    assert not [t for t in tokens if t.type.startswith("html")]
    links = [c.attrs["href"] for t in tokens if t.type == "inline" for c in t.children
             if c.type == "link_open"]  # fmt: skip
    expected = [db.execute("SELECT url FROM items WHERE id = ?", [i]).fetchone()[0] for i in ids]
    assert [unquote(u) for u in links] == [u for u in expected if u.startswith("https://")]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Brief: 2026-11-16 to 2026-11-22", "What I read (4)", "Open questions", "One ask",
        "What changed in my model",
    ]  # fmt: skip
    shown = inline_text(tokens)
    assert any(s.startswith("[click](javascript:alert(1)) <script>") for s in shown)
    assert " ".join((HOSTILE[0] + " # second line").split()) in shown, "one paragraph"
    assert "<script" not in html and all(link.startswith("https://") for link in links)


def test_the_paragraph_word_count_and_its_aim(db):
    meetings.save(db, NOW, model="word " * 121)
    made = brief.build(db, NOW)
    assert made.words == 121 and made.over
    assert brief_text.as_json(made)["model"] == {
        "text": ("word " * 121).strip(), "words": 121, "aim": 120, "over": True
    }  # fmt: skip
    meetings.save(db, NOW, model="word " * 120)
    assert not brief.build(db, NOW).over
