"""`python -m benchmarks`: every measurement of issue 8, side by side with newsboat.

    .venv/bin/python -m benchmarks [--runs N] [--only NAME…] [--smoke] [--out FILE]

Builds the 100-feed corpus and serves it on 127.0.0.1, makes the libraries (cached in
`benchmarks/out/`), times both programs alternately, prints the table and writes it into
BENCHMARKS.md (between its results markers).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks import corpus, homes, library, newsboat, report
from benchmarks.feedserver import serve
from benchmarks.scenarios import SCENARIOS, Bench, Result

ROOT = Path(__file__).resolve().parent
LARGE = library.Shape()
MILLION = library.Shape(cards=1_000_000, reviews=0)
SMOKE_LARGE = library.Shape(items=300, feeds=5, cards=200, reviews=600)
SMOKE_MILLION = library.Shape(items=50, feeds=2, cards=2_000, reviews=0)


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The harness's command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per program (default 5)")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), metavar="NAME")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run: does it work")
    parser.add_argument("--out", type=Path, default=ROOT / "out", help="scratch folder")
    parser.add_argument("--report", type=Path, help="file to write (default: BENCHMARKS.md)")
    return parser.parse_args(argv)


def prepare(out: Path, smoke: bool, urls: list[str], server: object, runs: int) -> Bench:
    """The homes every scenario needs."""
    large = homes.large_home(out / "large-home", SMOKE_LARGE if smoke else LARGE)
    million = homes.large_home(out / "million-home", SMOKE_MILLION if smoke else MILLION)
    bench = Bench(out, runs, server, urls, large, million, smoke=smoke)  # type: ignore[arg-type]
    bench.feeds_template = homes.feed_home(out / "feeds-template", urls)
    if newsboat.available():
        bench.reference = newsboat.Newsboat(out / "newsboat", urls)
    return bench


def run(args: argparse.Namespace) -> list[Result]:
    """Every chosen scenario, in order; returns their results."""
    out: Path = args.out / ("smoke" if args.smoke else "full")
    files = corpus.build(out / "corpus", 3 if args.smoke else 100)
    names = args.only or list(SCENARIOS)
    results: list[Result] = []
    with serve(out / "corpus") as (base, server):
        urls = [f"{base}/{f.name}" for f in files]
        bench = prepare(out, args.smoke, urls, server, 1 if args.smoke else args.runs)
        for name in names:
            print(f"… {name}", file=sys.stderr, flush=True)
            found = SCENARIOS[name](bench)
            results.extend(found if isinstance(found, list) else [found])
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run, print and write the report."""
    args = parse(argv)
    before = _load()
    results = run(args)
    runs = 1 if args.smoke else args.runs
    section = report.results_section(results, runs, report.machine_lines(before, _load()))
    print(section)
    target = args.report or (None if args.smoke else ROOT.parent / "BENCHMARKS.md")
    if target is not None:
        report.write(target, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
