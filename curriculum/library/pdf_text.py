"""A PDF's text as Markdown paragraphs (pypdf), for papers without an HTML version.

pypdf gives the text of each page line by line. Lines are joined into paragraphs (a blank
line, or a short line ending a sentence, ends one), words broken by a hyphen at a line's
end are joined again, and the text is escaped so Markdown shows it as it is. At most
`MAX_PAGES` pages are read; a damaged or encrypted PDF gives a reason, never an exception.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import warnings
from dataclasses import dataclass

from curriculum.library.content import count_words, escape_markdown
from curriculum.text import strip_controls

MAX_PAGES = 200
MIN_WORDS = 40
_HYPHENATED = re.compile(r"(\w)-\n(\w)")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*$")


@dataclass(frozen=True)
class PdfText:
    """A PDF's text as Markdown, or why there is none."""

    markdown: str = ""
    words: int = 0
    pages: int = 0
    reason: str | None = None


def pdf_to_markdown(body: bytes) -> PdfText:
    """The text of a PDF's pages as Markdown paragraphs, or a reason."""
    try:
        pages = _page_texts(body)
    except Exception as error:  # pypdf raises many kinds of error on damaged files
        return PdfText(reason=f"the PDF could not be read ({type(error).__name__})")
    paragraphs = [p for text in pages for p in paragraphs_of(text)]
    markdown = "\n\n".join(escape_markdown(p) for p in paragraphs)
    words = count_words(markdown)
    if words < MIN_WORDS:
        return PdfText(pages=len(pages), reason="the PDF has no text layer to read")
    if len(pages) == MAX_PAGES:
        markdown += f"\n\n*Only the first {MAX_PAGES} pages of this PDF are shown.*"
    return PdfText(markdown, words, len(pages))


def _page_texts(body: bytes) -> list[str]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            raise PermissionError("the PDF is encrypted")
        return [
            strip_controls(page.extract_text() or "") for page in list(reader.pages)[:MAX_PAGES]
        ]


def paragraphs_of(text: str) -> list[str]:
    """A page's lines joined into paragraphs, hyphenated line breaks mended. A paragraph
    ends at a blank line or a short line ending a sentence; a short line that ends no
    sentence (a title, a heading) stands alone."""
    lines = [line.strip() for line in _HYPHENATED.sub(r"\1\2", text).split("\n")]
    lengths = [len(line) for line in lines if line]
    typical = statistics.median(lengths) if lengths else 0
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            paragraphs.append(" ".join(" ".join(current).split()))
            current.clear()

    for line in lines:
        ends_sentence = _SENTENCE_END.search(line) is not None
        if line and not ends_sentence and len(line) < 0.6 * typical:
            close()
            paragraphs.append(line)
            continue
        if line:
            current.append(line)
        if not line or (ends_sentence and len(line) < 0.8 * typical):
            close()
    close()
    return paragraphs
