"""LaTeXML HTML (arXiv's `arxiv.org/html/<id>`, ar5iv, arXMLiv) into Markdown for reading.

A paper keeps what a reader needs: its title, section headings, paragraphs, math as `$…$`
(display math as `$$…$$`) from each formula's `alttext`, figure and table captions, tables,
footnotes (`[^n]` with their text after the body) and the reference list. Page chrome
(navigation, table of contents, logos, buttons), images and the links that only jump inside
the paper (citations, cross-references) are left out; links to the web stay.

The document is recognised by its markup (`ltx_document`, `ltx_page_main` or LaTeXML's
generator tag), wherever it comes from. The result goes through the same safe conversion
as any page (`content`): nothing active survives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from curriculum.library import content

_SIGNATURE = re.compile(
    r"class=\"[^\"]*\bltx_(?:document|page_main)\b|<meta[^>]+content=\"LaTeXML", re.IGNORECASE
)
PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
CHROME = (
    ".ltx_page_navbar, .ltx_page_header, .ltx_page_footer, .ltx_page_logo, nav, "
    ".ltx_TOC, .ltx_dates, .package-alerts, .ltx_role_footnotemark > .ltx_note_outer, "
    "#header, .html-header-nav, .arxiv-html-header, button, .ltx_note_type, img, "
    ".ltx_rdf, .sr-only"
)
_LIST_SPACES = re.compile(r"(?m)^- \*\*.*$")
THEOREM_TITLES = ".ltx_theorem .ltx_title, .ltx_proof .ltx_title, .ltx_title_paragraph"


def is_latexml(html: str) -> bool:
    """Whether `html` is a LaTeXML document (looked for in its first 200 kB)."""
    return _SIGNATURE.search(html[:200_000]) is not None


@dataclass
class _Extracted:
    """What is taken out of the tree before conversion and put back after it."""

    math: list[str] = field(default_factory=list)
    notes: list[tuple[str, Any]] = field(default_factory=list)  # (label, the note's body)

    def label(self, mark: str) -> str:
        """A footnote label unique in the paper: the mark itself (`1`, `†`) when it can be."""
        label = "".join(mark.split()).strip("[]^") or str(len(self.notes) + 1)
        used = {name for name, _ in self.notes}
        if label not in used:
            return label
        return next(f"{label}-{n}" for n in range(2, len(used) + 3) if f"{label}-{n}" not in used)

    def hold(self, text: str) -> str:
        """A placeholder that survives Markdown conversion untouched."""
        self.math.append(text)
        return f"\ue000{len(self.math) - 1}\ue001"


def latexml_to_markdown(html: str, base_url: str | None = None) -> str:
    """A LaTeXML paper as Markdown with sections, math, captions, footnotes and references."""
    html = html.replace("\ue000", "").replace("\ue001", "")
    soup = content.parse_html(html, _parser())
    root = (
        soup.select_one(".ltx_page_main")
        or soup.select_one("article.ltx_document")
        or soup.select_one(".ltx_document")
        or soup
    )
    held = _Extracted()
    _prepare(soup, root, held)
    markdown = content.soup_to_markdown(content.clean_soup(root, base_url))
    markdown = _LIST_SPACES.sub(lambda m: re.sub(" {2,}", " ", m[0]), markdown)
    notes = [_note(label, body, base_url) for label, body in held.notes]
    markdown = "\n\n".join([markdown, *(note for note in notes if note)])
    return PLACEHOLDER.sub(lambda m: held.math[int(m[1])], markdown)


def _note(label: str, body: Any, base_url: str | None) -> str:
    """A footnote's definition, `[^label]: text`, on one line."""
    text = content.soup_to_markdown(content.clean_soup(body, base_url))
    text = " ".join(text.split())
    return f"[^{label}]: {text}" if text else ""


def _parser() -> str:
    try:
        import lxml  # noqa: F401
    except ImportError:  # pragma: no cover - lxml comes with trafilatura
        return "html.parser"
    return "lxml"


def _prepare(soup: Any, root: Any, held: _Extracted) -> None:
    """Rewrite LaTeXML's markup in place into plain HTML that converts well."""
    for node in root.select(CHROME):
        node.decompose()
    _equations(soup, root, held)
    _inline_math(root, held)
    _footnotes(soup, root, held)
    _internal_links(root)
    _captions(soup, root)
    _bibliography(soup, root)
    _listings(soup, root)
    _headings(soup, root)


def _alttext(math: Any) -> str:
    """A formula's TeX: its `alttext` (else its TeX annotation), LaTeXML's `%` breaks joined."""
    text = math.get("alttext") or ""
    if not text:
        annotation = math.find("annotation", attrs={"encoding": "application/x-tex"})
        text = annotation.get_text() if annotation else math.get_text(" ")
    text = re.sub(r"%\s*\n\s*", "", str(text))
    text = text.replace("\\displaystyle", "").strip()
    return " ".join(text.split())


def _equations(soup: Any, root: Any, held: _Extracted) -> None:
    """Equation tables (one row per equation, numbers in a tag cell) as display math."""
    for table in root.select("table.ltx_equation, table.ltx_equationgroup"):
        blocks = []
        for row in table.select("tr") or [table]:
            formulas = [_alttext(m) for m in row.find_all("math")]
            if not formulas:
                continue
            tag = row.select_one(".ltx_tag_equation, .ltx_tag")
            number = f" \\tag{{{tag.get_text().strip('() ')}}}" if tag else ""
            blocks.append(held.hold(f"$$\n{' '.join(formulas)}{number}\n$$"))
        holder = soup.new_tag("div")
        for block in blocks:
            paragraph = soup.new_tag("p")
            paragraph.string = block
            holder.append(paragraph)
        table.replace_with(holder)


def _inline_math(root: Any, held: _Extracted) -> None:
    for math in root.find_all("math"):
        tex = _alttext(math)
        if math.get("display") == "block":
            math.replace_with(held.hold(f"\n\n$$\n{tex}\n$$\n\n"))
        else:
            math.replace_with(held.hold(f"${tex}$" if tex else ""))


def _footnotes(soup: Any, root: Any, held: _Extracted) -> None:
    """Footnotes: `[^n]` where the mark was; the text is converted after the body."""
    for note in root.select(".ltx_role_footnote, .ltx_role_footnotetext"):
        mark = note.select_one(".ltx_note_mark")
        label = held.label(mark.get_text() if mark else "")
        body = note.select_one(".ltx_note_content") or note
        for inner in body.select(".ltx_note_mark, .ltx_tag_note"):
            inner.decompose()
        _internal_links(body)
        holder = soup.new_tag("div")
        for child in list(body.contents):
            holder.append(child.extract())
        held.notes.append((label, holder))
        note.replace_with(held.hold(f"[^{label}]"))
    for mark in root.select(".ltx_role_footnotemark"):
        text = "".join(mark.get_text().split())
        mark.replace_with(held.hold(f"^{text}") if text else "")


def _internal_links(root: Any) -> None:
    """Citations and cross-references keep their text but stop being links."""
    for link in root.select("a.ltx_ref"):
        classes = set(link.get("class") or [])
        if not classes & {"ltx_url", "ltx_href"} or str(link.get("href", "")).startswith("#"):
            link.unwrap()


def _labelled(soup: Any, name: str, label: str) -> Any:
    """A new `name` element that starts with `label` in bold and a space (empty if no label)."""
    element = soup.new_tag(name)
    if label:
        strong = soup.new_tag("strong")
        strong.string = label
        element.append(strong)
        element.append(" ")
    return element


def _captions(soup: Any, root: Any) -> None:
    """Figure and table captions as their own paragraphs, the label in bold."""
    for caption in root.select("figcaption, .ltx_caption"):
        tag = caption.select_one(".ltx_tag")
        label = tag.get_text().strip() if tag else ""
        if tag:
            tag.decompose()
        paragraph = _labelled(soup, "p", label)
        for child in list(caption.contents):
            paragraph.append(child.extract())
        caption.replace_with(paragraph)


def _bibliography(soup: Any, root: Any) -> None:
    """Each reference as one list item: its tag in bold, then its blocks on one line."""
    for item in root.select("li.ltx_bibitem"):
        tag = item.select_one(".ltx_tag_bibitem, .ltx_bibtag, .ltx_tag")
        label = " ".join(tag.get_text().split()) if tag else ""
        if tag:
            tag.decompose()
        blocks = item.select(".ltx_bibblock") or [item]
        fresh = _labelled(soup, "li", label)
        for index, block in enumerate(blocks):
            if index:
                fresh.append(" ")
            for child in list(block.contents):
                fresh.append(child.extract())
        _one_line(fresh)
        item.replace_with(fresh)


def _one_line(tag: Any) -> None:
    """Collapse the line breaks and runs of spaces inside `tag`'s text."""
    from bs4 import NavigableString

    for text in list(tag.find_all(string=True)):
        if isinstance(text, NavigableString):
            text.replace_with(re.sub(r"\s+", " ", str(text)))


def _listings(soup: Any, root: Any) -> None:
    """Code listings (one element per line) as preformatted blocks."""
    for listing in root.select(".ltx_listing"):
        lines = [line.get_text() for line in listing.select(".ltx_listingline")]
        if not lines:
            continue
        pre = soup.new_tag("pre")
        pre.string = "\n".join(line.rstrip() for line in lines)
        listing.replace_with(pre)


def _headings(soup: Any, root: Any) -> None:
    """The abstract gets a section heading; theorem and paragraph titles become bold text."""
    for title in root.select(THEOREM_TITLES):
        strong = soup.new_tag("strong")
        strong.string = " ".join(title.get_text().split())
        paragraph = soup.new_tag("p")
        paragraph.append(strong)
        title.replace_with(paragraph)
    for title in root.select(".ltx_abstract > .ltx_title, .ltx_title_abstract"):
        title.name = "h2"
    for tag in root.select(".ltx_title .ltx_tag"):
        tag.string = " ".join(tag.get_text().split()) + " "
