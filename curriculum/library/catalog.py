"""feeds.yaml: the default feeds and curriculum tracks — validation and idempotent apply.

Applying a catalog adds and updates; it never deletes feeds, items, cards or history,
and never changes a reading's status.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from curriculum import urls
from curriculum.clock import to_iso
from curriculum.errors import CatalogError
from curriculum.store import Database, set_meta, transaction
from curriculum.text import clean_line


@dataclass(frozen=True)
class FeedSpec:
    """A feed as declared in a catalog."""

    name: str
    url: str
    site_url: str | None = None
    tags: list[str] = field(default_factory=list)
    priority: int = 0
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    announce_types: list[str] = field(default_factory=list)
    poll_minutes: int | None = None


@dataclass(frozen=True)
class ReadingSpec:
    """One reading of a track."""

    title: str
    url: str
    authors: list[str]
    minutes: int
    week: int
    week_title: str
    summary: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TrackSpec:
    """An ordered reading list."""

    slug: str
    name: str
    description: str
    active: bool
    readings: list[ReadingSpec]


@dataclass(frozen=True)
class Catalog:
    """A validated feeds.yaml."""

    feeds: list[FeedSpec]
    tracks: list[TrackSpec]


class _Map(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings carry line numbers (1-based)."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    mapping = _Map()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[str(key)] = loader.construct_object(value_node, deep=True)
        mapping.lines[str(key)] = value_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


class _Checker:
    """Field access that raises CatalogError naming the file and line."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, line: int, message: str) -> CatalogError:
        return CatalogError(f"{self.source}, line {line}: {message}.")

    def mapping(self, value: Any, line: int, what: str) -> _Map:
        if not isinstance(value, _Map):
            raise self.fail(line, f"{what} must be a mapping of keys to values")
        return value

    def text(self, m: _Map, key: str, what: str, required: bool = True) -> str:
        value = m.get(key)
        if value is None:
            if required:
                raise self.fail(m.line, f"{what} needs a '{key}'")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(m.lines[key], f"'{key}' of {what} must be text")
        return str(value)

    def url(self, m: _Map, key: str, what: str, required: bool = True) -> str:
        value = self.text(m, key, what, required)
        if not value:
            return value
        try:
            return urls.web_url(value)
        except urls.BadURL as bad:
            raise self.fail(
                m.lines[key],
                f"'{key}' of {what} must be an http(s) URL, not '{urls.shown(value)}' (it {bad})",
            ) from None

    def integer(self, m: _Map, key: str, what: str, default: int, low: int, high: int) -> int:
        value = m.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            line = m.lines.get(key, m.line)
            raise self.fail(line, f"'{key}' of {what} must be a whole number from {low} to {high}")
        return value

    def words(self, m: _Map, key: str, what: str) -> list[str]:
        value = m.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise self.fail(m.lines.get(key, m.line), f"'{key}' of {what} must be a list of words")
        return [str(v) for v in value]

    def unknown(self, m: _Map, allowed: set[str], what: str) -> None:
        for key in m:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                raise self.fail(m.lines[key], f"{what} has an unknown key '{key}' (known: {names})")


FEED_KEYS = {
    "name",
    "url",
    "site",
    "tags",
    "priority",
    "include",
    "exclude",
    "announce_types",
    "poll_minutes",
}
TRACK_KEYS = {"id", "name", "description", "active", "weeks"}
WEEK_KEYS = {"title", "readings"}
READING_KEYS = {"title", "url", "authors", "minutes", "summary", "tags"}


def _feed(c: _Checker, raw: Any, line: int) -> FeedSpec:
    m = c.mapping(raw, line, "a feed")
    c.unknown(m, FEED_KEYS, "a feed")
    name = c.text(m, "name", "a feed")
    what = f"feed '{name}'"
    announce = c.words(m, "announce_types", what)
    bad = [a for a in announce if a not in {"new", "cross", "replace", "replace-cross"}]
    if bad:
        raise c.fail(m.lines["announce_types"], f"{what} has an unknown announce type '{bad[0]}'")
    poll = m.get("poll_minutes")
    return FeedSpec(
        name=name,
        url=c.url(m, "url", what),
        site_url=c.url(m, "site", what, required=False) or None,
        tags=c.words(m, "tags", what),
        priority=c.integer(m, "priority", what, 0, -3, 3),
        include=c.words(m, "include", what),
        exclude=c.words(m, "exclude", what),
        announce_types=announce,
        poll_minutes=None if poll is None else c.integer(m, "poll_minutes", what, 0, 5, 10080),
    )


def _track(c: _Checker, raw: Any, line: int) -> TrackSpec:
    m = c.mapping(raw, line, "a track")
    c.unknown(m, TRACK_KEYS, "a track")
    slug = c.text(m, "id", "a track")
    what = f"track '{slug}'"
    weeks = m.get("weeks")
    if not isinstance(weeks, list) or not weeks:
        raise c.fail(m.lines.get("weeks", m.line), f"{what} needs a non-empty list of 'weeks'")
    readings: list[ReadingSpec] = []
    for number, raw_week in enumerate(weeks, start=1):
        week = c.mapping(raw_week, m.lines["weeks"], f"week {number} of {what}")
        c.unknown(week, WEEK_KEYS, f"week {number} of {what}")
        week_title = c.text(week, "title", f"week {number} of {what}")
        items = week.get("readings")
        if not isinstance(items, list) or not items:
            raise c.fail(week.line, f"week {number} of {what} needs a non-empty list of 'readings'")
        for raw_reading in items:
            r = c.mapping(raw_reading, week.line, f"a reading of week {number}")
            c.unknown(r, READING_KEYS, "a reading")
            title = c.text(r, "title", "a reading")
            rwhat = f"reading '{title}'"
            readings.append(
                ReadingSpec(
                    title=title,
                    url=c.url(r, "url", rwhat),
                    authors=c.words(r, "authors", rwhat),
                    minutes=c.integer(r, "minutes", rwhat, 0, 1, 600),
                    week=number,
                    week_title=week_title,
                    summary=c.text(r, "summary", rwhat, required=False),
                    tags=c.words(r, "tags", rwhat),
                )
            )
    active = m.get("active", True)
    if not isinstance(active, bool):
        raise c.fail(m.lines["active"], f"'active' of {what} must be true or false")
    return TrackSpec(
        slug=slug,
        name=c.text(m, "name", what),
        description=c.text(m, "description", what, required=False),
        active=active,
        readings=readings,
    )


def parse(text: str, source: str) -> Catalog:
    """Validate catalog text; errors name `source`, the line and what is wrong."""
    c = _Checker(source)
    try:
        raw = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        line = (error.problem_mark.line + 1) if error.problem_mark else 1
        raise c.fail(line, f"this is not valid YAML ({error.problem})") from None
    except yaml.YAMLError as error:
        raise CatalogError(f"{source}: this is not valid YAML ({error}).") from None
    top = c.mapping(raw, 1, "the file")
    c.unknown(top, {"version", "feeds", "tracks"}, "the file")
    if top.get("version", 1) != 1:
        raise c.fail(top.lines["version"], "only version 1 is understood")
    feeds_raw = top.get("feeds", []) or []
    tracks_raw = top.get("tracks", []) or []
    if not isinstance(feeds_raw, list):
        raise c.fail(top.lines["feeds"], "'feeds' must be a list")
    if not isinstance(tracks_raw, list):
        raise c.fail(top.lines["tracks"], "'tracks' must be a list")
    feeds = [_feed(c, f, top.lines.get("feeds", 1)) for f in feeds_raw]
    tracks = [_track(c, t, top.lines.get("tracks", 1)) for t in tracks_raw]
    return Catalog(feeds=feeds, tracks=tracks)


def load(path: Path) -> Catalog:
    """Read and validate a catalog file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CatalogError(f"Cannot read {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise CatalogError(f"{path} is not UTF-8 text.") from None
    return parse(text, str(path))


@dataclass
class ApplyResult:
    """What applying a catalog changed."""

    feeds_added: int = 0
    feeds_updated: int = 0
    tracks_added: int = 0
    readings_added: int = 0


def _upsert_feed(db: Database, spec: FeedSpec, now: str, result: ApplyResult) -> None:
    row = db.execute("SELECT id FROM feeds WHERE url = ?", [spec.url]).fetchone()
    values = {
        "name": clean_line(spec.name),
        "site_url": spec.site_url,
        "kind": "arxiv" if "arxiv.org" in spec.url else "rss",
        "tags": json.dumps(spec.tags),
        "priority": spec.priority,
        "include": json.dumps(spec.include),
        "exclude": json.dumps(spec.exclude),
        "announce_types": json.dumps(spec.announce_types),
        "poll_minutes": spec.poll_minutes,
    }
    if row:
        db.table("feeds").update(row[0], values)
        result.feeds_updated += 1
    else:
        db.table("feeds").insert(
            {**values, "url": spec.url, "origin": "catalog", "created_at": now}
        )
        result.feeds_added += 1


def _find_item(db: Database, url: str) -> int | None:
    arxiv = urls.arxiv_id(url)
    if arxiv:
        row = db.execute("SELECT id FROM items WHERE arxiv_id = ?", [arxiv]).fetchone()
        if row:
            return int(row[0])
    row = db.execute(
        "SELECT id FROM items WHERE canonical_url = ? ORDER BY id LIMIT 1",
        [urls.canonical_url(url)],
    ).fetchone()
    return None if row is None else int(row[0])


def _upsert_reading(db: Database, r: ReadingSpec, now: str, result: ApplyResult) -> int:
    values = {
        "title": clean_line(r.title),
        "authors": json.dumps([clean_line(a) for a in r.authors]),
        "minutes": r.minutes,
        "summary": r.summary.strip(),
        "tags": json.dumps(r.tags),
        "updated_at": now,
    }
    item_id = _find_item(db, r.url)
    if item_id is not None:
        db.table("items").update(item_id, values)
        return item_id
    result.readings_added += 1
    return int(
        db.table("items")
        .insert(
            {
                **values,
                "url": r.url,
                "canonical_url": urls.canonical_url(r.url),
                "arxiv_id": urls.arxiv_id(r.url),
                "first_seen": now,
                "origin": "track",
            }
        )
        .last_pk
    )


def _upsert_track(db: Database, spec: TrackSpec, now: str, result: ApplyResult) -> None:
    row = db.execute("SELECT id FROM tracks WHERE slug = ?", [spec.slug]).fetchone()
    values = {"name": clean_line(spec.name), "description": spec.description.strip()}
    if row:
        track_id = int(row[0])
        db.table("tracks").update(track_id, values)
    else:
        track_id = int(
            db.table("tracks")
            .insert({**values, "slug": spec.slug, "active": int(spec.active), "created_at": now})
            .last_pk
        )
        result.tracks_added += 1
    for position, reading in enumerate(spec.readings):
        item_id = _upsert_reading(db, reading, now, result)
        db.execute(
            "INSERT INTO track_items (track_id, item_id, position, week, week_title)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(track_id, item_id) DO UPDATE SET"
            " position = excluded.position, week = excluded.week, week_title = excluded.week_title",
            [track_id, item_id, position, reading.week, reading.week_title],
        )


def apply(db: Database, catalog: Catalog, now: datetime) -> ApplyResult:
    """Add and update the catalog's feeds and tracks in one transaction; delete nothing."""
    stamp = to_iso(now)
    result = ApplyResult()
    with transaction(db):
        for feed in catalog.feeds:
            _upsert_feed(db, feed, stamp, result)
        for track in catalog.tracks:
            _upsert_track(db, track, stamp, result)
        set_meta(db, "catalog_applied", stamp)
    return result


def apply_file(db: Database, path: Path, now: datetime) -> ApplyResult:
    """Validate and apply a catalog file."""
    return apply(db, load(path), now)
