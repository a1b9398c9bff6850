"""A 100-feed corpus built from the real feeds in `shared/fixtures/feeds/`.

Each copy gets unique item ids and links (a `copy=N` query parameter, which canonical
URLs keep), so every copy contributes its own readings. arXiv feeds are used once:
their ids are global, and copying them would only exercise deduplication.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures" / "feeds"
TEST_FIXTURES = (
    ROOT / "tests" / "fixtures" / "feeds"
)  # the copies the tests keep, minus two large files


def default_fixtures() -> Path:
    """The team's shared fixtures when they sit beside the checkout, else the tests' copies."""
    return SHARED_FIXTURES if SHARED_FIXTURES.is_dir() else TEST_FIXTURES


FIXTURES = default_fixtures()
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
ONCE_PREFIXES = ("arxiv_",)
# Fixtures whose purpose is to be broken; a refresh benchmark wants real feeds.
SKIP_PREFIXES = ("feedparser_illformed", "feedrs_rss_2.0_invalid")

_LINK_TEXT = re.compile(r"(<(link|guid|id)\b[^>]*>)(\s*(?:<!\[CDATA\[)?)([^<\]\s]+)", re.IGNORECASE)
_HREF = re.compile(r'(<link\b[^>]*?\bhref=")([^"]+)(")', re.IGNORECASE)
_RDF_ABOUT = re.compile(r'(<item\b[^>]*?rdf:about=")([^"]+)(")', re.IGNORECASE)


def _tag(url: str, copy: int) -> str:
    joiner = "&amp;" if "?" in url else "?"
    return f"{url}{joiner}copy={copy}"


def make_unique(text: str, copy: int) -> str:
    """Rewrite every link, guid and id of a feed so this copy's items are its own."""
    text = _LINK_TEXT.sub(lambda m: m[1] + m[3] + _tag(m[4], copy), text)
    text = _HREF.sub(lambda m: m[1] + _tag(m[2], copy) + m[3], text)
    return _RDF_ABOUT.sub(lambda m: m[1] + _tag(m[2], copy) + m[3], text)


def sources(fixtures: Path = FIXTURES) -> list[Path]:
    """The real feed files usable in the corpus, in a stable order."""
    return sorted(
        p
        for p in fixtures.iterdir()
        if p.suffix in FEED_SUFFIXES and not p.name.startswith(SKIP_PREFIXES)
    )


def build(dest: Path, count: int = 100, fixtures: Path = FIXTURES) -> list[Path]:
    """Write `count` feed files into `dest`; returns their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    for stale in dest.glob("feed[0-9][0-9][0-9].*"):  # an earlier build's, maybe other suffixes
        stale.unlink()
    once = [p for p in sources(fixtures) if p.name.startswith(ONCE_PREFIXES)]
    cycled = [p for p in sources(fixtures) if not p.name.startswith(ONCE_PREFIXES)]
    written: list[Path] = []
    for index in range(count):
        if index < len(once):
            source, copy = once[index], 0
        else:
            n = index - len(once)
            source, copy = cycled[n % len(cycled)], n // len(cycled)
        body = source.read_bytes().decode("utf-8", errors="surrogateescape")
        out = dest / f"feed{index:03d}{source.suffix}"
        out.write_bytes(make_unique(body, copy).encode("utf-8", errors="surrogateescape"))
        written.append(out)
    return written


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/out/corpus")
    files = build(target)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} feeds, {size / 1e6:.1f} MB in {target}")
