"""The learned ranking's speed: ranking 20,000 unread readings, retraining on 5,000 labelled.

    .venv/bin/python -m benchmarks.ranking HOME [RUNS]    (the probe: prints JSON seconds)

The home (`build`) holds 20,000 unread readings and 5,000 labelled ones (2,500 read, 2,500
skipped) over 100 feeds. Their text is arXiv-like — titles of 8–14 words, summaries of
120–220 — drawn with Zipf's law from the words of the real feeds in the fixtures (about
10,000 distinct words), so the vocabulary and the documents are as large as real ones;
authors come from a pool of 3,000 names. Everything is seeded.

Measured in one process after scikit-learn is loaded (its import is reported apart):
**retraining** is reading the signals and fitting the model (`ranking.training_set` +
`ranking.fit`); **ranking** is scoring every unread reading with the stored model and
storing its rank and why (`ranking.rank_unread`), each reading's terms already kept (they
are worked out when a reading is first ranked, on arrival or at the first training);
**ranking the first time** is the same with no terms kept yet (they are worked out and
stored too). Both are the process's CPU time (the work
is all computation, single-threaded; on a machine shared with other work, wall time
measures the scheduler too), with wall time kept beside it in the samples.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.corpus import default_fixtures
from benchmarks.scenarios import Bench, Result
from benchmarks.timing import environment
from curriculum import store
from curriculum.clock import to_iso
from curriculum.store import Database, transaction

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
UNREAD = 20_000
LABELLED = 5_000
FEEDS = 100


def vocabulary(fixtures: Path | None = None) -> tuple[list[str], list[float]]:
    """The fixture feeds' words, most frequent first, with Zipf weights by rank."""
    counts: Counter[str] = Counter()
    for file in sorted((fixtures or default_fixtures()).iterdir()):
        if file.suffix in {".xml", ".rss", ".atom", ".rdf"}:
            text = re.sub(r"<[^>]+>", " ", file.read_text(errors="replace"))
            counts.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", text))
    words = [w for w, _ in counts.most_common(12_000)]
    return words, [1.0 / (rank + 1) for rank in range(len(words))]


def build(path: Path, unread: int = UNREAD, labelled: int = LABELLED) -> Path:
    """A store at `path` with `unread` + `labelled` arXiv-like readings (replaced if present)."""
    path.unlink(missing_ok=True)
    rng = random.Random(16)
    words, weights = vocabulary()
    names = [f"{rng.choice(words).title()} {rng.choice(words).title()}" for _ in range(3000)]
    db = store.open_db(path)
    stamp = to_iso(NOW)
    with transaction(db):
        for n in range(FEEDS):
            db.execute(
                "INSERT INTO feeds (url, name, created_at) VALUES (?, ?, ?)",
                [f"https://feed{n}.bench.invalid/", f"Bench feed {n}", stamp],
            )
        for n in range(unread + labelled):
            text = rng.choices(words, weights, k=rng.randint(128, 234))
            status = "inbox" if n < unread else ("read" if n % 2 else "skipped")
            db.execute(
                "INSERT INTO items (feed_id, title, authors, summary, published, first_seen,"
                " updated_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    n % FEEDS + 1,
                    " ".join(text[:14]).capitalize(),
                    json.dumps(rng.sample(names, rng.randint(1, 6))),
                    " ".join(text[14:]).capitalize() + ".",
                    to_iso(NOW - timedelta(hours=rng.uniform(0, 2000))),
                    stamp,
                    stamp,
                    status,
                ],
            )
    db.close()
    return path


def probe(path: Path, runs: int) -> dict[str, list[float]]:
    """Time retraining and ranking `runs` times each (after one warm-up of each)."""
    from curriculum.queue import ranking

    db = store.open_db(path)
    started = time.perf_counter()
    import sklearn.linear_model  # noqa: F401

    found: dict[str, list[float]] = {"import": [time.perf_counter() - started]}
    ranking.retrain(db, NOW, force=True)  # warm-up; stores a model to rank with
    for name, work, before in (
        ("retrain", lambda: ranking.fit(ranking.training_set(db)), None),  # type: ignore[arg-type]
        ("rank", lambda: ranking.rank_unread(db), None),
        ("rank first", lambda: ranking.rank_unread(db), lambda: _forget_terms(db)),
    ):
        found[name], found[f"{name} wall"] = [], []
        for _ in range(runs):
            if before is not None:
                before()
            start, wall = time.process_time(), time.perf_counter()
            work()
            found[name].append(time.process_time() - start)
            found[f"{name} wall"].append(time.perf_counter() - wall)
    found["ranked"] = [float(db.execute("SELECT COUNT(*) FROM ranks").fetchone()[0])]
    db.close()
    return found


def _forget_terms(db: Database) -> None:
    """Drop every reading's kept terms, as before a reading's first ranking."""
    with transaction(db):
        db.execute("DELETE FROM rank_terms")


def results(bench: Bench) -> list[Result]:
    """The harness's lines: ranking and retraining against their targets, and the import."""
    folder = bench.path("ranking-smoke" if bench.smoke else "ranking")
    runs = 1 if bench.smoke else bench.runs
    argv = [sys.executable, "-m", "benchmarks.ranking", str(folder), str(runs)]
    if bench.smoke:
        argv.append("--small")
    done = subprocess.run(argv, capture_output=True, text=True, env=environment(), check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the ranking probe failed: {done.stderr[-800:]}")
    found = json.loads(done.stdout)
    size = f"{int(found['ranked'][0]):,} unread"

    def line(what: str, key: str, limit: float, note: str = "") -> Result:
        samples = found[key]
        return Result(
            what,
            statistics.median(samples),
            "s",
            limit,
            ratio_target=False,
            samples=samples,
            note=note,
        )

    return [
        line(f"ranking {size} readings (score, why, store)", "rank", 1.0),
        line(
            f"ranking {size} readings the first time (terms worked out and kept)",
            "rank first",
            float("inf"),
            "no target; on arrival, readings come a few hundred at a time",
        ),
        line("retraining on 5,000 labelled readings", "retrain", 2.0),
        line(
            "loading scikit-learn (once per training process)",
            "import",
            float("inf"),
            "no target; for reference",
        ),
    ]


def main(argv: list[str]) -> int:
    """`python -m benchmarks.ranking HOME [RUNS] [--small]`: build if needed, probe, print."""
    small = "--small" in argv
    argv = [a for a in argv if a != "--small"]
    path = Path(argv[0]) / "ranking.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build(path, *((300, 100) if small else (UNREAD, LABELLED)))
    runs = int(argv[1]) if len(argv) > 1 else 5
    result = probe(path, runs)
    print(json.dumps(result))
    print({k: round(statistics.median(v), 3) for k, v in result.items()}, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
