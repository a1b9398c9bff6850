"""Untrusted HTML into safe Markdown and plain text; word counts and reading-time estimates.

Feed HTML is data. `html_to_markdown` keeps structure (headings, lists, emphasis, code,
quotes, tables, links, images) and drops everything active: scripts, styles, frames,
forms, embedded objects, event handlers and links that are not http(s) or mailto.
`html_to_text` and `count_words` are regex-based so ingest stays fast.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urljoin, urlsplit

from curriculum.text import strip_controls

WORDS_PER_MINUTE = 230
DROP_TAGS = (
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "noscript",
    "template",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "source",
    "link",
    "meta",
    "base",
    "head",
    "title",
)
LINK_SCHEMES = {"http", "https", "mailto"}
IMAGE_SCHEMES = {"http", "https"}
KEEP_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}

_DROP_BLOCKS = re.compile(
    r"<(script|style|noscript|template|svg|math|head|title|iframe|object|textarea|select)\b"
    r"[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_BREAKS = re.compile(
    r"</?(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|hr|section|article|"
    r"figure|figcaption|header|footer|dd|dt)\b[^>]*>",
    re.IGNORECASE,
)
_TAGS = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_BLANK_LINES = re.compile(r"\n{3,}")
_PARAGRAPH_GAPS = re.compile(r"\n\s*\n+")
_INLINE_SPACE = re.compile(r"[ \t\f\v\u00a0]+")


def _safe_url(url: str | None, base_url: str | None, schemes: set[str]) -> str | None:
    """An absolute URL with an allowed scheme, or None."""
    if not url:
        return None
    url = strip_controls(url).strip()
    if base_url:
        try:
            url = urljoin(base_url, url)
        except ValueError:
            return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in schemes else None


def _clean_tree(html: str, base_url: str | None) -> object:
    """Parse HTML and remove every active or unsafe part; returns the soup."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(True):
        allowed = KEEP_ATTRIBUTES.get(tag.name, set())
        tag.attrs = {k: v for k, v in tag.attrs.items() if k in allowed}
    for link in soup.find_all("a"):
        href = _safe_url(link.get("href"), base_url, LINK_SCHEMES)
        if href is None:
            link.unwrap()
        else:
            link["href"] = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    for image in soup.find_all("img"):
        src = _safe_url(image.get("src"), base_url, IMAGE_SCHEMES)
        if src is None:
            image.decompose()
        else:
            image["src"] = src.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return soup


def html_to_markdown(html: str, base_url: str | None = None) -> str:
    """Safe Markdown from untrusted HTML: no active content, links only http(s)/mailto."""
    if not html or not html.strip():
        return ""
    from markdownify import MarkdownConverter

    soup = _clean_tree(html, base_url)
    converter = MarkdownConverter(heading_style="ATX", bullets="-", escape_misc=False)
    markdown = converter.convert_soup(soup)  # type: ignore[arg-type]
    markdown = strip_controls(markdown).replace("\u00a0", " ")
    markdown = "\n".join(line.rstrip() for line in markdown.split("\n"))
    return _BLANK_LINES.sub("\n\n", markdown).strip()


def html_to_text(html: str | None) -> str:
    """Plain text from HTML (fast, regex-based): tags dropped, entities decoded, tidy spaces."""
    if not html:
        return ""
    text = _COMMENTS.sub(" ", html)
    text = _DROP_BLOCKS.sub(" ", text)
    text = _BLOCK_BREAKS.sub("\n", text)
    text = html_lib.unescape(_TAGS.sub("", text))
    text = strip_controls(text)
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def summary_text(html: str | None, limit: int = 1200) -> str:
    """A short plain-text summary: paragraphs kept, capped at `limit` characters on a word."""
    return summarize(html_to_text(html), limit)


def summarize(text: str, limit: int = 1200) -> str:
    """`summary_text` of text already made plain by `html_to_text`."""
    text = _PARAGRAPH_GAPS.sub("\n\n", text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def count_words(text: str | None) -> int:
    """The number of words in plain text."""
    return len(_WORD.findall(text or ""))


def words_in_html(html: str | None) -> int:
    """The number of words a reader would see in an HTML document.

    The same count as `count_words(html_to_text(html))`, without tidying the text first.
    """
    if not html:
        return 0
    text = _DROP_BLOCKS.sub(" ", _COMMENTS.sub(" ", html))
    return count_words(html_lib.unescape(_TAGS.sub("", _BLOCK_BREAKS.sub("\n", text))))


def estimate_minutes(words: int) -> int:
    """Reading time in whole minutes at about 230 words a minute; at least 1."""
    return max(1, round(max(words, 0) / WORDS_PER_MINUTE))
