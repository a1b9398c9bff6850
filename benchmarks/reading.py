"""Reading benchmarks: main-text extraction quality on real pages, LaTeXML papers, the Reader.

    .venv/bin/python -m benchmarks.reading [--pages DIR] [--runs N] [--smoke] [--report FILE]

- **Extraction.** Each page of `readability/` (Mozilla Readability's test pages: the saved
  page and the article it should yield) goes through each extractor and then the one safe
  HTML → Markdown path. Words are compared as bags (lower case, link addresses left out):
  precision is the share of the words found that the expected article has, recall the
  share of the expected words found, F1 their harmonic mean. On `trafilatura/` (its own
  test pages), the strings each page must contain and must not contain are checked.
  readability-lxml is measured beside trafilatura when installed (the `test` extra).
- **Papers.** Each LaTeXML page of `arxiv/` is converted; its section titles, formulas and
  references (counted from the page by the fixture's `facts.json`) are looked for.
- **Reader.** `benchmarks/probes/reader.py` opens a 1 MB article (a kept whole text) and a
  6 MB reading (feed HTML, converted on first open) under Pilot: time to first paint, and
  until every piece is shown.

Results go between the reading markers of BENCHMARKS.md (the main harness's table is left
alone); `python -m benchmarks` also runs the Reader probe as its `reader` scenario.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from curriculum.library.document import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED_PAGES = ROOT.parent / "shared" / "fixtures" / "pages"
TEST_PAGES = ROOT / "tests" / "fixtures" / "pages"
BEGIN = "<!-- reading results: written by `python -m benchmarks.reading`; edit outside -->"
END = "<!-- end of reading results -->"
FAKE_URL = "http://fakehost/test/page.html"
_WORD = re.compile(r"\w+")


def default_pages() -> Path:
    """The shared fixture pages when this checkout has them, else the copies in tests/."""
    return SHARED_PAGES if (SHARED_PAGES / "readability").is_dir() else TEST_PAGES


def words(text: str) -> Counter[str]:
    """The bag of words of a text."""
    return Counter(w.lower() for w in _WORD.findall(text))


def scores(found: str, expected: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the words found against the expected words."""
    got, want = words(found), words(expected)
    common = sum((got & want).values())
    precision = common / max(sum(got.values()), 1)
    recall = common / max(sum(want.values()), 1)
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def trafilatura_markdown(html: str, url: str) -> str:
    """What Curriculum keeps of a page (trafilatura, then the safe converter)."""
    from curriculum.library.extract import extract_page

    return extract_page(html, url).markdown


def readability_markdown(html: str, url: str) -> str:
    """readability-lxml's article through the same safe converter, for comparison."""
    from readability import Document

    from curriculum.library.content import html_to_markdown

    return html_to_markdown(Document(html, url=url).summary(html_partial=True), url)


def extractors() -> dict[str, Callable[[str, str], str]]:
    """The extractors to compare (readability-lxml only when installed)."""
    found: dict[str, Callable[[str, str], str]] = {"trafilatura": trafilatura_markdown}
    try:
        import readability  # noqa: F401
    except ImportError:
        return found
    found["readability-lxml"] = readability_markdown
    return found


@dataclass
class ExtractorScore:
    """One extractor's figures over the pages."""

    name: str
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    f1: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    with_found: int = 0
    with_total: int = 0
    without_absent: int = 0
    without_total: int = 0


def _plain(markdown: str) -> str:
    from curriculum.library.content import strip_link_targets

    text = strip_link_targets(markdown)
    return " ".join(re.sub(r"[*_`\\#>]|!\[|\[|\]", "", text).split())


def measure_extraction(pages: Path) -> list[ExtractorScore]:
    """Every extractor on every page."""
    from curriculum.library.content import html_to_text

    results = []
    for name, extract in extractors().items():
        score = ExtractorScore(name)
        extract("<html><body><article><p>Imports are not timed.</p></article></body></html>", "")
        for folder in sorted((pages / "readability").iterdir()):
            html = (folder / "source.html").read_text(errors="replace")
            start = time.perf_counter()
            markdown = extract(html, FAKE_URL)
            score.seconds.append(time.perf_counter() - start)
            expected = html_to_text((folder / "expected.html").read_text(errors="replace"))
            precision, recall, f1 = scores(_plain(markdown), expected)
            score.precision.append(precision)
            score.recall.append(recall)
            score.f1.append(f1)
        _strings(score, extract, pages / "trafilatura")
        results.append(score)
    return results


def _strings(score: ExtractorScore, extract: Callable[[str, str], str], folder: Path) -> None:
    expected_file = folder / "expected.json"
    if not expected_file.exists():
        return
    for name, expected in json.loads(expected_file.read_text()).items():
        text = _plain(extract((folder / name).read_text(errors="replace"), expected["url"]))
        for wanted in expected["with"]:
            score.with_total += 1
            score.with_found += " ".join(wanted.split()) in text
        for unwanted in expected["without"]:
            score.without_total += 1
            score.without_absent += " ".join(unwanted.split()) not in text


@dataclass(frozen=True)
class PaperScore:
    """One LaTeXML paper's conversion against the facts counted from its page."""

    name: str
    sections: tuple[int, int]
    math: tuple[int, int]
    references: tuple[int, int]
    seconds: float


def measure_papers(pages: Path) -> list[PaperScore]:
    """Sections, formulas and references found in each LaTeXML paper."""
    from curriculum.library.document import parse
    from curriculum.library.latexml import latexml_to_markdown

    results = []
    latexml_to_markdown('<div class="ltx_document"><p>Imports are not timed.</p></div>', None)
    for folder in sorted((pages / "arxiv").iterdir()):
        facts = json.loads((folder / "facts.json").read_text())
        html = (folder / "source.html").read_text()
        start = time.perf_counter()
        markdown = latexml_to_markdown(html, "https://arxiv.org/html/x")
        seconds = time.perf_counter() - start
        document = parse(markdown)
        results.append(
            PaperScore(
                folder.name,
                (_sections_found(document, facts["section_titles"]), len(facts["section_titles"])),
                (_formulas(document), facts["math_elements"]),
                (min(_references(document), facts["bibitems"]), facts["bibitems"]),
                seconds,
            )
        )
    return results


def _letters(text: str) -> str:
    """A title's letters and digits only, its inline math left out (as the facts have it)."""
    return re.sub(r"[^A-Za-z0-9]", "", re.sub(r"\$[^$]*\$", "", text))


def _sections_found(document: Document, titles: list[str]) -> int:
    headings = [_letters(b.text) for b in document.blocks if b.kind == "heading"]
    return sum(1 for title in titles if _letters(title) in headings)


def _formulas(document: Document) -> int:
    inline = sum(1 for b in document.blocks for s in b.spans if s.style == "math")
    return inline + sum(1 for b in document.blocks if b.kind == "math")


def _references(document: Document) -> int:
    """List items under the References heading, up to the next heading."""
    count, inside = 0, False
    for block in document.blocks:
        if block.kind == "heading":
            if inside:
                break
            inside = _letters(block.text) == "References"
        elif inside and block.kind == "item":
            count += 1
    return count


def measure_reader(out: Path, runs: int, smoke: bool = False) -> dict[str, list[float]]:
    """First paint and all loaded, for the 1 MB article and the 6 MB reading."""
    home, article, huge = reader_home(out / "reader-home", smoke)
    result: dict[str, list[float]] = {}
    for name, item_id in (("1MB", article), ("6MB", huge)):
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.probes.reader", str(home), str(item_id), str(runs)],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"the Reader probe failed: {done.stderr[-800:]}")
        for key, samples in json.loads(done.stdout).items():
            result[f"{name} {key}"] = samples
    return result


def reader_home(home: Path, smoke: bool = False) -> tuple[Path, int, int]:
    """A home with a 1 MB article kept as its whole text and a 6 MB reading of feed HTML."""
    import shutil
    from datetime import UTC, datetime

    from curriculum.library import fetched, texts
    from curriculum.library.content import markdown_words
    from curriculum.library.home import open_home
    from curriculum.library.latexml import latexml_to_markdown
    from curriculum.queue import onboarding
    from curriculum.store import settings, transaction

    shutil.rmtree(home, ignore_errors=True)
    db = open_home(home)
    onboarding.skip(db)
    settings.set_value(db, "fetch.on_start", "false")
    now = datetime.now(UTC)
    paper = TEST_PAGES / "arxiv" / "arxiv.org-html-2501.11120v1" / "source.html"
    one = latexml_to_markdown(paper.read_text(), "https://arxiv.org/html/2501.11120v1")
    size = 50_000 if smoke else 1_000_000
    markdown = (one * (size // len(one) + 1))[:size]
    markdown = markdown[: markdown.rfind("\n\n")]
    paragraph = "<p>Paragraph {n}. " + "words of a long reading " * 8 + "</p>"
    html = "".join(paragraph.format(n=n) for n in range(300 if smoke else 31_000))
    with transaction(db):
        article = _item(db, "A 1 MB article", now)
        huge = _item(db, "A 6 MB reading", now, html)
    fetched.keep(db, texts.ReadingText(article, "page", markdown, markdown_words(markdown)), now)
    db.close()
    return home, article, huge


def _item(db: object, title: str, now: object, html: str | None = None) -> int:
    from curriculum.clock import to_iso

    stamp = to_iso(now)  # type: ignore[arg-type]
    cursor = db.execute(  # type: ignore[attr-defined]
        "INSERT INTO items (title, url, first_seen, updated_at, summary, content_html, origin)"
        " VALUES (?, ?, ?, ?, 'A reading.', ?, 'manual')",
        [title, f"https://example.org/{title.replace(' ', '-')}", stamp, stamp, html],
    )
    return int(cursor.lastrowid)


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def section(
    scores_: list[ExtractorScore], papers: list[PaperScore], reader: dict[str, list[float]],
    pages: Path, runs: int,
) -> str:  # fmt: skip
    """The reading results as Markdown, between the markers."""
    lines = [BEGIN, "", f"Pages: `{pages}` ({len(scores_[0].f1)} article pages).", ""]
    lines += [
        "| extractor | median F1 | mean F1 | lowest F1 | median precision | median recall "
        "| must-have strings found | must-not strings absent | median time per page |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores_:
        lines.append(
            f"| {s.name} | {_median(s.f1):.3f} | {statistics.mean(s.f1):.3f} | {min(s.f1):.3f} "
            f"| {_median(s.precision):.3f} | {_median(s.recall):.3f} "
            f"| {s.with_found}/{s.with_total} | {s.without_absent}/{s.without_total} "
            f"| {_median(s.seconds) * 1000:.0f} ms |"
        )
    lines += [
        "",
        "| LaTeXML paper | sections | formulas | references | time |",
        "|---|---|---|---|---|",
    ]
    for p in papers:
        lines.append(
            f"| {p.name} | {p.sections[0]}/{p.sections[1]} | {p.math[0]}/{p.math[1]} "
            f"| {p.references[0]}/{p.references[1]} | {p.seconds * 1000:.0f} ms |"
        )
    lines += [
        "",
        f"Reader, medians of {runs} opens under Pilot "
        "(target: first paint of the 1 MB article ≤ 300 ms):",
        "",
    ]
    lines += ["| reading | first paint | all shown |", "|---|---|---|"]
    for name in ("1MB", "6MB"):
        first, loaded = reader.get(f"{name} first_paint", []), reader.get(f"{name} loaded", [])
        lines.append(f"| {name} | {_median(first):.0f} ms | {_median(loaded):.0f} ms |")
    samples = "; ".join(f"{k}: " + ", ".join(f"{v:.0f}" for v in vs) for k, vs in reader.items())
    lines += ["", f"Every Reader sample (ms): {samples}.", "", *_machine(), "", END]
    return "\n".join(lines)


def _machine() -> list[str]:
    """When, on what, and how busy the machine was (other work skews the Reader's times)."""
    import os
    from datetime import UTC, datetime

    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; "
        f"load average (1, 5, 15 min) at the end: {load}."
    ]


def write(path: Path, text: str) -> None:
    """Replace the reading section of `path` (or add it at the end)."""
    old = path.read_text() if path.exists() else "# Benchmarks\n"
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        old = head + text + rest.split(END, 1)[1]
    else:
        old = old.rstrip() + "\n\n" + text + "\n"
    path.write_text(old)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and write the reading section."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reading", description=__doc__)
    parser.add_argument("--pages", type=Path, default=default_pages())
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--report", type=Path, help="file to write (default: BENCHMARKS.md)")
    args = parser.parse_args(argv)
    runs = 1 if args.smoke else args.runs
    text = section(
        measure_extraction(args.pages),
        measure_papers(args.pages),
        measure_reader(args.out, runs, args.smoke),
        args.pages,
        runs,
    )
    print(text)
    target = args.report or (None if args.smoke else ROOT / "BENCHMARKS.md")
    if target is not None:
        write(target, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
