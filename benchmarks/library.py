"""A large library in the JSON export format (version 1), loaded with `curriculum import`.

The default shape is the issue's: 20,000 readings over 100 feeds, 20,000 cards with 200,000
reviews. Cards carry their stored scheduling state (as a real export does), spread so that a
few hundred are due on the day of the run. Everything is drawn from a seeded generator, so
the same arguments give the same file.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from curriculum.clock import to_iso

_VOCABULARY = (
    "alignment interpretability reward model oversight debate agent policy gradient "
    "deception corrigibility scaling transformer circuit feature probe sparse autoencoder "
    "evaluation benchmark red teaming jailbreak honesty truthful language preference "
    "learning human feedback constitution governance compute forecasting risk safety "
    "mesa optimizer inner outer goal misgeneralisation specification gaming power seeking "
    "situational awareness sandbagging control monitoring elicitation latent knowledge "
    "superposition attention head residual stream activation steering vector"
)
WORDS = _VOCABULARY.split()


@dataclass(frozen=True)
class Shape:
    """How big a library to make."""

    items: int = 20_000
    feeds: int = 100
    cards: int = 20_000
    reviews: int = 200_000  # spread over the review cards (every tenth card is new)
    read_share: float = 0.25


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def _feed(n: int) -> dict[str, object]:
    return {
        "id": n + 1,
        "name": f"Bench feed {n + 1:03d}",
        "url": f"https://feed{n + 1:03d}.bench.invalid/feed.xml",
        "site_url": f"https://feed{n + 1:03d}.bench.invalid/",
        "tags": ["bench", "papers" if n % 4 == 0 else "blogs"],
        "priority": 0,
        "include": [],
        "exclude": [],
    }


def _item(rng: random.Random, n: int, shape: Shape, now: datetime) -> dict[str, object]:
    feed = n % shape.feeds + 1
    published = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
    read = n < shape.items * shape.read_share
    paper = n % 10 == 0
    return {
        "id": n + 1,
        "feed_id": feed,
        "title": _words(rng, rng.randint(4, 10)).capitalize(),
        "url": f"https://feed{feed:03d}.bench.invalid/posts/{n + 1}",
        "arxiv_id": f"{2300 + n // 90_000}.{n % 90_000 + 10_000:05d}" if paper else None,
        "authors": [_words(rng, 2).title() for _ in range(rng.randint(1, 3))],
        "published": to_iso(published),
        "summary": _words(rng, rng.randint(30, 90)).capitalize() + ".",
        "minutes": 30 if paper else rng.randint(3, 40),
        "status": "read" if read else "inbox",
        "read_at": to_iso(published + timedelta(days=1)) if read else None,
        "tags": [],
    }


def _reviews(rng: random.Random, count: int, end: datetime) -> list[dict[str, object]]:
    """`count` reviews with growing intervals, the last one before `end`."""
    ratings = rng.choices((1, 2, 3, 4), weights=(8, 12, 70, 10), k=count)
    gaps, interval = [], 1.0
    for rating in ratings:
        gaps.append(timedelta(days=interval, minutes=rng.randrange(600)))
        interval = 1.0 if rating == 1 else min(interval * (1.4 if rating == 2 else 2.5), 90.0)
    moment = end - sum(gaps, timedelta()) - timedelta(days=rng.uniform(0, 30))
    reviews = []
    for rating, gap in zip(ratings, gaps, strict=True):
        reviews.append(
            {
                "rating": rating,
                "reviewed_at": to_iso(moment),
                "duration_ms": rng.randint(2_000, 30_000),
            }
        )
        moment += gap
    return reviews


def _state(rng: random.Random, n: int, log: list[dict[str, object]], now: datetime) -> dict:
    """The card's stored scheduling state: every tenth card new, the rest in review."""
    if n % 10 == 9:
        return {"state": "new", "step": None, "stability": None, "difficulty": None,
                "due": to_iso(now), "last_review": None, "reps": 0, "lapses": 0}  # fmt: skip
    last = log[-1]["reviewed_at"] if log else to_iso(now - timedelta(days=rng.uniform(1, 200)))
    due = to_iso(now + timedelta(days=rng.uniform(-20, 400)))
    return {
        "state": "review",
        "step": None,
        "stability": round(rng.uniform(1, 300), 3),
        "difficulty": round(rng.uniform(1, 10), 3),
        "due": max(due, str(last)),  # a card is never due before its last review (import checks)
        "last_review": last,
        "reps": max(len(log), 1),
        "lapses": sum(1 for r in log if r["rating"] == 1),
    }


def _review_count(shape: Shape, n: int) -> int:
    """How many reviews the n-th card gets, so the library has exactly `shape.reviews`."""
    review_cards = shape.cards - shape.cards // 10
    each, extra = divmod(shape.reviews, max(review_cards, 1))
    return each + (1 if n - (n + 1) // 10 < extra else 0)


def _card(rng: random.Random, n: int, shape: Shape, now: datetime) -> dict[str, object]:
    read_items = max(int(shape.items * shape.read_share), 1)
    log = _reviews(rng, _review_count(shape, n), now) if n % 10 != 9 else []
    return {
        "id": n + 1,
        "item_id": n % read_items + 1,
        "kind": "basic",
        "front": f"Card {n + 1}: what is the key idea of {_words(rng, 5)}?",
        "back": _words(rng, rng.randint(8, 30)),
        "tags": [rng.choice(WORDS)],
        "suspended": False,
        **_state(rng, n, log, now),
        "reviews": log,
    }


def _chunks(shape: Shape, now: datetime, seed: int) -> Iterator[str]:
    """The document, as JSON text pieces (cards streamed, so a million fit in memory)."""
    rng = random.Random(seed)
    head = {
        "version": 1,
        "exported_at": to_iso(now),
        "settings": {"fetch.on_start": False},
        "feeds": [_feed(n) for n in range(shape.feeds)],
        "tracks": [],
        "items": [_item(rng, n, shape, now) for n in range(shape.items)],
    }
    yield json.dumps(head)[:-1] + ', "cards": ['
    for n in range(shape.cards):
        yield ("," if n else "") + json.dumps(_card(rng, n, shape, now))
    yield "]}"


def write(path: Path, shape: Shape, now: datetime, seed: int = 8) -> Path:
    """Write a generated export to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for chunk in _chunks(shape, now, seed):
            out.write(chunk)
    return path
