"""Untrusted HTML into safe Markdown and plain text; word counts and reading-time estimates.

Feed HTML is data. `html_to_markdown` keeps structure (headings, lists, emphasis, code,
quotes, tables, links, images) and drops everything active: scripts, styles, frames,
forms, embedded objects, event handlers and links that are not http(s) or mailto.
`html_to_text` and `count_words` are regex-based so ingest stays fast.

Shapes that would exhaust the converter are bounded: elements nested deeper than
`MAX_DEPTH` (hostile pages, or ordinary broken HTML whose unclosed tags nest without end)
are flattened into their ancestor at that depth, and a document larger than
`MAX_MARKDOWN_HTML` characters is converted by the fast plain-text path instead (every
paragraph kept, formatting dropped, said in a note), so no page can crash or stall it.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from curriculum.text import strip_controls

WORDS_PER_MINUTE = 230
MAX_DEPTH = 64  # elements nested deeper are unwrapped into their ancestor at this depth
MAX_MARKDOWN_HTML = 3_000_000  # characters of HTML converted with structure; more: plain text
LONG_NOTE = (
    "*This reading is too long to keep its formatting here ({size}); its text is shown as "
    "plain paragraphs.*"
)
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


def parse_html(html: str, parser: str = "html.parser") -> Any:
    """A BeautifulSoup tree of `html` with no element nested deeper than `MAX_DEPTH`."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, parser)
    flatten_deep(soup, MAX_DEPTH)
    return soup


_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "pre",
        "section",
        "article",
        "br",
        "hr",
    ]
)


def flatten_deep(root: Any, limit: int) -> int:
    """Flatten what is nested more than `limit` levels below `root` into plain paragraphs
    (iteratively, in time linear in the document, so no depth can exhaust the stack or
    stall); returns how many elements were flattened."""
    from bs4 import Tag

    limit_tags: list[Any] = []
    stack = [(child, 1) for child in root.contents if isinstance(child, Tag)]
    while stack:
        tag, depth = stack.pop()
        if depth == limit:
            if any(isinstance(child, Tag) and child.contents for child in tag.contents):
                limit_tags.append(tag)
            continue
        stack.extend((child, depth + 1) for child in tag.contents if isinstance(child, Tag))
    return sum(_flatten(root, tag) for tag in limit_tags)


def _flatten(soup: Any, tag: Any) -> int:
    """Replace everything inside `tag` by its text, one paragraph per block element."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    chunks: list[list[str]] = [[]]
    count = 0
    for node in tag.descendants:
        if isinstance(node, Tag):
            count += 1
            if node.name in _BLOCK_TAGS and chunks[-1]:
                chunks.append([])
        elif _visible(node, NavigableString, PreformattedString):
            chunks[-1].append(str(node))
    tag.clear()
    for chunk in chunks:
        text = " ".join("".join(chunk).split())
        if text:
            paragraph = Tag(name="p")
            paragraph.append(NavigableString(text))
            tag.append(paragraph)
    return count


def _visible(node: Any, text_type: type, hidden_type: type) -> bool:
    """Whether a text node is text a reader would see (not a comment, not script)."""
    if not isinstance(node, text_type) or isinstance(node, hidden_type):
        return False
    return node.parent is not None and node.parent.name not in DROP_TAGS


def clean_soup(soup: Any, base_url: str | None) -> Any:
    """Remove every active or unsafe part of a parsed document; returns the soup."""
    from bs4 import Comment

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


def soup_to_markdown(soup: Any) -> str:
    """Markdown from a cleaned soup, with controls stripped and blank lines tidied."""
    from markdownify import MarkdownConverter

    converter = MarkdownConverter(heading_style="ATX", bullets="-", escape_misc=False)
    markdown = converter.convert_soup(soup)
    markdown = strip_controls(markdown).replace("\u00a0", " ")
    markdown = "\n".join(line.rstrip() for line in markdown.split("\n"))
    return _BLANK_LINES.sub("\n\n", markdown).strip()


def html_to_markdown(html: str, base_url: str | None = None) -> str:
    """Safe Markdown from untrusted HTML: no active content, links only http(s)/mailto.

    Any nesting depth and any size is handled (see the module's docstring)."""
    if not html or not html.strip():
        return ""
    if len(html) > MAX_MARKDOWN_HTML:
        return long_html_to_markdown(html)
    return soup_to_markdown(clean_soup(parse_html(html), base_url))


def long_html_to_markdown(html: str) -> str:
    """Markdown paragraphs (escaped plain text) for a document too large to format."""
    paragraphs = _PARAGRAPH_GAPS.split(html_to_text(html))
    size = f"{len(html) / 1_000_000:.1f} MB of HTML"
    body = "\n\n".join(escape_markdown(" ".join(p.split())) for p in paragraphs if p.strip())
    return LONG_NOTE.format(size=size) + "\n\n" + body


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_BULLET_START = re.compile(r"^(\s*)([-+])(\s)")
_NUMBER_START = re.compile(r"^(\s*)(\d+)([.)])(\s)")


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows as it is (no emphasis, links, headings or lists)."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _NUMBER_START.sub(r"\1\2\\\3\4", _BULLET_START.sub(r"\1\\\2\3", text))


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


_LINK_TARGETS = re.compile(r"\]\((?:<[^<>\s]*>|[^()\s]+)(?:\s+\"[^\"]*\")?\)|<https?://[^>\s]*>")


def strip_link_targets(markdown: str) -> str:
    """Markdown without link and image addresses (what a reader does not read)."""
    return _LINK_TARGETS.sub("]", markdown)


def markdown_words(markdown: str) -> int:
    """Words a reader sees in Markdown (link targets and image addresses not counted)."""
    return count_words(strip_link_targets(markdown))


def estimate_minutes(words: int) -> int:
    """Reading time in whole minutes at about 230 words a minute; at least 1."""
    return max(1, round(max(words, 0) / WORDS_PER_MINUTE))
