"""The schema, as append-only migrations, applied by sqlite-utils' `Migrations`.

Never edit a migration that has shipped; add a new function at the end.
Conventions: timestamps are TEXT in `clock.to_iso` format (UTC, ms, `Z`); dates are
`YYYY-MM-DD`; lists (tags, authors, filters) are JSON arrays in TEXT columns.

The steps are registered here (`@step(name)`) without importing sqlite-utils: opening an
up-to-date database reads the applied names with one query (`applied_names`, from the table
sqlite-utils keeps them in), and sqlite-utils is loaded only when a step is pending (`plan`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from curriculum.store.database import Database, load_sqlite_utils

if TYPE_CHECKING:
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "curriculum"
RECORD_TABLE = "_sqlite_migrations"  # sqlite-utils' `Migrations.migrations_table`

Step = Callable[[Database], None]
S = TypeVar("S", bound=Step)

STEPS: list[tuple[str, Step]] = []


def step(name: str) -> Callable[[S], S]:
    """Register a migration under `name` (applied in the order registered)."""

    def register(function: S) -> S:
        if any(known == name for known, _ in STEPS):
            raise ValueError(f"migration {name} is registered twice")
        STEPS.append((name, function))
        return function

    return register


def known_names() -> list[str]:
    """The names of all migrations this version knows, in order."""
    return [name for name, _ in STEPS]


def applied_names(db: Database) -> list[str]:
    """The migrations already applied to `db`, in the order they were (one query)."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [RECORD_TABLE]
    ).fetchone()
    if exists is None:
        return []
    rows = db.execute(
        f"SELECT name FROM {RECORD_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [name for (name,) in rows]


def plan() -> Migrations:
    """sqlite-utils' `Migrations` holding every registered step (imports sqlite-utils)."""
    load_sqlite_utils()
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, function in STEPS:
        migrations(name=name)(function)
    return migrations


SCHEMA_1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                      -- JSON
);

CREATE TABLE meta (                          -- internal state: first-run flags, parameters
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                      -- JSON
);

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,                -- the feed URL (updated by permanent redirects)
    name TEXT NOT NULL,
    site_url TEXT,
    kind TEXT NOT NULL DEFAULT 'rss' CHECK (kind IN ('rss', 'arxiv')),
    tags TEXT NOT NULL DEFAULT '[]',
    priority INTEGER NOT NULL DEFAULT 0,     -- -3 .. 3
    include TEXT NOT NULL DEFAULT '[]',      -- keywords: keep only items matching one
    exclude TEXT NOT NULL DEFAULT '[]',      -- keywords: drop items matching one
    announce_types TEXT NOT NULL DEFAULT '[]', -- arXiv: new, cross, replace (empty: all)
    poll_minutes INTEGER,                    -- NULL: the fetch.interval_minutes setting
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    last_fetched TEXT,
    last_success TEXT,
    http_status INTEGER,
    status TEXT NOT NULL DEFAULT 'never',    -- never, ok, warning, error
    error TEXT,
    origin TEXT NOT NULL DEFAULT 'user',     -- user, catalog, opml
    created_at TEXT NOT NULL
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,  -- the first feed seen
    url TEXT,
    canonical_url TEXT,                      -- tracking parameters and fragment removed
    arxiv_id TEXT,                           -- normalised, no version
    title TEXT NOT NULL,
    authors TEXT NOT NULL DEFAULT '[]',
    published TEXT,                          -- else first seen
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',        -- plain text, safe
    content_html TEXT,                       -- untrusted HTML as fetched; never displayed
    content_md TEXT,                         -- safe Markdown, converted when first opened
    words INTEGER,
    minutes INTEGER NOT NULL DEFAULT 5,      -- estimated reading time
    status TEXT NOT NULL DEFAULT 'inbox'
        CHECK (status IN ('inbox', 'queued', 'read', 'skipped', 'snoozed')),
    snoozed_until TEXT,                      -- a study day, YYYY-MM-DD
    read_at TEXT,
    priority INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]',         -- concept tags
    announce_type TEXT,                      -- arXiv: new, cross, replace
    origin TEXT NOT NULL DEFAULT 'feed'      -- feed, track, manual, import
);
CREATE UNIQUE INDEX items_arxiv ON items(arxiv_id) WHERE arxiv_id IS NOT NULL;
CREATE INDEX items_canonical ON items(canonical_url);
CREATE INDEX items_status ON items(status, published);
CREATE INDEX items_feed ON items(feed_id, status);

CREATE TABLE item_sources (                  -- every (feed, guid) that reached an item
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (feed_id, guid)
);
CREATE INDEX item_sources_item ON item_sources(item_id);

CREATE VIRTUAL TABLE items_fts USING fts5(
    title, authors, summary, content='items', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts(rowid, title, authors, summary)
    VALUES (new.id, new.title, new.authors, new.summary);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, authors, summary)
    VALUES ('delete', old.id, old.title, old.authors, old.summary);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, authors, summary ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, authors, summary)
    VALUES ('delete', old.id, old.title, old.authors, old.summary);
    INSERT INTO items_fts(rowid, title, authors, summary)
    VALUES (new.id, new.title, new.authors, new.summary);
END;

CREATE TABLE tracks (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    origin TEXT NOT NULL DEFAULT 'catalog',
    created_at TEXT NOT NULL
);

CREATE TABLE track_items (
    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    week INTEGER,
    week_title TEXT,
    PRIMARY KEY (track_id, item_id)
);
CREATE INDEX track_items_order ON track_items(track_id, position);

CREATE TABLE days (                          -- one row per study day with a chosen queue
    day TEXT PRIMARY KEY,                    -- YYYY-MM-DD by the day-start rule
    target_items INTEGER NOT NULL,
    target_minutes INTEGER NOT NULL,
    chosen_at TEXT NOT NULL
);

CREATE TABLE queue (                         -- the readings picked for a day, in order
    day TEXT NOT NULL REFERENCES days(day) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT 'track',    -- carry, track, feed, more
    status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'read', 'skipped', 'snoozed')),
    added_at TEXT NOT NULL,
    PRIMARY KEY (day, item_id)
);
CREATE INDEX queue_item ON queue(item_id);

CREATE TABLE reading_log (                   -- what was read or skipped, when, for how long
    id INTEGER PRIMARY KEY,
    item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
    event TEXT NOT NULL CHECK (event IN ('read', 'skip', 'session')),
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    seconds INTEGER NOT NULL DEFAULT 0,      -- time actually spent (idle gaps excluded)
    minutes INTEGER NOT NULL DEFAULT 0       -- the reading's estimate, for pace and targets
);
CREATE INDEX reading_log_day ON reading_log(day);
CREATE INDEX reading_log_item ON reading_log(item_id);

CREATE TABLE actions (                       -- undo stack for reading actions
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL                    -- JSON: what to restore
);

CREATE TABLE cards (
    id INTEGER PRIMARY KEY,                  -- also the fsrs card_id
    item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
    kind TEXT NOT NULL DEFAULT 'basic' CHECK (kind IN ('basic', 'cloze')),
    front TEXT NOT NULL,
    back TEXT NOT NULL DEFAULT '',
    cloze_index INTEGER,                     -- for cloze cards: which {{cN::...}}
    tags TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL DEFAULT 'new'
        CHECK (state IN ('new', 'learning', 'review', 'relearning')),
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due TEXT NOT NULL,
    last_review TEXT,
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0,
    buried_until TEXT,
    leech INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cards_due ON cards(suspended, due);
CREATE INDEX cards_item ON cards(item_id);

CREATE TABLE review_log (
    id INTEGER PRIMARY KEY,
    card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_at TEXT NOT NULL,               -- UTC, milliseconds
    duration_ms INTEGER,
    state_before TEXT NOT NULL               -- JSON of the card's scheduling state
);
CREATE INDEX review_log_card ON review_log(card_id, reviewed_at);
CREATE INDEX review_log_time ON review_log(reviewed_at);
"""


def run_script(db: Database, script: str) -> None:
    """Execute a multi-statement script inside the current transaction.

    (`executescript` would COMMIT first, breaking the migration's atomicity.)
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement[:60]}")


@step("0001_initial")
def initial(db: Database) -> None:
    """Every table of the first release."""
    run_script(db, SCHEMA_1)


@step("0002_perf_card_state_index")
def card_state_index(db: Database) -> None:
    """Due-card queries by state stay index lookups at a million cards."""
    db.conn.execute("CREATE INDEX IF NOT EXISTS cards_state_due ON cards(state, suspended, due)")
    db.conn.execute("CREATE INDEX IF NOT EXISTS cards_new_order ON cards(state, created_at, id)")


@step("0003_perf_items_newest_index")
def items_newest_index(db: Database) -> None:
    """The library's newest-first order read from an index instead of sorted per keystroke."""
    db.conn.execute(
        "CREATE INDEX IF NOT EXISTS items_newest"
        " ON items(COALESCE(published, first_seen) DESC, id DESC)"
    )


@step("0004_weak_concepts")
def weak_concepts(db: Database) -> None:
    """The queue remembers the weak concept a reading was picked for; feed readings that
    arrived before concept tagging get their tags."""
    from curriculum.library.concepts import tag_reading

    db.conn.execute("ALTER TABLE queue ADD COLUMN concept TEXT")
    rows = db.conn.execute(
        "SELECT id, title, summary FROM items WHERE tags = '[]' AND origin IN ('feed', 'manual')"
    ).fetchall()
    for item_id, title, summary in rows:
        tags = tag_reading(title or "", summary or "")
        if tags:
            db.conn.execute("UPDATE items SET tags = ? WHERE id = ?", [json.dumps(tags), item_id])


@step("0006_days_seen_item")
def days_seen_item(db: Database) -> None:
    """Each study day remembers the newest reading it has considered, so readings that arrive
    later (a feed added, a refresh) fill the day's empty places at once."""
    db.conn.execute("ALTER TABLE days ADD COLUMN seen_item_id INTEGER")


SCHEMA_0007 = """
CREATE TABLE reading_texts (                 -- a reading's whole text, fetched for offline use
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    source TEXT NOT NULL
        CHECK (source IN ('feed', 'page', 'paper-html', 'pdf', 'abstract')),
    markdown TEXT NOT NULL,                  -- safe Markdown (what the Reader shows)
    words INTEGER NOT NULL DEFAULT 0,
    url TEXT,                                -- where it came from
    reason TEXT,                             -- why the whole text is missing, if it is
    fetched_at TEXT NOT NULL
);

CREATE TABLE reading_positions (             -- where the reader stopped in a reading
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    text_offset INTEGER NOT NULL DEFAULT 0,  -- plain-text offset of the first line shown
    fraction REAL NOT NULL DEFAULT 0,        -- of the words, read so far (0..1)
    updated_at TEXT NOT NULL
);

CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    quote TEXT NOT NULL,                     -- the highlighted words, whitespace collapsed
    prefix TEXT NOT NULL DEFAULT '',         -- words just before it, to find it again
    suffix TEXT NOT NULL DEFAULT '',         -- and just after it
    anchor_start INTEGER,                    -- plain-text offsets where it was last found;
    anchor_end INTEGER,                      -- NULL when the current text lacks it
    created_at TEXT NOT NULL
);
CREATE INDEX highlights_item ON highlights(item_id, anchor_start);

ALTER TABLE cards ADD COLUMN highlight_id INTEGER REFERENCES highlights(id) ON DELETE SET NULL;
CREATE INDEX cards_highlight ON cards(highlight_id) WHERE highlight_id IS NOT NULL;
"""


@step("0007_reading_texts_positions_highlights")
def reading_texts_positions_highlights(db: Database) -> None:
    """Whole texts kept for offline reading, reading positions, highlights and the card
    that came from a highlight."""
    run_script(db, SCHEMA_0007)


NOTES_SCHEMA = """
CREATE TABLE notes (                         -- what the user wrote; its cards are the prompts
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,               -- stable identity (Anki's note GUID on export)
    item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
    kind TEXT NOT NULL DEFAULT 'basic' CHECK (kind IN ('basic', 'cloze')),
    front TEXT NOT NULL,                     -- the question, or the cloze text
    back TEXT NOT NULL DEFAULT '',           -- the answer, or a cloze note's extra
    tags TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX notes_item ON notes(item_id);
ALTER TABLE cards ADD COLUMN note_id INTEGER REFERENCES notes(id) ON DELETE CASCADE;
CREATE INDEX cards_note ON cards(note_id);

-- A card written without a note (an older writer) joins its cloze text's note, or gets one.
CREATE TRIGGER cards_note_default AFTER INSERT ON cards WHEN new.note_id IS NULL BEGIN
    UPDATE cards SET note_id = (
        SELECT n.id FROM notes n WHERE n.kind = 'cloze' AND n.item_id IS new.item_id
        AND n.front = new.front ORDER BY n.id LIMIT 1
    ) WHERE id = new.id AND new.kind = 'cloze';
    INSERT INTO notes (guid, item_id, kind, front, back, tags, created_at, updated_at)
    SELECT lower(hex(randomblob(8))), new.item_id, new.kind, new.front, new.back, new.tags,
           new.created_at, new.updated_at
    WHERE (SELECT note_id FROM cards WHERE id = new.id) IS NULL;
    UPDATE cards SET note_id = last_insert_rowid() WHERE id = new.id AND note_id IS NULL;
    UPDATE notes SET tags = (
        SELECT json_group_array(value) FROM (
            SELECT value FROM json_each(notes.tags) UNION ALL
            SELECT value FROM json_each(new.tags)
            WHERE value NOT IN (SELECT value FROM json_each(notes.tags))
        )
    ) WHERE id = (SELECT note_id FROM cards WHERE id = new.id) AND tags != new.tags;
END;
"""


@step("0008_notes")
def card_notes(db: Database) -> None:
    """Notes as Anki has them: the cloze cards of one text share a note (text, tags, source,
    a stable GUID); a question/answer card is a note of its own."""
    import secrets

    run_script(db, NOTES_SCHEMA)
    groups: dict[tuple[object, ...], list[tuple[int, list[str]]]] = {}
    heads: dict[tuple[object, ...], tuple[object, ...]] = {}
    rows = db.conn.execute(
        "SELECT id, item_id, kind, front, back, tags, created_at, updated_at FROM cards ORDER BY id"
    )
    for cid, item_id, kind, front, back, tags, created, updated in rows:
        key = ("cloze", item_id, front) if kind == "cloze" else ("basic", cid)
        groups.setdefault(key, []).append((cid, json.loads(tags or "[]")))
        heads.setdefault(key, (item_id, kind, front, back, created, updated))
    for key, members in groups.items():
        item_id, kind, front, back, created, updated = heads[key]
        tags: list[str] = []
        for _, card_tags in members:
            tags += [t for t in card_tags if t not in tags]
        cursor = db.conn.execute(
            "INSERT INTO notes (guid, item_id, kind, front, back, tags, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [secrets.token_hex(8), item_id, kind, front, back, json.dumps(tags), created, updated],
        )
        db.conn.executemany(
            "UPDATE cards SET note_id = ?, tags = ? WHERE id = ?",
            [(cursor.lastrowid, json.dumps(tags), cid) for cid, _ in members],
        )


@step("0009_feed_retry_after")
def feed_retry_after(db: Database) -> None:
    """When a server's `Retry-After` (HTTP 429 or 503) lets us ask a feed again."""
    db.conn.execute("ALTER TABLE feeds ADD COLUMN retry_after TEXT")


STAMP_COLUMNS = {
    "feeds": ("last_fetched", "last_success", "created_at"),
    "items": ("published", "first_seen", "updated_at", "read_at"),
    "tracks": ("created_at",),
    "days": ("chosen_at",),
    "queue": ("added_at",),
    "reading_log": ("at",),
    "actions": ("at",),
    "cards": ("due", "last_review", "buried_until", "created_at", "updated_at"),
    "review_log": ("reviewed_at",),
}
SHORT_YEAR = " OR ".join(f"{{c}} GLOB '{'[0-9]' * n}-*'" for n in (1, 2, 3))


@step("0009_clean_stored_values")
def clean_stored_values(db: Database) -> None:
    """Values stored by earlier versions that are invalid today are made valid: time stamps
    of years before 1000 get four-digit years (text order is time order again); feed and
    reading text loses control, invisible and line-breaking characters; addresses that are
    not web addresses are dropped (a feed's own is flagged instead); header validators that
    could not be sent back are forgotten."""
    from curriculum.store import cleaning

    for table, columns in STAMP_COLUMNS.items():
        for column in columns:
            db.conn.execute(
                f"UPDATE {table} SET {column} = printf('%04d', CAST(substr({column}, 1,"
                f" instr({column}, '-') - 1) AS INTEGER)) || substr({column}, instr({column}, '-'))"
                f" WHERE {SHORT_YEAR.format(c=column)}"
            )
    cleaning.clean_feeds(db)
    cleaning.clean_items(db)
    cleaning.clean_cards(db)
    cleaning.clean_settings(db)


RANKING_SCHEMA = """
ALTER TABLE items ADD COLUMN triage TEXT;    -- the Inbox's verdict: kept, dismissed (or NULL)
ALTER TABLE feeds ADD COLUMN newest_entry TEXT;  -- the newest entry date of the last body
CREATE TABLE rank_model (                    -- the learned ranking: only the latest is kept
    id INTEGER PRIMARY KEY,
    trained_at TEXT NOT NULL,
    digest TEXT NOT NULL,                    -- fingerprint of what it learned from
    liked INTEGER NOT NULL,                  -- the reader's own signals it learned from
    disliked INTEGER NOT NULL,
    standins INTEGER NOT NULL,               -- track readings and interests standing in
    body TEXT NOT NULL                       -- JSON: terms, idf, weights, intercept
);
CREATE TABLE ranks (                         -- each unread reading's learned score, stored
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    score REAL NOT NULL,                     -- 0..1: how likely the reader wants it
    why TEXT NOT NULL DEFAULT '',            -- a few words: the terms behind the score
    model INTEGER NOT NULL                   -- the rank_model row that scored it
);
CREATE INDEX ranks_score ON ranks(score DESC, item_id);
"""


@step("0010_learned_ranking")
def learned_ranking(db: Database) -> None:
    """The learned ranking's model and stored ranks, the Inbox's triage verdict, and each
    feed's newest entry (an arXiv feed that stops advancing is a warning)."""
    run_script(db, RANKING_SCHEMA)


SCHEMA_MENTOR_LOOP = """
CREATE TABLE questions (                     -- jotted while reading or reviewing
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
    card_id INTEGER REFERENCES cards(id) ON DELETE SET NULL,
    highlight_id INTEGER,                    -- a highlight of the reading, when asked from one
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'dropped')),
    answer TEXT,
    answer_card_id INTEGER REFERENCES cards(id) ON DELETE SET NULL,
    top_rank INTEGER CHECK (top_rank BETWEEN 1 AND 3),  -- picked for the brief
    created_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX questions_open ON questions(status, created_at);
CREATE INDEX questions_item ON questions(item_id);

CREATE TABLE meetings (                      -- mentor meetings; held_on NULL: the brief in hand
    id INTEGER PRIMARY KEY,
    held_on TEXT,                            -- the study day it took place
    ask TEXT NOT NULL DEFAULT '',            -- the one ask of the brief
    model TEXT NOT NULL DEFAULT '',          -- "what changed in my model"
    markdown TEXT,                           -- the brief as it stood when the meeting was held
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX meetings_one_draft ON meetings((held_on IS NULL)) WHERE held_on IS NULL;

CREATE TABLE advice (                        -- actions from a meeting; they come back until closed
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    due TEXT NOT NULL,                       -- the study day it comes back
    follow_ups INTEGER NOT NULL DEFAULT 0,   -- times it came back and was put off
    created_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX advice_due ON advice(status, due);

CREATE TABLE plans (                         -- goals with a date, scored against what happened
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    by_day TEXT NOT NULL,
    estimate_minutes INTEGER,                -- the reader's own estimate
    forecast_day TEXT,                       -- Curriculum's forecast when the plan was made
    pace_minutes REAL,                       -- the reading pace (minutes a day) behind it
    overrun REAL,                            -- the reader's overrun factor then, if known
    surprised INTEGER,                       -- surprised if not done by then? 1, 0, NULL
    created_at TEXT NOT NULL,
    created_day TEXT NOT NULL,
    outcome TEXT CHECK (outcome IN ('done', 'partly', 'not')),
    actual_minutes INTEGER,
    closed_at TEXT,
    asked_on TEXT                            -- the study day "what happened?" was last put off
);
CREATE INDEX plans_open ON plans(outcome, by_day);

CREATE TABLE days_off (                      -- planned days off: they break no streak
    day TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
"""


@step("0011_mentor_loop")
def mentor_loop(db: Database) -> None:
    """Questions, meetings and their advice, plans, and planned days off."""
    run_script(db, SCHEMA_MENTOR_LOOP)


@step("0012_clean_reading_contents")
def clean_reading_contents(db: Database) -> None:
    """Reading bodies stored before this version's text cleaning (a feed's HTML, its
    converted Markdown, whole texts kept for offline reading) lose control, escape, bidi and
    invisible characters, as ingest removes them now (0009 cleaned the other columns)."""
    from curriculum.store import cleaning

    cleaning.clean_contents(db)


QUEUE_WITH_LATER = """
CREATE TABLE queue_0013 (                    -- the readings picked for a day, in order
    day TEXT NOT NULL REFERENCES days(day) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT 'track',    -- carry, track, feed, more
    status TEXT NOT NULL DEFAULT 'queued'    -- later: stopped part-way, the rest another day
        CHECK (status IN ('queued', 'read', 'skipped', 'snoozed', 'later')),
    added_at TEXT NOT NULL,
    concept TEXT,
    PRIMARY KEY (day, item_id)
);
INSERT INTO queue_0013 (day, item_id, position, reason, status, added_at, concept)
    SELECT day, item_id, position, reason, status, added_at, concept FROM queue;
DROP TABLE queue;
ALTER TABLE queue_0013 RENAME TO queue;
CREATE INDEX queue_item ON queue(item_id);
"""


@step("0013_queue_later")
def queue_later(db: Database) -> None:
    """A day's queue tells a reading left for later (`L`: stopped part-way, the rest on
    another day) from one snoozed; readings left for later before this keep 'snoozed'."""
    run_script(db, QUEUE_WITH_LATER)


RANK_TERMS = """
CREATE TABLE rank_terms (                    -- each unread reading's terms, kept between rankings
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    hashes BLOB NOT NULL,                    -- each term's 64-bit hash, little-endian int64s
    counts BLOB NOT NULL                     -- how often each occurs, little-endian uint16s
);
CREATE TRIGGER rank_terms_changed AFTER UPDATE OF title, summary, authors, feed_id ON items
    WHEN OLD.title IS NOT NEW.title OR OLD.summary IS NOT NEW.summary
        OR OLD.authors IS NOT NEW.authors OR OLD.feed_id IS NOT NEW.feed_id
BEGIN
    DELETE FROM rank_terms WHERE item_id = NEW.id;
END;
CREATE TRIGGER rank_terms_left_unread AFTER UPDATE OF status ON items
    WHEN NEW.status NOT IN ('inbox', 'queued', 'snoozed')
BEGIN
    DELETE FROM rank_terms WHERE item_id = NEW.id;
END;
"""


@step("0014_rank_terms")
def rank_terms(db: Database) -> None:
    """Each unread reading's term counts, worked out once (when it is first ranked) and kept,
    so that ranking again after a retraining does not split and look up its words again; a
    reading whose text changes or that leaves the unread readings loses them (triggers)."""
    run_script(db, RANK_TERMS)
