"""Offline evaluation of the learned ranking against today's ranking and random order.

    .venv/bin/python -m benchmarks.evaluation [--trials N] [--report FILE]

Labelled readings: every entry of the real feeds in `shared/fixtures/feeds/` (arXiv papers,
the UK AISI and Anthropic research blogs, bioRxiv preprints, Apple and podcast blogs, …),
each labelled with the feed it came from, which stands for its topic. They are put into one
mixed stream (a single feed, as arXiv's cs.AI mixes topics), so the model cannot learn the
source from the feed and must learn the topic from the words; their dates are shuffled, so
freshness says nothing about topic either.

A simulated reader likes one topic: they finish (`done`) k readings of it and skip 2k
readings of other topics; every other reading stays unread. Each ranking then orders the
unread readings, and we measure precision at 20 (the share of the top 20 on the reader's
topic) and nDCG at 20 (binary relevance):

- learned: the Inbox's order (`ranking.retrain` on the real store, then stored scores),
- today's learned: Today's feed order with the learned score (`picking.rank`),
- today's old: Today's feed order before this change (priority, freshness, weak concepts),
- random: the unread readings shuffled.

Everything runs through the real code paths on a real SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks.corpus import default_fixtures
from curriculum import store
from curriculum.clock import to_iso
from curriculum.feeds import ingest
from curriculum.feeds.filters import Filters
from curriculum.feeds.model import FeedError
from curriculum.feeds.parse import parse_feed
from curriculum.queue import candidates, daily, picking, ranking
from curriculum.store import Database, transaction

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = default_fixtures()
TOPIC_NAMES = {  # the fixture feeds by what they are about; arXiv's four files are one topic
    "arxiv_api_query_cs_ai": "arXiv AI papers",
    "arxiv_atom_cs_LG": "arXiv AI papers",
    "arxiv_rss_cs_ai": "arXiv AI papers",
    "arxiv_rss_multi_cs_LG_AI_CL_statML": "arXiv AI papers",
    "olshansk_feed_aisi": "AI security (UK AISI)",
    "olshansk_feed_anthropic_research": "Anthropic research",
    "substack_interconnects": "AI newsletter (Interconnects)",
    "nnw_bio": "biology preprints (bioRxiv)",
    "nnw_atp": "a tech podcast (ATP)",
    "nnw_DaringFireball": "Apple news (Daring Fireball)",
    "nnw_scriptingNews": "web publishing (Scripting News)",
    "nnw_expertopinionent": "entertainment (TypePad blog)",
    "nnw_OneFootTsunami": "a WordPress blog (One Foot Tsunami)",
    "nnw_markdown1": "WordLand posts",
    "nnw_kc0011": "a Chinese-language blog",
    "nnw_4fsodonline": "cryptocurrency (Blogger)",
}
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)
MIN_TOPIC = 30  # a topic with fewer readings is background, never a reader's favourite
SIZES = (5, 10, 20)
TOP = 20
BEGIN = "<!-- evaluation: written by `python -m benchmarks.evaluation`; edit outside -->"
END = "<!-- end of evaluation -->"


@dataclass(frozen=True)
class Corpus:
    """A database holding the labelled stream, and each reading's topic."""

    db: Database
    topic: dict[int, str]  # item id -> topic (the fixture feed's name)

    def topics(self) -> list[str]:
        """Topics with enough readings to be a reader's favourite."""
        counts: dict[str, int] = {}
        for name in self.topic.values():
            counts[name] = counts.get(name, 0) + 1
        return sorted(name for name, n in counts.items() if n >= MIN_TOPIC)


def build(path: Path, fixtures: Path = FIXTURES) -> Corpus:
    """Parse every fixture feed into one feed of a fresh store at `path`."""
    db = store.open_db(path)
    with transaction(db):
        db.execute(
            "INSERT INTO feeds (url, name, created_at) VALUES (?, ?, ?)",
            ["https://stream.invalid/feed.xml", "Mixed stream", to_iso(NOW)],
        )
    topic: dict[int, str] = {}
    for file in sorted(fixtures.iterdir()):
        if file.suffix not in {".xml", ".rss", ".atom", ".rdf"}:
            continue
        try:
            parsed = parse_feed(file.read_bytes(), {}, f"https://{file.stem}.invalid/")
        except FeedError:
            continue
        entries = [e for e in parsed.entries if e.title.strip() and len(e.summary) > 0]
        for entry in entries:
            entry.guid = f"{file.stem}:{entry.guid}"
            entry.arxiv_id = None
            entry.url = entry.canonical_url = None
        with transaction(db):
            result = ingest.store_entries(db, 1, entries, Filters((), (), ()), NOW)
        name = TOPIC_NAMES.get(file.stem, file.stem)
        topic.update((item_id, name) for item_id in result.new_ids)
    _shuffle_dates(db, sorted(topic))
    return Corpus(db, topic)


def _shuffle_dates(db: Database, ids: list[int]) -> None:
    """Dates over the last 30 days, dealt at random: freshness carries no topic."""
    rng = random.Random(7)
    stamps = [to_iso(NOW - timedelta(hours=rng.uniform(0, 720))) for _ in ids]
    with transaction(db):
        for item_id, stamp in zip(ids, stamps, strict=True):
            db.execute("UPDATE items SET published = ? WHERE id = ?", [stamp, item_id])


def _reset(db: Database) -> None:
    with transaction(db):
        db.execute("UPDATE items SET status = 'inbox', read_at = NULL, priority = 0")
        db.execute("DELETE FROM reading_log")
        db.execute("DELETE FROM ranks")
        db.execute("DELETE FROM rank_model")


def simulate(corpus: Corpus, liked_topic: str, k: int, seed: int) -> set[int]:
    """Mark k readings of the topic done and 2k of others skipped; returns the unread ids."""
    rng = random.Random(f"{liked_topic}:{k}:{seed}")
    mine = sorted(i for i, t in corpus.topic.items() if t == liked_topic)
    others = sorted(i for i, t in corpus.topic.items() if t != liked_topic)
    liked, skipped = rng.sample(mine, k), rng.sample(others, 2 * k)
    db = corpus.db
    _reset(db)
    with transaction(db):
        for item_id in liked:
            db.execute(
                "UPDATE items SET status = 'read', read_at = ? WHERE id = ?", [to_iso(NOW), item_id]
            )
        for item_id in skipped:
            db.execute("UPDATE items SET status = 'skipped' WHERE id = ?", [item_id])
    return set(corpus.topic) - set(liked) - set(skipped)


def learned_order(db: Database) -> list[int]:
    """The Inbox's order: stored learned scores, best first."""
    ranking.retrain(db, NOW, force=True)
    rows = db.execute(
        "SELECT i.id FROM items i JOIN ranks r ON r.item_id = i.id WHERE i.status = 'inbox'"
        " ORDER BY r.score DESC, i.id"
    )
    return [int(r[0]) for r in rows]


def today_order(db: Database, learned: bool) -> list[int]:
    """Today's feed order (no per-feed cap), with or without the learned score."""
    readings = candidates.feed_readings(db)
    if not learned:
        readings = [replace(r, learned=None) for r in readings]
    weak = daily.weak_concepts(db, NOW)
    return [r.id for r in picking.rank(readings, NOW, per_feed=None, weak=weak)]


def precision(order: Sequence[int], relevant: set[int], top: int = TOP) -> float:
    """The share of the first `top` that are relevant."""
    return sum(1 for i in order[:top] if i in relevant) / top


def ndcg(order: Sequence[int], relevant: set[int], top: int = TOP) -> float:
    """Normalised discounted cumulative gain at `top`, binary relevance."""
    gains = sum(1 / math.log2(n + 2) for n, i in enumerate(order[:top]) if i in relevant)
    ideal = sum(1 / math.log2(n + 2) for n in range(min(top, len(relevant))))
    return gains / ideal if ideal else 0.0


@dataclass
class Row:
    """Mean metrics of one ranking over every reader and trial at one k."""

    k: int
    ranking: str
    precision: float
    ndcg: float
    base_rate: float


def evaluate(corpus: Corpus, trials: int, sizes: Sequence[int] = SIZES) -> list[Row]:
    """Every ranking, every topic, `trials` seeds each, averaged per k."""
    rows: list[Row] = []
    for k in sizes:
        scores: dict[str, list[tuple[float, float]]] = {}
        base: list[float] = []
        for liked_topic in corpus.topics():
            relevant_all = {i for i, t in corpus.topic.items() if t == liked_topic}
            for seed in range(trials):
                unread = simulate(corpus, liked_topic, k, seed)
                relevant = relevant_all & unread
                base.append(len(relevant) / len(unread))
                shuffled = sorted(unread)
                random.Random(seed).shuffle(shuffled)
                orders = {
                    "learned (Inbox)": learned_order(corpus.db),
                    "Today, learned": today_order(corpus.db, learned=True),
                    "Today, before": today_order(corpus.db, learned=False),
                    "random": shuffled,
                }
                for name, order in orders.items():
                    kept = [i for i in order if i in unread]
                    pair = (precision(kept, relevant), ndcg(kept, relevant))
                    scores.setdefault(name, []).append(pair)
        for name, pairs in scores.items():
            rows.append(
                Row(
                    k,
                    name,
                    statistics.fmean(p for p, _ in pairs),
                    statistics.fmean(n for _, n in pairs),
                    statistics.fmean(base),
                )
            )
    return rows


def related_precision(corpus: Corpus, top: int = 5) -> tuple[float, float]:
    """Related readings: the share of each reading's first `top` related ones on its topic
    (topics with at least MIN_TOPIC readings), and what random picks would give."""
    from curriculum.library.related import related

    _reset(corpus.db)
    sizes: dict[str, int] = {}
    for name in corpus.topic.values():
        sizes[name] = sizes.get(name, 0) + 1
    shares, chance = [], []
    for item_id, name in corpus.topic.items():
        if sizes[name] < MIN_TOPIC:
            continue
        found = [r.id for r in related(corpus.db, item_id, top)]
        if found:
            shares.append(sum(corpus.topic.get(i) == name for i in found) / len(found))
            chance.append((sizes[name] - 1) / (len(corpus.topic) - 1))
    return statistics.fmean(shares), statistics.fmean(chance)


def section(
    rows: list[Row],
    corpus: Corpus,
    trials: int,
    seconds: float,
    related_at_5: tuple[float, float] | None = None,
) -> str:
    """The evaluation's part of BENCHMARKS.md."""
    topics = corpus.topics()
    lines = [
        BEGIN,
        "",
        f"{len(corpus.topic)} labelled readings from {len(set(corpus.topic.values()))} real feeds;"
        f" {len(topics)} simulated readers (one per topic with at least {MIN_TOPIC} readings:"
        f" {', '.join(topics)}), {trials} trials each; k readings done, 2k of other topics"
        " skipped. Means over every reader and trial.",
        "",
        "| liked (k) | ranking | precision@20 | nDCG@20 | base rate |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.k} | {row.ranking} | {row.precision:.2f} | {row.ndcg:.2f}"
            f" | {row.base_rate:.2f} |"
        )
    if related_at_5 is not None:
        lines += [
            "",
            f"Related readings (`curriculum related`): of each reading's first 5, a share of"
            f" {related_at_5[0]:.2f} are on its topic (random picks: {related_at_5[1]:.2f}).",
        ]
    lines += ["", f"({seconds:.0f} s on this machine.)", "", END]
    return "\n".join(lines)


def write(path: Path, text: str) -> None:
    """Replace the evaluation section of `path` (or append it)."""
    current = path.read_text() if path.exists() else ""
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + text + rest.split(END, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + text + "\n"
    path.write_text(current)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the corpus, evaluate, print, and write BENCHMARKS.md's evaluation section."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.evaluation")
    parser.add_argument("--trials", type=int, default=10, help="seeds per reader (default 10)")
    parser.add_argument("--report", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-report", action="store_true", help="print only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        corpus = build(Path(folder) / "evaluation.db")
        rows = evaluate(corpus, args.trials)
        near = related_precision(corpus)
        text = section(rows, corpus, args.trials, time.perf_counter() - started, near)
        corpus.db.close()
    print(text)
    if not args.no_report:
        write(args.report, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
