"""What the learned ranking sees of a reading, and how a stored model scores many at once.

A reading is a bag of terms: the words of its title (counted twice) and of the start of its
summary, its authors (`by:…`) and its feed (`feed:…`). The model is TF-IDF (sublinear term
frequency, idf smoothed as scikit-learn does, l2 norm) followed by a linear classifier;
`ranking` fits the classifier with scikit-learn on matrices built here, so training and
scoring read readings the same way. numpy is imported by the functions that need it, never
at module level: `today` and the app's first frame import this package without it.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

from curriculum.library.terms import STOPWORDS

if TYPE_CHECKING:
    import numpy as np

_SEPARATOR = "\ue000"  # between readings when many are split at once (never in a text)
SUMMARY_CHARS = 3000  # a long post counts for the start of its summary
MAX_AUTHORS = 8  # a 40-author paper is not 40 times more about its authors


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


def distinct_words(docs: Sequence[Doc]) -> set[str]:
    """Every word that occurs in the readings' titles and summaries."""
    return set(split_words(docs, _title)).union(split_words(docs, _summary))


def _word_counts(words: list[str], lookup: dict[str, int]) -> tuple[Any, Any]:
    """Each word's reading (by the separators) and column (-1 outside the vocabulary)."""
    import numpy as np

    cols = np.fromiter(map(lookup.get, words, repeat(-1)), dtype=np.int64, count=len(words))
    ends = np.flatnonzero(cols == -2)  # where each reading's words end
    rows = np.repeat(np.arange(len(ends), dtype=np.int64), np.diff(ends, prepend=-1))
    return rows[: len(cols)], cols


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
