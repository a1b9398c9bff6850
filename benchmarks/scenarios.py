"""The measurements of issue 8, each returning a `Result` (medians, ratio, target)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import homes, newsboat, responsiveness
from benchmarks.feedserver import _Server
from benchmarks.probes.bare_app import MARKER
from benchmarks.timing import Command, Samples, alternate, environment, repeat
from benchmarks.tty import TtyCommand, repeat_frames

TODAY_MARKER = "streak"  # Today's summary line, drawn once the day's data is loaded


def curriculum_argv() -> list[str]:
    """The installed console script (as a person runs it), else the module."""
    script = Path(sys.executable).parent / "curriculum"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.launcher"]


@dataclass
class Result:
    """One line of BENCHMARKS.md."""

    what: str
    ours: float
    unit: str
    limit: float
    reference: float | None = None
    reference_name: str = ""
    ratio_target: bool = True  # the limit is a ratio to the reference, else absolute
    samples: list[float] = field(default_factory=list)
    reference_samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Ours over the reference."""
        if self.reference is None or self.reference <= 0:
            return None
        return self.ours / self.reference

    @property
    def met(self) -> bool | None:
        """Whether the target was met (None when the reference is missing)."""
        if not self.ratio_target:
            return None if self.limit == float("inf") else self.ours <= self.limit
        return None if self.ratio is None else self.ratio <= self.limit


@dataclass
class Bench:
    """Everything the scenarios share: folders, the feed server, homes, the run count."""

    out: Path
    runs: int
    server: _Server
    urls: list[str]
    large: Path
    million: Path
    smoke: bool = False
    reference: newsboat.Newsboat | None = None
    feeds_template: Path | None = None
    warm_home: Path | None = None

    def path(self, name: str) -> Path:
        """A scratch path in the output folder."""
        return self.out / name


def _pair(
    what: str,
    ours: Samples,
    theirs: Samples,
    reference_name: str,
    limit: float,
    unit: str = "s",
) -> Result:
    return Result(
        what,
        ours.median,
        unit,
        limit,
        reference=theirs.median if theirs.seconds else None,  # no newsboat: no ratio
        reference_name=reference_name,
        samples=ours.seconds,
        reference_samples=theirs.seconds,
    )


def _ours_only(what: str, ours: Samples, limit: float, unit: str = "s") -> Result:
    return Result(what, ours.median, unit, limit, ratio_target=False, samples=ours.seconds)


def _fetch(bench: Bench, home: Path) -> Command:
    return Command([*curriculum_argv(), "--home", str(home), "fetch"])


def _compare(bench: Bench, ours: Command, theirs: Command | None) -> tuple[Samples, Samples]:
    if theirs is None:
        return repeat(ours, bench.runs), Samples()
    return alternate(ours, theirs, bench.runs)


def cold_import(bench: Bench) -> Result:
    """Every feed fetched and stored into an empty home vs newsboat's reload into no cache."""
    assert bench.feeds_template is not None
    work = bench.path("cold-home")
    ours = Command(
        _fetch(bench, work).argv, prepare=lambda: homes.copy_home(bench.feeds_template, work)
    )
    theirs = bench.reference.cold_reload() if bench.reference else None
    mine, other = _compare(bench, ours, theirs)
    return _pair(
        f"cold import of the {len(bench.urls)} feeds", mine, other, "newsboat -x reload", 2.0
    )


def warm_up(bench: Bench) -> None:
    """Homes that have fetched every feed, and send validators (both programs)."""
    assert bench.feeds_template is not None
    bench.warm_home = homes.copy_home(bench.feeds_template, bench.path("warm-home"))
    for _ in range(2):
        homes.curriculum(bench.warm_home, "fetch")
    if bench.reference is not None:
        bench.reference.warm()


def refresh(bench: Bench, latency: float = 0.0) -> Result:
    """A refresh where every feed answers 304 Not Modified (optionally each one slow)."""
    if bench.warm_home is None:
        warm_up(bench)
    assert bench.warm_home is not None
    bench.server.latency = latency
    try:
        theirs = bench.reference.reload() if bench.reference else None
        mine, other = _compare(bench, _fetch(bench, bench.warm_home), theirs)
    finally:
        bench.server.latency = 0.0
    if latency:
        what, limit = f"refresh, {latency * 1000:g} ms added to every response", 1.0
    else:
        what, limit = "refresh when every feed answers 304", 1.5
    return _pair(what, mine, other, "newsboat -x reload", limit)


def today_json(bench: Bench) -> Result:
    """`curriculum today --json` on the large library vs `newsboat -x print-unread`."""
    if bench.warm_home is None:
        warm_up(bench)
    ours = Command([*curriculum_argv(), "--home", str(bench.large), "today", "--json"])
    theirs = bench.reference.print_unread() if bench.reference else None
    mine, other = _compare(bench, ours, theirs)
    return _pair("`today --json`, large library", mine, other, "newsboat -x print-unread", 1.5)


def first_frames(bench: Bench) -> list[Result]:
    """The TUI's first frame of Today (large and empty library) and a bare Textual app."""
    empty = homes.empty_home(bench.path("empty-home"))
    app = curriculum_argv()
    large, bare_app, fresh = repeat_frames(
        [
            TtyCommand([*app, "--home", str(bench.large)], TODAY_MARKER),
            TtyCommand([sys.executable, "-m", "benchmarks.probes.bare_app"], MARKER),
            TtyCommand([*app, "--home", str(empty)], TODAY_MARKER),
        ],
        bench.runs,
    )
    memory = Result(
        "peak memory of the TUI, large library",
        large.median_kb / 1024,
        "MB",
        1.5,
        reference=bare_app.median_kb / 1024,
        reference_name="bare Textual app",
        samples=[kb / 1024 for kb in large.peak_kb],
        reference_samples=[kb / 1024 for kb in bare_app.peak_kb],
    )
    return [
        _pair("TUI first frame of Today, large library", large, fresh, "empty library", 1.3),
        _pair("TUI first frame of Today, large library", large, bare_app, "bare Textual app", 2.0),
        memory,
    ]


def _probe(kind: str, home: Path, count: int) -> list[float]:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.probes.latency", kind, str(home), str(count)],
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the {kind} probe failed: {result.stderr[-800:]}")
    samples: list[float] = json.loads(result.stdout)
    if not samples:
        raise RuntimeError(f"the {kind} probe measured nothing")
    return samples


def _latency(what: str, samples: list[float], limit: float, note: str = "") -> Result:
    return Result(
        what,
        statistics.median(samples),
        "ms",
        limit,
        ratio_target=False,
        samples=samples,
        note=note,
    )


def search(bench: Bench) -> Result:
    """Library search as you type, per keystroke."""
    samples = _probe("search", bench.large, 1 if bench.smoke else 4)
    return _latency(
        "Library search as you type, per keystroke", samples, 50, f"max {max(samples):.0f} ms"
    )


def review(bench: Bench) -> Result:
    """Rating a card to the next card shown."""
    home = homes.copy_home(bench.large, bench.path("review-home"))
    samples = _probe("review", home, 3 if bench.smoke else 40)
    return _latency("Review: rating to next card shown", samples, 16, f"max {max(samples):.0f} ms")


def due_query(bench: Bench) -> list[Result]:
    """The due-card counts, and a review session's queue, at a million cards."""
    counts = _probe("due", bench.million, 5 if bench.smoke else 50)
    start = _probe("session", bench.million, 2 if bench.smoke else 5)
    return [
        _latency("due-card query (Today's and Review's counts)", counts, 5),
        _latency(
            "review session start (today's due cards in order)",
            start,
            float("inf"),
            "no target; for reference",
        ),
    ]


def responsive(bench: Bench) -> list[Result]:
    """Key-to-screen latency in an 80×24 terminal while the app refreshes the 100 feeds (its
    launch refresh of a home that has fetched none), side by side with the idle app."""
    assert bench.feeds_template is not None
    if bench.warm_home is None:
        warm_up(bench)
    assert bench.warm_home is not None
    latencies = responsiveness.Latencies()
    app = curriculum_argv()
    for _ in range(bench.runs):
        work = homes.copy_home(bench.feeds_template, bench.path("refreshing-home"))
        homes.set_setting(work, "fetch.on_start", "true")
        responsiveness.measure([*app, "--home", str(work)], latencies, True, 0)
        idle = [*app, "--home", str(bench.warm_home)]
        responsiveness.measure(idle, latencies, False, 1 if bench.smoke else 4)
    return [
        _p95("key → screen (`f`, `t`) while 100 feeds refresh", latencies, "switch", 100),
        _p95("Today → Reader (`enter`) while 100 feeds refresh", latencies, "reader", 200),
    ]


def _p95(what: str, latencies: responsiveness.Latencies, kind: str, limit: float) -> Result:
    during, idle = latencies.during.get(kind, []), latencies.idle.get(kind, [])
    if not during:
        raise RuntimeError(f"no {kind} step was timed during a refresh")
    p95 = responsiveness.percentile
    return Result(
        what + ", p95",
        p95(during, 0.95),
        "ms",
        limit,
        reference=p95(idle, 0.95) if idle else None,
        reference_name="idle",
        ratio_target=False,
        samples=during,
        reference_samples=idle,
        note=f"median {statistics.median(during):.0f} ms during, "
        + (f"{statistics.median(idle):.0f} ms idle; " if idle else "")
        + f"max {max(during):.0f} ms during; {len(during)} steps during",
    )


def optimize(bench: Bench) -> Result:
    """`curriculum optimize` on the large library's review log."""
    ours = Command([*curriculum_argv(), "--home", str(bench.large), "optimize", "--json"])
    return _ours_only("`curriculum optimize` on the review log", repeat(ours, bench.runs), 2.0)


def learned_ranking(bench: Bench) -> list[Result]:
    """The learned ranking: ranking 20,000 unread readings, retraining on 5,000 labelled."""
    from benchmarks import ranking

    return ranking.results(bench)


def reader(bench: Bench) -> list[Result]:
    """Opening a 1 MB article and a 6 MB reading in the Reader (see `benchmarks.reading`)."""
    from benchmarks.reading import measure_reader

    found = measure_reader(bench.out, bench.runs, smoke=bench.smoke)
    return [
        _latency("Reader: first paint of a 1 MB article", found["1MB first_paint"], 300),
        _latency(
            "Reader: a 6 MB reading, first paint",
            found["6MB first_paint"],
            float("inf"),
            "no target; all of it shown after a median of "
            f"{statistics.median(found['6MB loaded']):.0f} ms",
        ),
    ]


SCENARIOS: dict[str, Callable[[Bench], Result | list[Result]]] = {
    "cold": cold_import,
    "refresh": refresh,
    "latency": lambda bench: refresh(bench, 0.1),
    "today": today_json,
    "tui": first_frames,
    "search": search,
    "review": review,
    "due": due_query,
    "optimize": optimize,
    "ranking": learned_ranking,
    "reader": reader,
    "responsive": responsive,
}
