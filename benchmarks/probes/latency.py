"""In-app latencies on a home: search keystrokes, review ratings, due queries, under Pilot.

`python -m benchmarks.probes.latency KIND HOME [COUNT]` prints a JSON list of milliseconds.

- `search` types queries into the Library's search box one character at a time (setting the
  box's value, as the key does) and measures each to the repainted list. The 0.15 s typing
  pause is the screen's choice, not work, so the reload it would run is called at once.
- `review` reveals each card and measures the rating key to the next card painted.
- Both count the process's CPU time: Pilot waits for idleness with short sleeps, which would
  otherwise be counted as the app's latency.
- `due` times the due-card counts of Today and the Review header; `session` the building of
  a review session's queue.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from curriculum.library.home import open_home

QUERIES = ("interpretability", "reward model", "sparse autoencoder", "deception")


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _cpu_ms(start: float) -> float:
    """CPU milliseconds since `start`: the app's work, without Pilot's idle-waiting sleeps."""
    return (time.process_time() - start) * 1000


async def search(home: Path, count: int) -> list[float]:
    """Per-keystroke latency of the Library search."""
    from textual.widgets import Input

    from tui.app import CurriculumApp

    db = open_home(home)
    app = CurriculumApp(db, start="library")
    samples: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#library-search", Input)
        box.focus()
        await pilot.pause()
        for query in QUERIES[: max(count, 1)]:
            for end in range(1, len(query) + 1):
                start = time.process_time()
                box.value = query[:end]  # what the key does to the box
                screen.reload()  # type: ignore[attr-defined]
                await pilot.pause()
                samples.append(_cpu_ms(start))
    db.close()
    return samples


async def review(home: Path, count: int) -> list[float]:
    """Rating key to the next card shown."""
    from tui.app import CurriculumApp

    db = open_home(home)
    app = CurriculumApp(db, start="review")
    samples: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(count):
            if getattr(app.screen, "card", None) is None:
                break
            await pilot.press("space")
            start = time.process_time()
            await pilot.press("3")
            await pilot.pause()
            samples.append(_cpu_ms(start))
    db.close()
    return samples


def _timed(call: Callable[[], object], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        samples.append(_ms(start))
    return samples


def due(home: Path, count: int) -> list[float]:
    """The due-card counts (Today's 'cards due', the Review header)."""
    from curriculum.cards import session

    db = open_home(home)
    now = datetime.now(UTC)
    session.due_counts(db, now)  # warm the page cache, as an open app has it
    return _timed(lambda: session.due_counts(db, now), count)


def session_start(home: Path, count: int) -> list[float]:
    """Building a review session's queue (today's due reviews in order, within the limits)."""
    from curriculum.cards import session

    db = open_home(home)
    now = datetime.now(UTC)
    session.Session.start(db, now)
    return _timed(lambda: session.Session.start(db, now), count)


def main(argv: list[str]) -> None:
    """Run one probe and print its samples as JSON."""
    kind, home = argv[0], Path(argv[1])
    count = int(argv[2]) if len(argv) > 2 else 20
    if kind == "search":
        samples = asyncio.run(search(home, count))
    elif kind == "review":
        samples = asyncio.run(review(home, count))
    elif kind == "due":
        samples = due(home, count)
    elif kind == "session":
        samples = session_start(home, count)
    else:
        raise SystemExit(f"unknown probe {kind!r}")
    print(json.dumps(samples))


if __name__ == "__main__":
    main(sys.argv[1:])
