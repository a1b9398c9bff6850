"""The stats report in words: lines and sparklines for `stats`, phrases for the TUI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from curriculum.progress.plans_text import calibration_lines, speed_line, week_text
from curriculum.queue.forecast import PACE_WINDOW_DAYS, UNKNOWN_PACE, pace_note
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
        f"Weekly goal: {week_text(reading['week'])}",
        f"  last 30 days  {sparkline(last30)}",
    ]


def retention_details(tr: dict[str, Any]) -> str:
    """What true retention counts: passed reviews of cards in review state, and the target."""
    desired = f"desired {percent(tr['desired'])}"
    if not tr["reviews"]:
        return f"no reviews of cards in review state; {desired}"
    reviews = plural(tr["reviews"], "review")
    return f"{tr['passed']} of {reviews} of cards in review state passed; {desired}"


def retention_text(tr: dict[str, Any]) -> str:
    """True retention with what it counts (over the reviews chart's 30 days)."""
    return f"{percent(tr['value'])} ({retention_details(tr)})"


def review_lines(reviews: dict[str, Any]) -> list[str]:
    """Reviews per day, true retention (same 30 days), forecast and cards by state."""
    states = " · ".join(f"{k} {v}" for k, v in reviews["by_state"].items())
    per_day = [d["count"] for d in reviews["per_day"]]
    forecast = [d["due"] for d in reviews["forecast"]]
    return [
        f"Reviews, last 30 days: {sum(per_day)}  {sparkline(per_day)}",
        f"True retention, last 30 days: {retention_text(reviews['true_retention'])}",
        f"Due, next 30 days: {sum(forecast)}  {sparkline(forecast)}",
        f"Cards: {states}",
    ]


def iso_date(day: str) -> str:
    """The command line's date style: ISO, as stored."""
    return day


def finish_text(track: dict[str, Any], when: Callable[[str], str] = iso_date) -> str:
    """When a track will be done, at the real pace and as planned (dates written by `when`)."""
    if track["read"] >= track["total"]:
        return "done"
    if not track["active"]:
        return "paused"
    expected = when(track["expected_finish"]) if track["expected_finish"] else UNKNOWN_PACE
    note = pace_note(track.get("pace_days", PACE_WINDOW_DAYS))
    planned = when(track["planned_finish"]) if track["planned_finish"] else "no target set"
    text = f"at your pace: {expected}{f' ({note})' if note else ''} · as planned: {planned}"
    if track.get("overrun_finish"):
        overrun_finish = when(track["overrun_finish"])
        text += f" (at your plans' {track['overrun']:.1f}× overrun: {overrun_finish})"
    return text


def track_lines(tracks: list[dict[str, Any]]) -> list[str]:
    """One line per track."""
    lines = []
    for t in tracks:
        finish = finish_text(t)
        lines.append(f"  {clean_line(t['name'], 50)}: {t['read']}/{t['total']} read · {finish}")
    return ["Tracks:", *lines] if lines else []


def concept_lines(concepts: list[dict[str, Any]], limit: int = 12) -> list[str]:
    """The weakest concepts first, in the columns the Stats screen shows."""
    lines = [
        f"  {'!' if c['weak'] else ' '} {clean_line(c['tag'], 30):<30} {c['readings']:>5}"
        f" {c['cards']:>6}  {percent(c['recall']):>6}"
        for c in concepts[:limit]
    ]
    header = f"    {'concept':<30} {'read':>5} {'cards':>6}  {'recall':>6}"
    return ["Model of AI safety (weakest first, ! = weak):", header, *lines] if lines else []


def render(data: dict[str, Any]) -> list[str]:
    """The whole report as lines."""
    return [
        f"Stats for {data['today']}",
        *reading_lines(data["reading"]),
        *review_lines(data["reviews"]),
        *track_lines(data["tracks"]),
        *concept_lines(data["concepts"]),
        *calibration_lines(data["calibration"]),
        speed_line(data["reading_speed"]),
    ]
