"""HTML → safe Markdown and plain text, word counts and reading-time estimates."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from curriculum.library.content import (
    count_words,
    estimate_minutes,
    html_to_markdown,
    html_to_text,
    summary_text,
    words_in_html,
)

HOSTILE = """
<h2 onclick="steal()">Title <em>here</em></h2>
<script>alert('x')</script><style>body{display:none}</style>
<p onmouseover="evil()">See <a href="javascript:alert(1)">this</a>,
<a href="/paper.pdf">the paper</a> and <a href="mailto:me@example.org">mail me</a>.</p>
<iframe src="https://evil.example/">framed</iframe>
<img src="data:image/png;base64,AAAA" onerror="x()"><img src="fig.png" alt="Figure 1">
<form action="/x"><input name="q"></form>
<p>Bidi \u202etxt.exe and escape \x1b[31mred\x9b</p>
"""


def test_markdown_keeps_structure_and_drops_active_content() -> None:
    md = html_to_markdown(HOSTILE, base_url="https://blog.example/posts/one/")
    assert md.startswith("## Title *here*")
    assert "[the paper](https://blog.example/paper.pdf)" in md
    assert "[mail me](mailto:me@example.org)" in md
    assert "![Figure 1](https://blog.example/posts/one/fig.png)" in md
    for bad in ("alert", "javascript", "steal", "evil", "display:none", "framed", "data:", "<"):
        assert bad not in md
    assert "See this," in md  # the unsafe link keeps its text


def test_markdown_strips_controls_and_bidi_overrides() -> None:
    md = html_to_markdown(HOSTILE)
    assert "\u202e" not in md and "\x1b" not in md and "\x9b" not in md
    assert "txt.exe" in md


def test_markdown_lists_code_and_quotes() -> None:
    md = html_to_markdown(
        "<ul><li>one</li><li>two</li></ul><pre><code>x = 1</code></pre>"
        "<blockquote>wise</blockquote>"
    )
    assert "- one\n- two" in md
    assert "```\nx = 1\n```" in md
    assert "> wise" in md


def test_relative_links_without_base_are_dropped_but_text_stays() -> None:
    assert html_to_markdown('<p><a href="/x">text</a></p>') == "text"


def test_empty_html_gives_empty_markdown() -> None:
    assert html_to_markdown("") == ""
    assert html_to_markdown("   ") == ""


def test_plain_text_drops_scripts_and_decodes_entities() -> None:
    text = html_to_text("<p>Fish &amp; chips</p><script>var a = 1;</script><p>done</p>")
    assert text == "Fish & chips\n\ndone"


def test_summary_is_capped_on_a_word_boundary() -> None:
    summary = summary_text("<p>" + "alpha beta " * 300 + "</p>", limit=100)
    assert len(summary) <= 101 and summary.endswith("…")
    assert not summary[:-1].endswith(" ")


def test_word_counts_and_minutes() -> None:
    assert count_words("Reward hacking isn't rare; it's well-documented.") == 6
    assert words_in_html("<p>one <b>two</b></p><script>three four</script>") == 2
    assert estimate_minutes(0) == 1
    assert estimate_minutes(230) == 1
    assert estimate_minutes(2300) == 10


@given(st.text())
def test_markdown_never_contains_controls(text: str) -> None:
    md = html_to_markdown(f"<p>{text}</p>")
    assert not any(ch in md for ch in "\x00\x1b\x9b\u202e")
    assert estimate_minutes(count_words(md)) >= 1
