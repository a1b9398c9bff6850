"""The learned ranking: a per-reader model trained on the reader's own signals, and the ranks
it gives unread readings, stored so that Today, the Library and the Inbox read them without
loading scikit-learn (nor numpy).

Training (`retrain`; scikit-learn is imported there and nowhere else): TF-IDF over each
reading's terms (`features`) and a logistic regression. Liked readings are the reader's
signals and, at first, stand-ins (`signals`); skipped, dismissed and lowered readings are
negatives; a sample of the readings the reader never acted on are weak negatives, as in
arxiv-sanity-lite (most of what you did not pick is not for you). Ranking (`rank_unread`,
`rank_unranked`; numpy only) scores unread readings with the stored model and stores each
score with a few words saying why. Ranks are computed when readings arrive (the commands
that add readings call `rank_unranked`) and when the model retrains. A reading's terms are
worked out the first time it is ranked and kept (`term_cache`), so ranking every unread
reading again after a retraining only reads them back and looks them up in the new model.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from curriculum.clock import to_iso
from curriculum.errors import CurriculumError
from curriculum.queue import signals, term_cache
from curriculum.queue.features import (
    Counts,
    Doc,
    Model,
    TermBlobs,
    author_term,
    count_all,
    count_terms,
    counts_of_blobs,
)
from curriculum.store import Database, transaction

if TYPE_CHECKING:
    import numpy as np

UNREAD = ("inbox", "queued", "snoozed")
MIN_DF = 2  # a term in one reading only says nothing about the others
MAX_DF = 0.5  # a word in most readings says nothing either (authors and feeds excepted)
SMALL_CORPUS = 50  # below this many readings every term is kept
MAX_FEATURES = 30_000
C = 1.0  # inverse regularisation strength (tuned with benchmarks/evaluation.py)
UNLABELLED_WEIGHT = 0.1  # a reading never acted on, as a weak "not for me"
MAX_UNLABELLED = 5_000  # at most this many of them (a seeded sample): training stays quick
WHY_TERMS = 3
NOTHING_IN_COMMON = "nothing in common with what you like"


@dataclass(frozen=True)
class ModelInfo:
    """What the stored model learned from, without its body."""

    id: int
    trained_at: str
    digest: str
    liked: int
    disliked: int
    standins: int


@dataclass
class Report:
    """What a retraining did."""

    trained: bool  # False: the stored model was still current
    info: ModelInfo | None
    ranked: int = 0
    likes: list[str] = field(default_factory=list)  # the terms it weighs most


def model_info(db: Database) -> ModelInfo | None:
    """The stored model's description, or None before the first training."""
    row = db.execute(
        "SELECT id, trained_at, digest, liked, disliked, standins FROM rank_model"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else ModelInfo(*row)


def stored_model(db: Database) -> tuple[ModelInfo, Model] | None:
    """The stored model and its description (numpy is loaded here)."""
    info = model_info(db)
    if info is None:
        return None
    body = db.execute("SELECT body FROM rank_model WHERE id = ?", [info.id]).fetchone()[0]
    return info, Model.from_json(json.loads(body))


# --- what a model learns from -------------------------------------------------------------


@dataclass
class TrainingSet:
    """Readings (or made-up stand-ins) with a label and a weight each."""

    docs: list[Doc]
    liked: list[bool]
    weights: list[float]
    counts: dict[str, int]  # liked, disliked, standins
    digest: str


def _corpus_size(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])


def _docs(db: Database, ids: Sequence[int]) -> dict[int, Doc]:
    return term_cache.docs(db, ids)


def _plan(db: Database) -> tuple[list[signals.Label], list[signals.StandIn], str]:
    labels = signals.labels(db)
    liked = sum(1 for x in labels if x.liked)
    standins = signals.standins(db, liked, {x.item_id for x in labels})
    return labels, standins, signals.digest(labels, standins, _corpus_size(db))


def _unlabelled_sample(db: Database, exclude: set[int], seed: str) -> list[int]:
    ids = [int(r[0]) for r in db.execute("SELECT id FROM items ORDER BY id")]
    others = [i for i in ids if i not in exclude]
    if len(others) > MAX_UNLABELLED:
        others = sorted(random.Random(seed).sample(others, MAX_UNLABELLED))
    return others


def training_set(db: Database) -> TrainingSet | None:
    """What a model would learn from now; None when nothing is liked (no model then)."""
    labels, standins, digest = _plan(db)
    if not any(x.liked for x in labels) and not standins:
        return None
    track_ids = {i for i, _ in signals.track_docs(db)} if standins else set()
    labelled = {x.item_id for x in labels}
    unlabelled = _unlabelled_sample(db, labelled | track_ids, digest)
    docs = _docs(db, [x.item_id for x in labels] + unlabelled)
    found = TrainingSet([], [], [], {}, digest)
    for x in labels:
        if x.item_id in docs:
            found.docs.append(docs[x.item_id])
            found.liked.append(x.liked)
            found.weights.append(x.weight)
    for s in standins:
        found.docs.append(s.doc)
        found.liked.append(True)
        found.weights.append(s.weight)
    for item_id in unlabelled:
        found.docs.append(docs[item_id])
        found.liked.append(False)
        found.weights.append(UNLABELLED_WEIGHT)
    found.counts = {
        "liked": sum(1 for x in labels if x.liked),
        "disliked": sum(1 for x in labels if not x.liked),
        "standins": len(standins),
    }
    return found


def is_stale(db: Database) -> bool:
    """Whether the stored model no longer matches the reader's signals (or is missing while
    there is something to learn from)."""
    info = model_info(db)
    labels, standins, digest = _plan(db)
    if info is None:
        return any(x.liked for x in labels) or bool(standins)
    return info.digest != digest


# --- fitting ------------------------------------------------------------------------------


def _vocabulary(docs: Sequence[Doc]) -> tuple[list[str], Counts, np.ndarray]:
    """The kept terms, every reading's counts over them, and their document frequencies."""
    import numpy as np

    distinct, counts = count_all(docs)
    df = np.bincount(counts.cols, minlength=len(distinct))
    size = len(docs)
    special = np.fromiter((":" in t for t in distinct), dtype=bool, count=len(distinct))
    keep = np.ones(len(distinct), dtype=bool)
    if size >= SMALL_CORPUS:
        keep = (df >= MIN_DF) & ((df <= MAX_DF * size) | special)
    chosen = np.flatnonzero(keep)
    if len(chosen) > MAX_FEATURES:
        chosen = np.sort(chosen[np.argsort(-df[chosen], kind="stable")[:MAX_FEATURES]])
    remap = np.full(len(distinct), -1, dtype=np.int64)
    remap[chosen] = np.arange(len(chosen))
    known = remap[counts.cols] >= 0
    kept = Counts(counts.rows[known], remap[counts.cols[known]], counts.counts[known], size)
    return [distinct[i] for i in chosen], kept, df[chosen]


def fit(training: TrainingSet) -> Model:
    """Fit TF-IDF and a logistic regression (scikit-learn) to a training set."""
    try:
        import numpy as np
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise CurriculumError(
            "The learned ranking needs scikit-learn; install it with `pip install scikit-learn`."
        ) from None

    names, counts, df = _vocabulary(training.docs)
    size = len(training.docs)
    idf = np.round(np.log((1.0 + size) / (1.0 + df)) + 1.0, 6)
    model = Model(names, idf, np.zeros(len(names)), 0.0)
    x = csr_matrix(
        (model.tfidf(counts), (counts.rows, counts.cols)), shape=(size, max(len(names), 1))
    )
    y = np.asarray(training.liked, dtype=int)
    weights = _balanced(y, np.asarray(training.weights, dtype=np.float64))
    if y.min() == y.max():  # only liked readings: nothing to tell them from
        return model
    classifier = LogisticRegression(C=C, solver="liblinear", max_iter=200)
    classifier.fit(x, y, sample_weight=weights)
    model.weight = np.round(classifier.coef_[0][: len(names)], 6)
    model.intercept = round(float(classifier.intercept_[0]), 6)
    return model


def _balanced(y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weights scaled so that both classes weigh the same in total (a score of 0.5 is the
    boundary between liked and not, whatever their numbers)."""
    import numpy as np

    liked, other = weights[y == 1].sum(), weights[y == 0].sum()
    if liked <= 0 or other <= 0:
        return weights
    scale = (liked + other) / 2
    return np.where(y == 1, weights * scale / liked, weights * scale / other)


# --- ranking ------------------------------------------------------------------------------


def _feed_names(db: Database) -> dict[int, str]:
    return {int(r[0]): str(r[1]) for r in db.execute("SELECT id, name FROM feeds")}


def _term_words(term: str, names: Sequence[str], feeds: dict[int, str]) -> str:
    """A term as a person reads it: a word, `by` an author, `from` a feed."""
    if term.startswith("by:"):
        name = next((a for a in names if author_term(a) == term), term[3:])
        return f"by {name}"
    if term.startswith("feed:"):
        feed_id = int(term[5:])
        return f"from {feeds.get(feed_id, 'its feed')}"
    return term


def top_shares(model: Model, counts: Counts, shares: np.ndarray) -> list[list[str]]:
    """Each reading's terms that raise its score most (up to WHY_TERMS, largest first)."""
    import numpy as np

    positive = shares > 0
    rows, cols, values = counts.rows[positive], counts.cols[positive], shares[positive]
    picked: list[list[str]] = [[] for _ in range(counts.size)]
    if not len(rows):
        return picked
    # One sort: by reading, then by share (largest first) within it.
    order = np.argsort(rows - values / (values.max() * 2), kind="stable")
    rows, cols = rows[order], cols[order]
    position = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    take = position < WHY_TERMS
    names = model.terms
    for row, col in zip(rows[take].tolist(), cols[take].tolist(), strict=True):
        picked[row].append(names[col])
    return picked


def describe(
    picked: list[list[str]], authors: Callable[[int], Sequence[str]], feeds: dict[int, str]
) -> list[str]:
    """Each reading's why in a few words; `authors(i)` gives reading i's author names (asked
    only of readings whose why names an author)."""
    return [
        ", ".join(t if ":" not in t else _term_words(t, authors(i), feeds) for t in chosen)
        if chosen
        else NOTHING_IN_COMMON
        for i, chosen in enumerate(picked)
    ]


def reasons(
    model: Model, counts: Counts, shares: np.ndarray, docs: Sequence[Doc], feeds: dict[int, str]
) -> list[str]:
    """Each reading's why: the terms that raise its score most, in a few words."""
    return describe(top_shares(model, counts, shares), lambda i: docs[i].authors, feeds)


def decide(model: Model, docs: Sequence[Doc], feeds: dict[int, str]) -> tuple[Any, list[str]]:
    """Each reading's decision value under `model`, and why."""
    import numpy as np

    if not docs:
        return np.zeros(0), []
    counts = count_terms(docs, model.vocabulary())
    totals, shares = model.decisions(counts)
    return totals, reasons(model, counts, shares, docs, feeds)


def score_docs(model: Model, docs: Sequence[Doc], feeds: dict[int, str]) -> list[tuple[float, str]]:
    """Each reading's score (0..1) and why, under `model`."""
    totals, whys = decide(model, docs, feeds)
    return _scored(model, totals, whys)


def _scored(model: Model, totals: np.ndarray, whys: list[str]) -> list[tuple[float, str]]:
    scores = model.scores(totals).tolist() if whys else []
    return [(round(float(s), 6), w) for s, w in zip(scores, whys, strict=True)]


def decide_kept(
    db: Database, model: Model, ids: list[int], blobs: Sequence[TermBlobs]
) -> tuple[Any, list[str]]:
    """`decide` for stored readings, from their kept terms (`term_cache`): no word is split
    or looked up again; the authors are read only for the whys that name one."""
    import numpy as np

    if not ids:
        return np.zeros(0), []
    counts = counts_of_blobs(blobs, model)
    totals, shares = model.decisions(counts)
    picked = top_shares(model, counts, shares)
    naming = [ids[i] for i, p in enumerate(picked) if any(t.startswith("by:") for t in p)]
    names = term_cache.authors(db, naming)
    whys = describe(picked, lambda i: names.get(ids[i], ()), _feed_names(db))
    return totals, whys


def _unread_ids(db: Database, unranked_only: bool) -> list[int]:
    marks = ", ".join("?" for _ in UNREAD)
    extra = " AND NOT EXISTS (SELECT 1 FROM ranks r WHERE r.item_id = i.id)"
    sql = f"SELECT i.id FROM items i WHERE i.status IN ({marks})"
    return [int(r[0]) for r in db.execute(sql + (extra if unranked_only else ""), UNREAD)]


def _store(db: Database, model_id: int, ids: list[int], scored: list[tuple[float, str]]) -> None:
    db.conn.executemany(
        "INSERT OR REPLACE INTO ranks (item_id, score, why, model) VALUES (?, ?, ?, ?)",
        [(i, s, w, model_id) for i, (s, w) in zip(ids, scored, strict=True)],
    )


def rank_ids(db: Database, model_id: int, model: Model, ids: list[int]) -> int:
    """Score these readings and store their ranks (inside the caller's transaction)."""
    present, blobs = term_cache.blobs(db, ids)
    totals, whys = decide_kept(db, model, present, blobs)
    _store(db, model_id, present, _scored(model, totals, whys))
    return len(present)


def _rank_after_training(
    db: Database, training: TrainingSet, model: Model, now: datetime
) -> tuple[ModelInfo, int]:
    """Calibrate the new model on the unread readings, store it, and store their ranks."""
    present, blobs = term_cache.blobs(db, _unread_ids(db, unranked_only=False))
    totals, whys = decide_kept(db, model, present, blobs)
    model.calibrate(totals)
    info = _save(db, training, model, now)
    db.execute("DELETE FROM ranks")
    _store(db, info.id, present, _scored(model, totals, whys))
    return info, len(present)


def has_unranked(db: Database) -> bool:
    """Whether a model exists and some unread reading has no rank yet (a cheap look)."""
    if model_info(db) is None:
        return False
    marks = ", ".join("?" for _ in UNREAD)
    row = db.execute(
        f"SELECT 1 FROM items i WHERE i.status IN ({marks})"
        " AND NOT EXISTS (SELECT 1 FROM ranks r WHERE r.item_id = i.id) LIMIT 1",
        UNREAD,
    ).fetchone()
    return row is not None


def rank_unranked(db: Database) -> int:
    """Rank the unread readings that have no rank yet (new arrivals) with the stored model;
    returns how many. Cheap when there are none: numpy is loaded only when there are."""
    if model_info(db) is None:
        return 0
    ids = _unread_ids(db, unranked_only=True)
    if not ids:
        return 0
    stored = stored_model(db)
    if stored is None:
        return 0
    info, model = stored
    with transaction(db):
        return rank_ids(db, info.id, model, ids)


def rank_unread(db: Database) -> int:
    """Rank every unread reading again with the stored model; returns how many."""
    stored = stored_model(db)
    if stored is None:
        return 0
    info, model = stored
    with transaction(db):
        db.execute("DELETE FROM ranks")
        return rank_ids(db, info.id, model, _unread_ids(db, unranked_only=False))


def _save(db: Database, training: TrainingSet, model: Model, now: datetime) -> ModelInfo:
    counts = training.counts
    cursor = db.execute(
        "INSERT INTO rank_model (trained_at, digest, liked, disliked, standins, body)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            to_iso(now),
            training.digest,
            counts["liked"],
            counts["disliked"],
            counts["standins"],
            json.dumps(model.as_json()),
        ],
    )
    model_id = int(cursor.lastrowid or 0)
    db.execute("DELETE FROM rank_model WHERE id != ?", [model_id])
    info = model_info(db)
    assert info is not None
    return info


def top_terms(model: Model, limit: int = 8) -> list[str]:
    """The words the model weighs most toward "liked" (authors and feeds left out)."""
    order = sorted(range(len(model.terms)), key=lambda i: -float(model.weight[i]))
    words = [model.terms[i] for i in order if ":" not in model.terms[i]]
    return [w for w in words[:limit] if w]


def retrain(db: Database, now: datetime, force: bool = False) -> Report:
    """Train a new model when the signals changed (or `force`), then rank every unread
    reading with it; when the model is current, rank only new arrivals."""
    if not force and not is_stale(db):
        return Report(False, model_info(db), rank_unranked(db))
    training = training_set(db)
    if training is None:
        if model_info(db) is not None:  # nothing liked any more: forget the old model
            with transaction(db):
                db.execute("DELETE FROM ranks")
                db.execute("DELETE FROM rank_model")
        return Report(True, None)
    model = fit(training)
    with transaction(db):
        info, ranked = _rank_after_training(db, training, model, now)
    return Report(True, info, ranked, top_terms(model))


def explain(info: ModelInfo | None) -> str:
    """One sentence on what the ranking learned from."""
    if info is None:
        return "Nothing learned yet: read, keep or dismiss a few readings to teach the ranking."
    plural = "s" if info.liked != 1 else ""
    own = f"{info.liked} reading{plural} you liked and {info.disliked} you passed over"
    if info.standins and info.liked == 0:
        return "Learned from your starter track and interests (no signals of your own yet)."
    if info.standins:
        return f"Learned from {own}, helped by your starter track and interests."
    return f"Learned from {own}."


def as_json(info: ModelInfo | None) -> dict[str, Any] | None:
    """The model's description for `--json` output."""
    if info is None:
        return None
    return {
        "trained_at": info.trained_at,
        "liked": info.liked,
        "disliked": info.disliked,
        "standins": info.standins,
    }
