"""`export --format markdown`: one note per reading with its key ideas, for Obsidian vaults.

Each note has YAML front matter (title, link, source, authors, dates, tags), a "Key ideas"
section listing the reading's cards (clozes show their answers highlighted) and a
"Highlights" section with the passages highlighted in it, escaped so that page text never
becomes links or HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from curriculum.cards import cloze
from curriculum.library.content import escape_markdown
from curriculum.progress.digest import SOURCE
from curriculum.text import clean_line, strip_controls

UNSAFE_NAME = re.compile(r'[\\/:*?"<>|#^\[\]]+')


@dataclass
class Note:
    """One reading as a note."""

    id: int
    title: str
    url: str | None
    source: str
    authors: list[str]
    published: str | None
    read_at: str | None
    tags: list[str]
    summary: str
    ideas: list[tuple[str, str, str]] = field(default_factory=list)  # kind, front, back
    quotes: list[str] = field(default_factory=list)  # highlighted passages


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def idea(kind: str, front: str, back: str) -> str:
    """One key idea as a Markdown list item."""
    if kind == "cloze":
        text = cloze.CLOZE.sub(lambda m: f"=={m[2]}==", front)
        extra = f" — {back}" if back else ""
        return f"- {_one_line(text)}{_one_line(extra)}"
    return f"- **{_one_line(front)}** {_one_line(back)}".rstrip()


def _one_line(text: str) -> str:
    return " ".join(strip_controls(text).split())


def render(note: Note) -> str:
    """The note's Markdown text."""
    lines = ["---", f"title: {yaml_text(note.title)}"]
    if note.url:
        lines.append(f"url: {yaml_text(note.url)}")
    lines.append(f"source: {yaml_text(note.source)}")
    lines.append(f"authors: [{', '.join(yaml_text(a) for a in note.authors)}]")
    for key, value in (("published", note.published), ("read", note.read_at)):
        if value:
            lines.append(f"{key}: {value[:10]}")
    lines += [f"tags: [{', '.join(yaml_text(t) for t in note.tags)}]", "---", ""]
    lines.append(f"# {note.title}")
    lines.append("")
    byline = " · ".join(p for p in [note.source, ", ".join(note.authors)] if p)
    if byline:
        lines += [byline, ""]
    if note.url:
        lines += [f"<{note.url}>", ""]
    if note.summary:
        lines += [f"> {line}" if line else ">" for line in note.summary.splitlines()] + [""]
    lines += ["## Key ideas", ""]
    lines += [idea(*i) for i in note.ideas] or ["- (none written yet)"]
    if note.quotes:
        lines += ["", "## Highlights"]
        for quote in note.quotes:
            lines += ["", f"> {escape_markdown(_one_line(quote))}"]
    return "\n".join(lines) + "\n"


def notes(db: Database) -> list[Note]:
    """Every reading that was read or has cards, with its cards."""
    result: dict[int, Note] = {}
    for row in db.execute(
        f"""
        SELECT i.id, i.title, i.url, {SOURCE}, i.authors, i.published, i.read_at,
               i.tags, i.summary
        FROM items i LEFT JOIN feeds f ON f.id = i.feed_id
        WHERE i.status = 'read' OR EXISTS (SELECT 1 FROM cards c WHERE c.item_id = i.id)
           OR EXISTS (SELECT 1 FROM highlights h WHERE h.item_id = i.id)
        ORDER BY COALESCE(i.read_at, i.first_seen), i.id
        """
    ):
        iid, title, url, source, authors, published, read_at, tags, summary = row
        result[iid] = Note(
            iid, clean_line(title), url, clean_line(source), json.loads(authors),
            published, read_at, json.loads(tags), strip_controls(summary or "").strip(),
        )  # fmt: skip
    for item_id, kind, front, back in db.execute(
        "SELECT item_id, kind, front, back FROM cards WHERE item_id IS NOT NULL ORDER BY id"
    ):
        note = result.get(item_id)
        if note is not None and (kind, front, back) not in note.ideas:
            note.ideas.append((kind, front, back))
    for item_id, quote in db.execute(
        "SELECT item_id, quote FROM highlights ORDER BY item_id, anchor_start IS NULL,"
        " anchor_start, id"
    ):
        if item_id in result:
            result[item_id].quotes.append(quote)
    return list(result.values())


def file_name(note: Note, taken: set[str]) -> str:
    """A safe, unique file name from the title."""
    base = UNSAFE_NAME.sub(" ", note.title)
    base = " ".join(base.split()).strip(" .")[:80] or f"reading {note.id}"
    name = f"{base}.md"
    if name.casefold() in taken:
        name = f"{base} ({note.id}).md"
    taken.add(name.casefold())
    return name


def export(db: Database, folder: Path) -> list[Path]:
    """Write one note per reading into `folder` (created if needed); returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    written = []
    for note in notes(db):
        path = folder / file_name(note, taken)
        path.write_text(render(note), encoding="utf-8")
        written.append(path)
    return written
