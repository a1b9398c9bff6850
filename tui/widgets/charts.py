"""Small text charts for the Stats screen: a contribution calendar and a bar chart.

Both draw with block characters, so they read at 80×24 and in monochrome terminals:
the calendar's shades (`· ░ ▒ ▓ █`) carry the intensity even without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from textual.content import Content
from textual.widgets import Static

from curriculum.progress.stats import intensity

SHADES = "·░▒▓█"
SHADE_STYLES = ["$text-disabled", "$success 50%", "$success 70%", "$success 85%", "$success"]
BARS = " ▁▂▃▄▅▆▇█"
WEEKDAY_LABELS = ["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "    "]


GUTTER = len(WEEKDAY_LABELS[0])  # the weekday labels' width, left of the week columns


def month_starts(first: date, weeks: int, last: date | None = None) -> list[tuple[int, str]]:
    """(week column, month name): the first day's month, then each month at the column
    holding its 1st (up to `last`, the graph's final day)."""
    end = last or first + timedelta(weeks=weeks, days=-1)
    starts = [(0, first.strftime("%b"))]
    for week in range(weeks):
        for offset in range(7):
            day = first + timedelta(weeks=week, days=offset)
            if day.day == 1 and first < day <= end:
                starts.append((week, day.strftime("%b")))
    return starts


def month_header(first: date, weeks: int, last: date | None = None) -> str:
    """Every month's name over the week column in which it begins (columns are 4-5 weeks
    apart, so names never collide); the first month's name, when that month shows only a few
    columns, moves left over the weekday labels; the last may run past the final column."""
    starts = month_starts(first, weeks, last)
    line = [" "] * (GUTTER + weeks + 3)
    for index, (week, name) in enumerate(starts):
        at = GUTTER + week
        if index == 0 and len(starts) > 1:
            at = min(at, starts[1][0] + GUTTER - len(name) - 1)
        line[at : at + len(name)] = name
    return "".join(line).rstrip()


def calendar_content(cells: Sequence[tuple[date, int]]) -> Content:
    """A contribution graph: one column per week (Monday first), one row per weekday."""
    if not cells:
        return Content("")
    first = cells[0][0]
    weeks = (cells[-1][0] - first).days // 7 + 1
    peak = max(value for _, value in cells)
    grid: list[list[int | None]] = [[None] * weeks for _ in range(7)]
    for day, value in cells:
        offset = (day - first).days
        grid[offset % 7][offset // 7] = intensity(value, peak)
    header = month_header(first, weeks, cells[-1][0])
    parts: list[str | tuple[str, str]] = [(header, "dim"), "\n"]
    for row, label in enumerate(WEEKDAY_LABELS):
        parts.append((label, "dim"))
        parts.extend(" " if lv is None else (SHADES[lv], SHADE_STYLES[lv]) for lv in grid[row])
        parts.append("\n")
    parts.append(("    less ", "dim"))
    parts.extend((f"{shade} ", style) for shade, style in zip(SHADES, SHADE_STYLES, strict=True))
    parts.append(("more", "dim"))
    return Content.assemble(*parts)


def bar_rows(values: Sequence[int], height: int) -> list[str]:
    """Vertical bars in eighth blocks, top row first; any non-zero value shows at least ▁."""
    peak = max(values, default=0) or 1
    rows = []
    for row in range(height - 1, -1, -1):
        line = ""
        for value in values:
            eighths = round(8 * height * value / peak)
            eighths = max(eighths, 1) if value > 0 else 0
            line += BARS[min(8, max(0, eighths - 8 * row))]
        rows.append(line)
    return rows


def bars_content(values: Sequence[int], labels: tuple[str, str], height: int = 4) -> Content:
    """A bar chart with its peak on the axis and the first and last day underneath."""
    peak = max(values, default=0)
    axis = len(str(peak)) + 1
    parts: list[str | tuple[str, str]] = []
    for n, line in enumerate(bar_rows(values, height)):
        tick = str(peak) if n == 0 else ("0" if n == height - 1 else "")
        parts += [(tick.rjust(axis - 1) + "┤", "dim"), (line, "$accent"), "\n"]
    gap = max(1, len(values) - len(labels[0]) - len(labels[1]))
    parts.append((" " * axis + labels[0] + " " * gap + labels[1], "dim"))
    return Content.assemble(*parts)


def meter(share: float, width: int) -> str:
    """A horizontal progress bar of `width` cells."""
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


class CalendarGraph(Static):
    """The reading calendar of the last 52 weeks."""

    def show(self, cells: Sequence[tuple[date, int]]) -> None:
        """Draw these (day, value) cells."""
        self.update(calendar_content(cells))


class BarChart(Static):
    """A compact bar chart of daily counts."""

    def show(self, values: Sequence[int], labels: tuple[str, str]) -> None:
        """Draw these values with first and last labels."""
        self.update(bars_content(values, labels))
