"""The stats report in words: lines and sparklines for `stats`, phrases for the TUI."""

from __future__ import annotations

from typing import Any

from curriculum.text import clean_line, plural

BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """Values as one line of block characters (blank for zero)."""
    peak = max(values, default=0)
    if peak <= 0:
        return "·" * len(values)
    return "".join(BARS[0 if v <= 0 else max(1, round(8 * v / peak))] for v in values)


def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash."""
    return "—" if value is None else f"{round(100 * value)}%"


def target_text(target: dict[str, Any]) -> str:
    """The daily target in words: every enabled part must be reached."""
    parts = []
    if target["items"]:
        parts.append(f"{target['items']} reading{'s' if target['items'] != 1 else ''}")
    if target["minutes"]:
        parts.append(f"{target['minutes']} min")
    return (" and ".join(parts) or "any reading") + " a day"


def reading_lines(reading: dict[str, Any]) -> list[str]:
    """Totals, streak, targets and the last 30 days of readings."""
    last30 = [c["items"] for c in reading["calendar"][-30:]]
    streak, target = reading["streak"], reading["target"]
    return [
        f"Readings: {reading['total']['items']} ({reading['total']['minutes']} min) · "
        f"streak {plural(streak['current'], 'day')} (longest {streak['longest']})",
        f"Target ({target_text(target)}) met on {target['met_last_30']} of the last 30 days",
        f"  last 30 days  {sparkline(last30)}",
    ]


def review_lines(reviews: dict[str, Any]) -> list[str]:
    """Reviews per day, true retention, forecast and cards by state."""
    tr = reviews["true_retention"]
    states = " · ".join(f"{k} {v}" for k, v in reviews["by_state"].items())
    per_day = [d["count"] for d in reviews["per_day"]]
    forecast = [d["due"] for d in reviews["forecast"]]
    return [
        f"Reviews, last 30 days: {sum(per_day)}  {sparkline(per_day)}",
        f"True retention: {percent(tr['value'])} of {plural(tr['reviews'], 'review')} "
        f"(desired {percent(tr['desired'])})",
        f"Due, next 30 days: {sum(forecast)}  {sparkline(forecast)}",
        f"Cards: {states}",
    ]


def finish_text(track: dict[str, Any]) -> str:
    """When a track will be done, at the real pace and as planned."""
    if track["read"] >= track["total"]:
        return "done"
    if not track["active"]:
        return "paused"
    expected = track["expected_finish"] or "no pace yet"
    planned = track["planned_finish"] or "—"
    return f"done at your pace: {expected} · as planned: {planned}"


def track_lines(tracks: list[dict[str, Any]]) -> list[str]:
    """One line per track."""
    lines = []
    for t in tracks:
        finish = finish_text(t)
        lines.append(f"  {clean_line(t['name'], 50)}: {t['read']}/{t['total']} read · {finish}")
    return ["Tracks:", *lines] if lines else []


def concept_lines(concepts: list[dict[str, Any]], limit: int = 12) -> list[str]:
    """The weakest concepts first."""
    lines = [
        f"  {'!' if c['weak'] else ' '} {clean_line(c['tag'], 30):<30} {c['readings']:>4} read "
        f"{c['cards']:>4} cards  recall {percent(c['recall'])}"
        for c in concepts[:limit]
    ]
    return ["Model of AI safety (weakest first, ! = weak):", *lines] if lines else []


def render(data: dict[str, Any]) -> list[str]:
    """The whole report as lines."""
    return [
        f"Stats for {data['today']}",
        *reading_lines(data["reading"]),
        *review_lines(data["reviews"]),
        *track_lines(data["tracks"]),
        *concept_lines(data["concepts"]),
    ]
