"""What the learned ranking sees of a reading, and how a stored model scores many at once.

A reading is a bag of terms: the words of its title (counted twice) and of the start of its
summary, its authors (`by:…`) and its feed (`feed:…`). The model is TF-IDF (sublinear term
frequency, idf smoothed as scikit-learn does, l2 norm) followed by a linear classifier;
`ranking` fits the classifier with scikit-learn on matrices built here, so training and
scoring read readings the same way. numpy is imported by the functions that need it, never
at module level: `today` and the app's first frame import this package without it.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise, repeat
from typing import TYPE_CHECKING, Any

from curriculum.library.terms import STOPWORDS

if TYPE_CHECKING:
    import numpy as np

_SEPARATOR = "\ue000"  # between readings when many are split at once (never in a text)
SUMMARY_CHARS = 3000  # a long post counts for the start of its summary
MAX_AUTHORS = 8  # a 40-author paper is not 40 times more about its authors
BUCKET_BITS = 20  # a model's term hashes in 2**20 buckets by their top bits (see columns_of)


@dataclass(frozen=True)
class Doc:
    """The fields of a reading that the ranking reads."""

    title: str
    summary: str = ""
    authors: Sequence[str] = ()
    feed_id: int | None = None

    def __post_init__(self) -> None:
        # Author names tidied once (spaces collapsed, empty ones out), so that a term is
        # "by:" and the lower-cased name, worked out the same way one at a time or in bulk.
        tidy = tuple(n for n in (" ".join(str(a).split()) for a in self.authors) if n)
        object.__setattr__(self, "authors", tidy)


def author_term(name: str) -> str:
    """The term for one author (as a Doc holds it): `by:` and the name, lower-cased."""
    return "by:" + name.lower()


def feed_term(feed_id: int) -> str:
    """The term for a feed."""
    return f"feed:{feed_id}"


# Punctuation (ASCII and the common typographic kinds) becomes a space, so that a reading's
# words are what `str.split` returns: a C-speed tokenizer, ~2x faster than a Unicode regex.
_PUNCTUATION = (
    string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7\u2022\u00ab\u00bb"
)
_SPACES = str.maketrans(dict.fromkeys(_PUNCTUATION + _SEPARATOR, " "))


def _title(doc: Doc) -> str:
    """A reading's title, lower-cased, punctuation as spaces."""
    return doc.title.lower().translate(_SPACES)


def _summary(doc: Doc) -> str:
    """The start of a reading's summary, lower-cased, punctuation as spaces."""
    return doc.summary[:SUMMARY_CHARS].lower().translate(_SPACES)


def extra_terms(doc: Doc) -> list[str]:
    """A reading's author and feed terms."""
    found = [author_term(a) for a in doc.authors[:MAX_AUTHORS]]
    if doc.feed_id is not None:
        found.append(feed_term(doc.feed_id))
    return found


def terms(doc: Doc) -> list[str]:
    """Every term of a reading, as often as it occurs (stop words and numbers included: a
    vocabulary never holds them, see `is_topic_word`)."""
    title = _title(doc).split()
    return title + title + _summary(doc).split() + extra_terms(doc)


def is_topic_word(term: str) -> bool:
    """Whether a term may enter a vocabulary: an author or feed, or a word of two or more
    characters that starts with a letter and is not a stop word."""
    if ":" in term:
        return True
    return len(term) > 1 and term[0].isalpha() and term not in STOPWORDS


@dataclass
class Counts:
    """Term counts of many readings: one entry per (reading, term) pair, by reading."""

    rows: np.ndarray  # the reading's position in the batch
    cols: np.ndarray  # the term's column in the vocabulary
    counts: np.ndarray  # how often it occurs
    size: int  # readings in the batch


def split_words(docs: Sequence[Doc], part: Callable[[Doc], str]) -> list[str]:
    """One part of every reading (its title or summary) split into words, in one list, each
    reading's followed by a separator token."""
    return [*f" {_SEPARATOR} ".join(part(d) for d in docs).split(), _SEPARATOR]


def _word_counts(words: list[str], lookup: dict[str, int]) -> tuple[Any, Any]:
    """Each word's reading (by the separators) and column (-1 outside the vocabulary)."""
    import numpy as np

    cols = np.fromiter(map(lookup.get, words, repeat(-1)), dtype=np.int64, count=len(words))
    return _rows(cols), cols


def _rows(cols: np.ndarray) -> np.ndarray:
    """Each word's reading, told by the separators (column -2) that end each reading's."""
    import numpy as np

    ends = np.flatnonzero(cols == -2)  # where each reading's words end
    rows = np.repeat(np.arange(len(ends), dtype=np.int64), np.diff(ends, prepend=-1))
    return rows[: len(cols)]


def count_terms(docs: Sequence[Doc], vocabulary: dict[str, int]) -> Counts:
    """Count the vocabulary's terms in each reading (terms outside it are dropped).

    All the readings' titles, then all their summaries, are split at once and looked up in
    C (`map`, `np.fromiter`); the separator between readings tells them apart, so no Python
    loop runs per word. A title's words count twice.
    """
    import numpy as np

    lookup = {**vocabulary, _SEPARATOR: -2}
    title_rows, title_cols = _word_counts(split_words(docs, _title), lookup)
    rows, cols = _word_counts(split_words(docs, _summary), lookup)
    extra_rows, extra_cols = _count_extras(docs, vocabulary)
    rows = np.concatenate([title_rows, title_rows, rows, extra_rows])  # a title counts twice
    cols = np.concatenate([title_cols, title_cols, cols, extra_cols])
    known = cols >= 0
    width = max(len(vocabulary), 1)
    keys, counts = np.unique(rows[known] * width + cols[known], return_counts=True)
    return Counts(keys // width, keys % width, counts.astype(np.float64), len(docs))


def _count_extras(docs: Sequence[Doc], vocabulary: dict[str, int]) -> tuple[Any, Any]:
    """The rows and columns of every reading's author and feed terms, worked out in bulk:
    all the names lower-cased in one string, looked up in C."""
    import numpy as np

    names = [d.authors[:MAX_AUTHORS] for d in docs]
    counts = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
    joined = "\x1f".join(chain.from_iterable(names)).lower()  # tidy names hold no \x1f
    found = ["by:" + n for n in joined.split("\x1f")] if joined else []
    author_cols = np.fromiter(map(vocabulary.get, found, repeat(-1)), dtype=np.int64)
    author_rows = np.repeat(np.arange(len(docs), dtype=np.int64), counts)
    feeds = [d.feed_id for d in docs]
    known = {f: vocabulary.get(feed_term(f), -1) for f in set(feeds) if f is not None}
    feed_cols = np.fromiter(map(known.get, feeds, repeat(-1)), dtype=np.int64, count=len(feeds))
    rows = np.concatenate([author_rows, np.arange(len(docs), dtype=np.int64)])
    return rows, np.concatenate([author_cols, feed_cols])


@dataclass
class Model:
    """A trained ranking: the vocabulary with each term's idf and weight, and the intercept."""

    terms: list[str]
    idf: np.ndarray
    weight: np.ndarray
    intercept: float
    scale: list[float] = field(default_factory=list)  # decisions at percentiles 0..100

    def calibrate(self, totals: np.ndarray) -> None:
        """Remember where these decisions (the unread readings' at training) fall, so that a
        score says what share of them a reading beats."""
        import numpy as np

        if len(totals):
            self.scale = [round(float(x), 6) for x in np.percentile(totals, range(101))]

    def scores(self, totals: np.ndarray) -> np.ndarray:
        """Decisions as scores from 0 to 1: the share of the unread readings at training that
        a reading beats (the logistic of the decision before any calibration)."""
        import numpy as np

        if self.scale:
            return np.interp(totals, self.scale, np.linspace(0.0, 1.0, len(self.scale)))
        return 1.0 / (1.0 + np.exp(-np.clip(totals, -60, 60)))

    def columns_of(self, hashes: np.ndarray) -> np.ndarray:
        """Each term hash's column (`term_hash`; -1 outside the vocabulary), looked up in
        C: the model's hashes sorted and bucketed by their top bits, so that nearly every
        bucket holds one term and a look-up is two array reads, not a binary search."""
        import numpy as np

        mine = np.fromiter(map(term_hash, self.terms), dtype=np.int64, count=len(self.terms))
        mine = mine.view(np.uint64)
        order = np.argsort(mine, kind="stable")
        known = mine[order]
        if not len(known):
            return np.full(len(hashes), -1, dtype=np.int64)
        wanted = hashes.view(np.uint64)
        shift = np.uint64(64 - BUCKET_BITS)
        sizes = np.bincount((known >> shift).astype(np.int64), minlength=1 << BUCKET_BITS)
        starts = np.concatenate([[0], np.cumsum(sizes)])
        bucket = (wanted >> shift).astype(np.int64)
        at = np.minimum(starts[bucket], len(known) - 1)  # the bucket's first term
        hit = known[at] == wanted
        found = np.where(hit, order[at], -1)
        more = np.flatnonzero((sizes > 1)[bucket] & ~hit)  # a bucket several terms share: rare
        at = np.minimum(np.searchsorted(known, wanted[more]), len(known) - 1)
        hit = known[at] == wanted[more]
        found[more[hit]] = order[at[hit]]
        return found
        wanted = hashes.view(np.uint64)
        shift = np.uint64(64 - BUCKET_BITS)
        sizes = np.bincount((known >> shift).astype(np.int64), minlength=1 << BUCKET_BITS)
        starts = np.concatenate([[0], np.cumsum(sizes)])
        bucket = (wanted >> shift).astype(np.int64)
        first, size = starts[bucket], starts[bucket + 1] - starts[bucket]
        one = np.flatnonzero(size == 1)
        one = one[known[first[one]] == wanted[one]]
        found[one] = order[first[one]]
        more = np.flatnonzero(size > 1)  # a bucket shared by several terms: rare
        at = np.minimum(np.searchsorted(known, wanted[more]), len(known) - 1)
        hit = known[at] == wanted[more]
        found[more[hit]] = order[at[hit]]
        return found

    def vocabulary(self) -> dict[str, int]:
        """Each term's column."""
        return {term: index for index, term in enumerate(self.terms)}

    def tfidf(self, counts: Counts) -> np.ndarray:
        """The l2-normalised TF-IDF value of each (reading, term) pair in `counts`."""
        import numpy as np

        values = (1.0 + np.log(counts.counts)) * self.idf[counts.cols]
        norms = np.sqrt(np.bincount(counts.rows, values * values, minlength=counts.size))
        return values / np.where(norms > 0, norms, 1.0)[counts.rows]

    def decisions(self, counts: Counts) -> tuple[np.ndarray, np.ndarray]:
        """Each reading's linear score, and each (reading, term) pair's share of it."""
        import numpy as np

        shares = self.tfidf(counts) * self.weight[counts.cols]
        totals = np.bincount(counts.rows, shares, minlength=counts.size) + self.intercept
        return totals, shares

    def as_json(self) -> dict[str, Any]:
        """The stored form: parallel lists."""
        return {
            "terms": self.terms,
            "idf": [round(float(x), 6) for x in self.idf],
            "weight": [round(float(x), 6) for x in self.weight],
            "intercept": round(float(self.intercept), 6),
            "scale": self.scale,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        """A model stored by `as_json`."""
        import numpy as np

        return cls(
            terms=[str(t) for t in data["terms"]],
            idf=np.asarray(data["idf"], dtype=np.float64),
            weight=np.asarray(data["weight"], dtype=np.float64),
            intercept=float(data["intercept"]),
            scale=[float(x) for x in data.get("scale", [])],
        )


# --- a reading's terms, kept between rankings ---------------------------------------------
#
# A reading's topic terms (`is_topic_word`) and their counts are worked out once and kept
# (`queue.term_cache`): each term as a stable 64-bit hash, so that what is kept does not
# depend on any vocabulary, and ranking again only looks the hashes up in the model's.

TermBlobs = tuple[bytes, bytes]  # the hashes (little-endian int64) and counts (uint16)
MAX_COUNT = 65_535


def term_hash(term: str) -> int:
    """A term's hash, the same in every process and version (blake2b, 64 bits, signed)."""
    digest = hashlib.blake2b(term.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class _Ids(dict[str, int]):
    """Each word's id, given in order as words are first looked up (in C but for new ones)."""

    def __missing__(self, word: str) -> int:
        self[word] = found = len(self) - 1  # the separator, -2, is the first key
        return found


def count_all(docs: Sequence[Doc]) -> tuple[list[str], Counts]:
    """Every topic term of the readings (`is_topic_word`), in alphabetical order, and each
    reading's counts of them: what `count_terms` gives over that vocabulary, with every word
    split and looked up once (new words numbered as they come, then put in order)."""
    import numpy as np

    ids = _Ids({_SEPARATOR: -2})
    title = np.fromiter(map(ids.__getitem__, split_words(docs, _title)), dtype=np.int64)
    summary = np.fromiter(map(ids.__getitem__, split_words(docs, _summary)), dtype=np.int64)
    extras = [extra_terms(d) for d in docs]
    extra = np.fromiter(map(ids.__getitem__, chain.from_iterable(extras)), dtype=np.int64)
    sizes = np.fromiter(map(len, extras), dtype=np.int64, count=len(extras))
    title_rows = _rows(title)
    rows = np.concatenate(
        [title_rows, title_rows, _rows(summary), np.repeat(np.arange(len(docs)), sizes)]
    )
    cols = np.concatenate([title, title, summary, extra])
    names = list(ids)[1:]  # by id
    order = sorted((i for i, n in enumerate(names) if is_topic_word(n)), key=names.__getitem__)
    place = np.full(len(names) + 2, -1, dtype=np.int64)  # [-2] and [-1]: the separator's
    place[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    cols = place[cols]
    known = cols >= 0
    width = max(len(order), 1)
    keys, counts = np.unique(rows[known] * width + cols[known], return_counts=True)
    found = Counts(keys // width, keys % width, counts.astype(np.float64), len(docs))
    return [names[i] for i in order], found


def term_blobs(docs: Sequence[Doc]) -> list[TermBlobs]:
    """Each reading's topic terms (hashed) and how often each occurs, as two blobs, each
    reading's terms in alphabetical order (as a model's columns are: ties keep that order)."""
    import numpy as np

    names, counts = count_all(docs)
    hashes = np.fromiter(map(term_hash, names), dtype=np.int64, count=len(names))
    keep = hashes[counts.cols].astype("<i8")
    values = np.minimum(counts.counts, MAX_COUNT).astype("<u2")
    bounds = np.searchsorted(counts.rows, np.arange(len(docs) + 1)).tolist()
    return [(keep[a:b].tobytes(), values[a:b].tobytes()) for a, b in pairwise(bounds)]


def counts_of_blobs(blobs: Sequence[TermBlobs], model: Model) -> Counts:
    """The model's terms counted in each reading, from the readings' kept blobs."""
    import numpy as np

    sizes = np.fromiter((len(c) // 2 for _, c in blobs), dtype=np.int64, count=len(blobs))
    hashes = np.frombuffer(b"".join(h for h, _ in blobs), dtype="<i8")
    counts = np.frombuffer(b"".join(c for _, c in blobs), dtype="<u2")
    rows = np.repeat(np.arange(len(blobs), dtype=np.int64), sizes)
    cols = model.columns_of(hashes)
    hit = cols >= 0
    return Counts(rows[hit], cols[hit], counts[hit].astype(np.float64), len(blobs))
