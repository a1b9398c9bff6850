"""The app keeps the learned ranking current in a child process (`tui.ranker`)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from curriculum.library.home import open_home
from curriculum.queue import onboarding, ranking
from curriculum.store import settings
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item
from tui import ranker
from tui.app import CurriculumApp
from tui.ranker import RankJob


def _wait(job: RankJob, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while job.running():
        assert time.monotonic() < deadline, "the ranking job did not end"
        time.sleep(0.1)


def test_a_job_trains_on_the_stand_ins_and_ranks_arrivals(home: Path):
    db = open_home(home)  # the starter track stands in for the reader's signals
    try:
        onboarding.skip(db)
        add_item(db, "Reward hacking in RL agents", add_feed(db, "Papers"))
        assert ranking.is_stale(db)
        job = RankJob(home)
        assert job.request()
        assert not job.request() and job.pending  # one at a time; the next waits
        _wait(job)
        assert job.process is not None and job.process.returncode == 0
        assert ranking.model_info(db) is not None and not ranking.is_stale(db)
        assert not ranking.has_unranked(db)
        job.tick()  # the job asked for while one ran starts now, finds nothing to learn
        assert job.started == 2
        _wait(job)
        assert job.process is not None and job.process.returncode == 0
    finally:
        db.close()


def test_a_failed_job_is_not_started_again_at_once(home: Path, monkeypatch):
    job = RankJob(home)
    monkeypatch.setattr(job, "command", lambda: [sys.executable, "-c", "raise SystemExit(3)"])
    assert job.request()
    _wait(job)
    assert not job.request() and job.failed_at is not None
    job.failed_at -= ranker.RETRY_AFTER_FAILURE
    assert job.request()
    _wait(job)


def test_stop_ends_a_running_job(home: Path):
    job = RankJob(home)
    job.request()
    job.stop()
    assert not job.running()


async def test_the_app_asks_for_ranking_only_for_a_real_home(db, home):
    app = CurriculumApp(db, clock=lambda: NOW)
    app.welcome = False
    async with app.run_test() as pilot:
        app.request_ranking()
        await pilot.pause()
        assert app.ranker is None  # a test app (no home) starts no process
    settings.set_value(db, "fetch.on_start", "false")
    app = CurriculumApp(db, clock=lambda: NOW)
    app.welcome = False
    app.rank_home = home
    async with app.run_test() as pilot:
        app.request_ranking()
        await pilot.pause()
        assert app.ranker is not None and app.ranker.started == 1
        app.ranker.stop()


def test_a_job_runs_at_a_lower_priority_than_the_app(home: Path, monkeypatch):
    """Training competes with the interface for the cores: it yields to it, as the refresh
    does."""
    import os

    job = RankJob(home)
    monkeypatch.setattr(
        job, "command", lambda: [sys.executable, "-c", "import time; time.sleep(30)"]
    )
    try:
        assert job.request()
        assert job.process is not None
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, job.process.pid) == min(19, ours + ranker.NICE)
    finally:
        job.stop()
