"""Stats: the reading calendar, streaks, reviews, retention, forecast, tracks and concepts."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from curriculum.clock import short_date
from curriculum.progress import stats_report
from curriculum.progress.plans_text import week_text
from curriculum.progress.stats_text import finish_text, percent, retention_details, target_text
from curriculum.text import clean_line
from tui.returning import ReloadsOnReturn
from tui.widgets.charts import BarChart, CalendarGraph, meter
from tui.widgets.footer import KeysFooter

CONCEPTS_SHOWN = 12


def summary_content(reading: dict[str, Any]) -> Content:
    """Streak, target completion and totals in one line."""
    streak, target, total = reading["streak"], reading["target"], reading["total"]
    return Content.assemble(
        (f"Streak {streak['current']} days", "bold $success" if streak["current"] else "bold"),
        f" (best {streak['longest']}) · target {target_text(target)} met "
        f"{target['met_last_30']}/30 days · {total['items']} "
        f"reading{'' if total['items'] == 1 else 's'}, {total['minutes']} min",
        *([f"\n{week_text(reading['week'])}"] if "week" in reading else []),
    )


def cards_content(reviews: dict[str, Any]) -> Content:
    """True retention (over the reviews chart's 30 days) against the desired one, and cards
    by state."""
    tr = reviews["true_retention"]
    low = tr["value"] is not None and tr["value"] < tr["desired"]
    states = " · ".join(f"{k} {v}" for k, v in reviews["by_state"].items())
    return Content.assemble(
        "True retention, last 30 days: ",
        (percent(tr["value"]), "bold $warning" if low else "bold"),
        (f" ({retention_details(tr)})\n", "dim"),
        ("Cards: ", "dim"),
        states,
    )


def tracks_content(tracks: list[dict[str, Any]], this_year: int) -> Content:
    """One line per track: name, progress bar, count and forecast."""
    if not tracks:
        return Content.styled("No tracks yet.", "dim")
    parts: list[str | tuple[str, str] | Content] = []
    for t in tracks:
        share = t["read"] / t["total"] if t["total"] else 0.0
        parts += [
            Content(clean_line(t["name"], 34).ljust(34)),
            " ",
            (meter(share, 12), "$accent"),
            f" {t['read']}/{t['total']}\n",
            (f"  {finish_text(t, lambda day: short_date(day, this_year))}\n", "dim"),
        ]
    return Content.assemble(*parts).rstrip()


def concepts_content(concepts: list[dict[str, Any]]) -> Content:
    """Per concept: readings, cards and recall now; weak ones marked and coloured."""
    if not concepts:
        return Content.styled(
            "Tag readings and cards with concepts to see your model take shape.", "dim"
        )
    parts: list[str | tuple[str, str] | Content] = [
        ("  concept                    read  cards  recall\n", "dim")
    ]
    for c in concepts[:CONCEPTS_SHOWN]:
        style = "$warning" if c["weak"] else ""
        recall = c["recall"] or 0.0
        parts += [
            ("! " if c["weak"] else "  ", style),
            Content.styled(clean_line(c["tag"], 24).ljust(25), style),
            f"{c['readings']:>5} {c['cards']:>6}  ",
            (percent(c["recall"]).rjust(4), style),
            " ",
            (meter(recall, 10), "$warning 70%" if c["weak"] else "$success"),
            "\n",
        ]
    if len(concepts) > CONCEPTS_SHOWN:
        parts.append((f"  … and {len(concepts) - CONCEPTS_SHOWN} more concepts\n", "dim"))
    return Content.assemble(*parts).rstrip()


class StatsScreen(ReloadsOnReturn, Screen[None]):
    """Everything `curriculum stats` reports, drawn; refreshed whenever it is shown."""

    CSS_PATH = "stats.tcss"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-summary")
            yield Static("Reading · last 52 weeks", classes="stats-heading")
            yield CalendarGraph(id="stats-calendar")
            with Horizontal(id="stats-charts"):
                with Vertical(classes="stats-chart"):
                    yield Static(id="stats-reviews-heading", classes="stats-heading")
                    yield BarChart(id="stats-reviews")
                with Vertical(classes="stats-chart"):
                    yield Static(id="stats-forecast-heading", classes="stats-heading")
                    yield BarChart(id="stats-forecast")
            yield Static(id="stats-cards")
            yield Static("Tracks", classes="stats-heading")
            yield Static(id="stats-tracks")
            yield Static("Your model of AI safety · weakest first", classes="stats-heading")
            yield Static(id="stats-concepts")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Stats"
        self.reload()

    def reload(self) -> None:
        """Recompute the report from the store and redraw."""
        app = self.app
        data = stats_report.report(app.db, app.now())  # type: ignore[attr-defined]
        self.show(data)

    def show(self, data: dict[str, Any]) -> None:
        """Draw a report (one date style: `22 Nov`, with the year when not this year)."""
        reading, reviews = data["reading"], data["reviews"]
        year = date.fromisoformat(data["today"]).year

        def short(day: str) -> str:
            return short_date(day, year)

        self.query_one("#stats-summary", Static).update(summary_content(reading))
        cells = [(date.fromisoformat(c["day"]), c["items"]) for c in reading["calendar"]]
        self.query_one("#stats-calendar", CalendarGraph).show(cells)
        per_day, forecast = reviews["per_day"], reviews["forecast"]
        reviewed = sum(d["count"] for d in per_day)
        self.query_one("#stats-reviews-heading", Static).update(
            f"Reviews · last 30 days · {reviewed} in all"
        )
        self.query_one("#stats-reviews", BarChart).show(
            [d["count"] for d in per_day], (short(per_day[0]["day"]), short(per_day[-1]["day"]))
        )
        due = sum(d["due"] for d in forecast)
        self.query_one("#stats-forecast-heading", Static).update(
            f"Cards due · next 30 days · {due} in all"
        )
        self.query_one("#stats-forecast", BarChart).show(
            [d["due"] for d in forecast], (short(forecast[0]["day"]), short(forecast[-1]["day"]))
        )
        self.query_one("#stats-cards", Static).update(cards_content(reviews))
        self.query_one("#stats-tracks", Static).update(tracks_content(data["tracks"], year))
        self.query_one("#stats-concepts", Static).update(concepts_content(data["concepts"]))
