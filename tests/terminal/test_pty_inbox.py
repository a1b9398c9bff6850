"""The Inbox in a real terminal: `n` opens it, one key per verdict, the next arrival follows.

The installed app runs in a pseudo-terminal at 80×24 and 120×36 on a home with two topics of
feed readings and a trained model; the test reads the screen as a person would and checks
each verdict in the store.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from curriculum.library.home import open_home
from curriculum.queue import actions, onboarding, ranking
from curriculum.store import settings
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item, feeds_only, set_targets
from tests.terminal.pty_app import SIZES

TOPIC = ["Circuits in attention heads", "Probing circuits", "Circuit discovery at scale"]
OTHER = ["Bitcoin trading bots", "Litecoin wallets", "Bitcoin exchange fees"]


def prepare(home: Path) -> dict[str, int]:
    db = open_home(home)
    try:
        onboarding.skip(db)
        settings.set_value(db, "fetch.on_start", "false")
        feeds_only(db)
        set_targets(db, 0, 0)
        papers, markets = add_feed(db, "Papers"), add_feed(db, "Markets")
        ids = {t: add_item(db, t, papers, summary=t + " circuits") for t in TOPIC}
        ids |= {t: add_item(db, t, markets, summary=t + " bitcoin") for t in OTHER}
        actions.done(db, add_item(db, "Circuits, read", papers, summary="circuits"), NOW)
        actions.dismiss(db, add_item(db, "Bitcoin, passed", markets, summary="bitcoin"), NOW)
        ranking.retrain(db, NOW)
    finally:
        db.close()
    return ids


def verdict(home: Path, item_id: int, timeout: float = 10.0) -> tuple[str, str | None]:
    """The reading's status and triage once it has one (polled: the app commits it)."""
    deadline = time.monotonic() + timeout
    while True:
        db = open_home(home)
        try:
            row = db.execute("SELECT status, triage FROM items WHERE id = ?", [item_id]).fetchone()
        finally:
            db.close()
        if row[1] is not None or time.monotonic() > deadline:
            return row[0], row[1]
        time.sleep(0.1)


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_triage_the_inbox_with_single_keys(launch, home, columns, lines):
    ids = prepare(home)
    app = launch(columns=columns, lines=lines)
    app.wait_for(r"Today")
    app.press("n")
    screen = app.wait_for(r"6 new readings, best first")
    listed = [t for t in TOPIC + OTHER if t in screen]
    assert listed and listed[0] in TOPIC  # the topic the reader reads comes first
    top_row = next(line for line in screen.split("\n") if "%" in line)
    first = next(t for t in TOPIC if t in top_row)
    app.press("x")
    app.wait_for(r"5 new readings")
    assert verdict(home, ids[first]) == ("skipped", "dismissed")
    app.press("]")
    app.wait_for(r"4 new readings")
    kept = [i for t, i in ids.items() if t != first and verdict(home, i, 0)[1] == "kept"]
    assert len(kept) == 1
    app.press("u")
    app.wait_for(r"5 new readings")
    app.press("escape")
    app.wait_for(r"Today")
    assert app.quit() == 0
