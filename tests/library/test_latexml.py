"""LaTeXML papers: sections, $…$ math from alttext, captions, footnotes, references."""

from __future__ import annotations

import json

import pytest

from curriculum.library.document import parse
from curriculum.library.latexml import is_latexml, latexml_to_markdown
from tests.conftest import FIXTURES

PAPER = FIXTURES / "pages" / "arxiv" / "arxiv.org-html-2501.11120v1"
SNIPPETS = FIXTURES / "pages" / "defuddle-arxiv-snippets"


@pytest.fixture(scope="module")
def paper() -> str:
    return latexml_to_markdown(
        (PAPER / "source.html").read_text(), "https://arxiv.org/html/2501.11120v1"
    )


def test_the_genuine_arxiv_page_is_recognised_by_its_markup() -> None:
    assert is_latexml((PAPER / "source.html").read_text())
    assert not is_latexml("<html><body><p>A blog post</p></body></html>")


def test_every_section_of_the_paper_is_a_heading_in_order(paper: str) -> None:
    facts = json.loads((PAPER / "facts.json").read_text())
    headings = [b.text for b in parse(paper).blocks if b.kind == "heading"]
    positions = [headings.index(title) for title in facts["section_titles"]]
    assert positions == sorted(positions), "sections keep their order"
    assert headings[0] == facts["title"] and "Abstract" in headings


def test_math_comes_from_alttext_as_dollars(paper: str) -> None:
    facts = json.loads((PAPER / "facts.json").read_text())
    for tex in facts["sample_alttexts"]:
        assert f"${tex}$" in paper
    assert "<math" not in paper and "<semantics" not in paper and "mrow" not in paper


def test_captions_footnotes_and_references(paper: str) -> None:
    assert "**Figure 1:** Models can describe a learned behavioral policy" in paper
    assert "**Table 1:** Overview of experiments" in paper
    assert "[^1]: We replicate some of our experiments on open-weight models" in paper
    assert paper.count("[^1]") >= 2, "the mark in the text and its definition"
    references = paper.split("## References", 1)[1].split("## Appendix", 1)[0]
    assert references.count("\n- **") == 48, "every bibliography item is one list item"
    assert "- **AI@Meta (2024)** AI@Meta. Llama 3 model card. 2024." in references


def test_citations_and_cross_references_stop_being_links(paper: str) -> None:
    assert "#bib.bib" not in paper and "2501.11120v1#S" not in paper
    assert "(Anthropic, 2024; OpenAI, 2024)" in paper
    assert "[https://github.com/XuchanBao/behavioral-self-awareness]" not in paper
    assert "<https://github.com/XuchanBao/behavioral-self-awareness>" in paper


def test_no_chrome_and_no_images(paper: str) -> None:
    for chrome in ("Report issue", "Refer to caption", "x1.png", "License: arXiv"):
        assert chrome not in paper


@pytest.mark.parametrize(
    "name",
    [
        "issues--141-arxiv-equation-tables",
        "issues--142-arxiv-multi-citations",
        "issues--143-arxiv-cross-references",
    ],
)
def test_defuddle_snippets_keep_their_text_and_math(name: str) -> None:
    markdown = latexml_to_markdown(
        (SNIPPETS / f"{name}.html").read_text(), "https://arxiv.org/html/x"
    )
    expected = (SNIPPETS / f"{name}.md").read_text().split("```", 2)[-1]
    for line in expected.splitlines():
        line = line.strip()
        if line and not line.startswith(("[^", "$$", "```")) and "[" not in line:
            assert line in markdown


def test_display_equations_become_dollar_blocks() -> None:
    markdown = latexml_to_markdown(
        (SNIPPETS / "issues--141-arxiv-equation-tables.html").read_text(), None
    )
    assert (
        "$$\n\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}(\\frac{QK^{T}}{\\sqrt{d_{k}}})V\n$$"
        in markdown
    )
    blocks = parse(markdown).blocks
    assert [b.kind for b in blocks].count("math") == 2
