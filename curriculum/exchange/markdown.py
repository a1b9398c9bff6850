"""`export --format markdown`: one note per reading with its key ideas, for Obsidian vaults.

Each note has YAML front matter (title, link, source, authors, dates, tags), a "Key ideas"
section listing the reading's notes (cards; clozes show their answers highlighted) and a
"Highlights" section with the passages highlighted in it.

Feed text is plain text, so everything written into the Markdown is escaped
(`library.markdown_text`): a title's `<script>` stays text, `[[…]]` is no wikilink, and only
web links are links. Tags (the reading's and its cards') are made valid Obsidian tags.
`read` is the study day (`day.starts`, local time), as everywhere else. File names are
capped in bytes (file systems count bytes, not characters) and are always unique.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from curriculum.cards import cloze
from curriculum.clock import from_iso, study_day
from curriculum.library import markdown_text as md
from curriculum.progress.digest import SOURCE
from curriculum.store import Database, settings
from curriculum.text import clean_line, strip_controls

UNSAFE_NAME = re.compile(r'[\\/:*?"<>|#^\[\]%{}$!`~=&]+')
MAX_NAME_BYTES = 200  # of the title part; most file systems allow 255 bytes a name
NOT_TAG = re.compile(r"[^\w/-]+")


@dataclass
class Note:
    """One reading as a note."""

    id: int
    title: str
    url: str | None
    source: str
    authors: list[str]
    published: str | None
    read_on: str | None  # the study day it was read
    tags: list[str]
    summary: str
    ideas: list[tuple[str, str, str]] = field(default_factory=list)  # kind, front, back
    quotes: list[str] = field(default_factory=list)  # highlighted passages


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def obsidian_tag(name: str) -> str | None:
    """`name` as a valid Obsidian tag: words joined by `-`, letters, digits, `_`, `-`, `/`;
    never only digits (None when nothing is left)."""
    tag = NOT_TAG.sub("-", strip_controls(name).strip()).strip("-/")
    tag = re.sub(r"-{2,}", "-", tag)
    if not tag:
        return None
    return f"_{tag}" if tag.isdigit() else tag


def tags_of(*groups: list[str]) -> list[str]:
    """The valid Obsidian tags of several tag lists, each once."""
    seen: list[str] = []
    for group in groups:
        for name in group:
            tag = obsidian_tag(name)
            if tag and tag.casefold() not in {s.casefold() for s in seen}:
                seen.append(tag)
    return seen


def idea(kind: str, front: str, back: str) -> str:
    """One key idea as a Markdown list item."""
    if kind == "cloze":
        text = cloze.reveal_all(front, md.emphasis("=="), md.piece).strip()
        extra = f" — {md.inline(back)}" if back.strip() else ""
        return f"- {text}{extra}"
    return f"- **{md.inline(front)}** {md.inline(back)}".rstrip()


def render(note: Note) -> str:
    """The note's Markdown text."""
    lines = ["---", f"title: {yaml_text(note.title)}"]
    address = md.web_address(note.url)
    if address:
        lines.append(f"url: {yaml_text(address)}")
    lines.append(f"source: {yaml_text(note.source)}")
    lines.append(f"authors: [{', '.join(yaml_text(a) for a in note.authors)}]")
    for key, value in (("published", note.published), ("read", note.read_on)):
        if value:
            lines.append(f"{key}: {value[:10]}")
    lines += [f"tags: [{', '.join(yaml_text(t) for t in note.tags)}]", "---", ""]
    lines += [f"# {md.inline(note.title)}", ""]
    byline = " · ".join(md.inline(p) for p in [note.source, ", ".join(note.authors)] if p)
    if byline:
        lines += [byline, ""]
    link = md.autolink(note.url)
    if link:
        lines += [link, ""]
    if note.summary:
        quoted = [
            f"> {md.inline(line)}" if line.strip() else ">" for line in note.summary.split("\n")
        ]
        lines += [*quoted, ""]
    lines += ["## Key ideas", ""]
    lines += [idea(*i) for i in note.ideas] or ["- (none written yet)"]
    if note.quotes:
        lines += ["", "## Highlights"]
        for quote in note.quotes:
            lines += ["", f"> {md.inline(quote)}"]
    return "\n".join(lines) + "\n"


def notes(db: Database, tz: tzinfo | None = None) -> list[Note]:
    """Every reading that was read or has cards, with its notes (one per cloze text)."""
    starts = settings.day_starts(db)
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
        read_on = study_day(from_iso(read_at), starts, tz).isoformat() if read_at else None
        result[iid] = Note(
            iid, clean_line(title), url, clean_line(source), json.loads(authors),
            published, read_on, json.loads(tags), strip_controls(summary or "").strip(),
        )  # fmt: skip
    card_tags: dict[int, list[str]] = {}
    for item_id, kind, front, back, tags in db.execute(
        "SELECT item_id, kind, front, back, tags FROM notes WHERE item_id IS NOT NULL ORDER BY id"
    ):
        note = result.get(item_id)
        if note is not None:
            note.ideas.append((kind, front, back))
            card_tags.setdefault(item_id, []).extend(json.loads(tags))
    for note in result.values():
        note.tags = tags_of(note.tags, card_tags.get(note.id, []))
    for item_id, quote in db.execute(
        "SELECT item_id, quote FROM highlights ORDER BY item_id, anchor_start IS NULL,"
        " anchor_start, id"
    ):
        if item_id in result:
            result[item_id].quotes.append(quote)
    return list(result.values())


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, at a character boundary."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def file_name(note: Note, taken: set[str]) -> str:
    """A safe, unique file name from the title (at most 255 bytes)."""
    base = " ".join(UNSAFE_NAME.sub(" ", note.title).split())
    base = _cut(base, MAX_NAME_BYTES).strip(" .") or f"reading {note.id}"
    name, n = f"{base}.md", 1
    while name.casefold() in taken:  # every fallback is checked too
        name = f"{base} ({note.id}).md" if n == 1 else f"{base} ({note.id}-{n}).md"
        n += 1
    taken.add(name.casefold())
    return name


def export(db: Database, folder: Path, tz: tzinfo | None = None) -> list[Path]:
    """Write one note per reading into `folder` (created if needed); returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    written = []
    for note in notes(db, tz):
        path = folder / file_name(note, taken)
        path.write_text(render(note), encoding="utf-8")
        written.append(path)
    return written
