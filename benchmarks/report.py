"""The results section of BENCHMARKS.md: machine, versions, medians, ratios, targets."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from benchmarks import newsboat
from benchmarks.scenarios import Result

BEGIN = "<!-- results: written by `python -m benchmarks`; edit outside these markers -->"
END = "<!-- end of results -->"
PACKAGES = ("textual", "feedparser", "httpx", "sqlite-utils", "fsrs", "fsrs-rs-python")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return "?"
    return f"{pages / 2**30:.0f} GiB"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_lines(load_before: str, load_after: str) -> list[str]:
    """What the numbers were measured on."""
    from curriculum import __version__

    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    reference = newsboat.version() if newsboat.available() else "newsboat: not installed"
    return [
        f"- when: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {_cpu()}, {os.cpu_count()} cores, {_memory_gib()}, {platform.platform()}",
        f"- load average (1, 5, 15 min) before: {load_before}; after: {load_after}",
        f"- Curriculum {__version__}, Python {sys.version.split()[0]}, "
        f"SQLite {sqlite3.sqlite_version}",
        f"- {versions}",
        f"- reference: {reference}",
    ]


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    return f"{value:.1f} {unit}"


def _row(result: Result) -> str:
    if result.ratio_target:
        target = f"≤ {result.limit:g}× {result.reference_name}"
        ratio = f"{result.ratio:.2f}×" if result.ratio is not None else "–"
    else:
        target = "–" if result.limit == float("inf") else f"≤ {_number(result.limit, result.unit)}"
        ratio = "–"
    met = {True: "yes", False: "**no**", None: "–"}[result.met]
    reference = _number(result.reference, result.unit)
    if result.reference is not None and not result.ratio_target:
        reference += f" ({result.reference_name})"
    cells = [result.what, _number(result.ours, result.unit), reference, ratio, target, met]
    return "| " + " | ".join(cells) + " |"


def _samples(result: Result) -> str:
    ours = ", ".join(f"{x:.3g}" for x in result.samples[:50])
    line = f"- {result.what}: {ours}"
    if result.reference_samples:
        theirs = ", ".join(f"{x:.3g}" for x in result.reference_samples)
        line += f" — {result.reference_name}: {theirs}"
    return line + (f" ({result.note})" if result.note else "")


def results_section(results: Sequence[Result], runs: int, machine: list[str]) -> str:
    """The generated part of BENCHMARKS.md."""
    lines = [
        BEGIN,
        "",
        f"Medians of {runs} whole-process runs per program, alternating (latencies: the median",
        "of every keystroke or rating).",
        "",
        "| what | Curriculum | reference | ratio | target | met |",
        "|---|---|---|---|---|---|",
        *[_row(r) for r in results],
        "",
        "Machine and versions:",
        "",
        *machine,
        "",
        "<details><summary>Every sample</summary>",
        "",
        *[_samples(r) for r in results],
        "",
        "</details>",
        "",
        END,
    ]
    return "\n".join(lines)


def write(path: Path, section: str) -> None:
    """Replace the results section of `path` (or create the file around it)."""
    text = path.read_text() if path.exists() else "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)
