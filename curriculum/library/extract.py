"""A page's main text as safe Markdown: an article through trafilatura, a paper through LaTeXML.

trafilatura was chosen by measuring it against readability-lxml on the held pages
(`benchmarks/extraction.py`, figures in BENCHMARKS.md): the same median token F1 within a
point, better on the pages' own must-have and must-not-have strings, and faster. Its HTML
output goes through the one safe HTML → Markdown path (`content`), so nothing active, no
remote image and no non-web link survives. LaTeXML documents (arXiv's HTML papers) are
recognised by their markup and converted by `latexml` instead.

Nothing here raises for a bad page: an extractor failure is a reason, returned as
`Extraction.reason`.
"""

from __future__ import annotations

from dataclasses import dataclass

from curriculum.library import content, latexml

MAX_PAGE_HTML = 8_000_000  # characters; larger pages are refused with a reason
MIN_WORDS = 40  # fewer words found than this is "no article text on the page"


@dataclass(frozen=True)
class Extraction:
    """A page's text, or why there is none."""

    markdown: str = ""
    source: str = "page"  # page, paper-html
    words: int = 0
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """Whether text was found."""
        return self.reason is None and bool(self.markdown)


def extract_page(html: str, url: str | None) -> Extraction:
    """The main text of a web page (or a LaTeXML paper) as Markdown, or a reason."""
    if len(html) > MAX_PAGE_HTML:
        size = f"{len(html) / 1_000_000:.1f} MB"
        return Extraction(reason=f"the page is too large to extract its text ({size})")
    try:
        if latexml.is_latexml(html):
            markdown, source = latexml.latexml_to_markdown(html, url), "paper-html"
        else:
            markdown, source = _article(html, url), "page"
    except (RecursionError, MemoryError, ValueError, TypeError, LookupError) as error:
        return Extraction(reason=f"the page's text could not be extracted ({type(error).__name__})")
    words = content.markdown_words(markdown)
    if words < MIN_WORDS:
        return Extraction(reason="no article text was found on the page")
    return Extraction(markdown, source, words)


def _article(html: str, url: str | None) -> str:
    """trafilatura's main-content HTML, converted safely; empty when it finds none."""
    import trafilatura

    found = trafilatura.extract(
        html,
        url=url,
        output_format="html",
        include_tables=True,
        include_images=True,
        include_links=True,
        include_formatting=True,
        favor_recall=True,
        deduplicate=False,
    )
    return content.html_to_markdown(found, url) if found else ""
