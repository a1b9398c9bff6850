"""SIGKILL crash loop: kill `curriculum fetch`, `curriculum import` and a study session
(readings marked read, cards rated) at random moments, then prove that nothing was lost.

    .venv/bin/python scripts/killtest.py [--kills 60] [--seed 7] [--keep DIR]

After every kill: `curriculum check` passes (integrity, foreign keys, card replay); every
read mark and review the session acknowledged (printed after its commit) is stored; each
feed version from the loopback server is stored whole or not at all; an import file's
readings are all there or none. Exit status 0 when every round held.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FEEDS = 10
ITEMS = 120
IMPORTED = 6000
SESSION = f"""
import sys
from datetime import datetime, timedelta, timezone
sys.path.insert(0, {str(ROOT)!r})
from curriculum import cards, store
from curriculum.queue import actions
from curriculum.clock import from_iso, to_iso
from curriculum.library.home import open_home
db = open_home(__import__("pathlib").Path(sys.argv[1]))
last = db.execute("SELECT MAX(reviewed_at) FROM review_log").fetchone()[0]
now = from_iso(last) if last else datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
ids = [r[0] for r in db.execute("SELECT id FROM cards ORDER BY id")]
for n in range(100000):
    now += timedelta(minutes=1)
    if n % 3 == 2:
        row = db.execute("SELECT id FROM items WHERE status IN ('inbox', 'queued')"
                         " ORDER BY id LIMIT 1").fetchone()
        if row:
            actions.done(db, row[0], now)
            print("read", row[0], flush=True)
            continue
    card = ids[n % len(ids)]
    cards.rate(db, card, 1 + n % 4, now, duration_ms=1000)
    print("review", card, to_iso(now), flush=True)
"""


def command(home: Path, *args: str) -> list[str]:
    """The real CLI on `home`."""
    return [sys.executable, "-m", "tui.launcher", "--home", str(home), *args]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI to completion."""
    env = {**os.environ, "TZ": "UTC"}
    return subprocess.run(
        command(home, *args), capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def rss(feed: int, version: int) -> bytes:
    """Feed `feed` as of `version`: ITEMS readings that exist only in this version."""
    items = "".join(
        f"<item><title>Feed {feed} v{version} post {n}</title>"
        f"<link>https://kill.example/{feed}/{version}/{n}</link>"
        f"<guid>k-{feed}-{version}-{n}</guid><description>{'words ' * 40}</description></item>"
        for n in range(ITEMS)
    )
    return f'<rss version="2.0"><channel><title>K{feed}</title>{items}</channel></rss>'.encode()


class FeedServer(ThreadingHTTPServer):
    """Serves /fN as the current version of feed N."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.version = 0

    def url(self, feed: int) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/f{feed}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients killed mid-response are expected."""


class _Handler(BaseHTTPRequestHandler):
    server: FeedServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        body = rss(int(self.path.strip("/f") or 0), self.server.version)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving() -> Iterator[FeedServer]:
    """A loopback feed server for the length of the run."""
    server = FeedServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def export_file(path: Path) -> Path:
    """A JSON export with IMPORTED readings and a card with reviews for every tenth."""
    items = [
        {"id": n, "title": f"Imported {n}", "url": f"https://import.example/{n}",
         "status": "read" if n % 7 == 0 else "inbox", "read_at": "2026-11-01T10:00:00.000Z",
         "summary": "text " * 30}
        for n in range(IMPORTED)
    ]  # fmt: skip
    reviews = [{"rating": 3, "reviewed_at": f"2026-11-0{d}T10:00:00.000Z"} for d in (1, 3, 8)]
    card_rows = [
        {"id": n, "item_id": n, "front": f"Key idea {n}?", "back": "Yes.", "reviews": reviews}
        for n in range(0, IMPORTED, 10)
    ]
    path.write_text(json.dumps({"version": 1, "items": items, "cards": card_rows}))
    return path


def connect(home: Path) -> sqlite3.Connection:
    """A plain read connection (no migrations: the check must see what the kill left)."""
    return sqlite3.connect(home / "curriculum.db", timeout=15)


def problems_after_fetch(home: Path) -> list[str]:
    """Every (feed, version) batch is stored whole or not at all."""
    db = connect(home)
    try:
        links = db.execute("SELECT url FROM items WHERE url LIKE 'https://kill.example/%'")
        batches = Counter(url.rsplit("/", 1)[0] for (url,) in links)
    finally:
        db.close()
    return [f"feed batch {b} has {n} of {ITEMS} readings" for b, n in batches.items() if n != ITEMS]


def problems_after_import(home: Path) -> list[str]:
    """The import file is in whole or not at all."""
    db = connect(home)
    try:
        n = db.execute("SELECT COUNT(*) FROM items WHERE url LIKE 'https://import.example/%'")
        count = n.fetchone()[0]
        c = db.execute(
            "SELECT COUNT(*) FROM cards c JOIN items i ON i.id = c.item_id"
            " WHERE i.url LIKE 'https://import.example/%'"
        ).fetchone()[0]
    finally:
        db.close()
    whole = (count, c) in {(0, 0), (IMPORTED, IMPORTED // 10)}
    return [] if whole else [f"a half import: {count} readings, {c} cards"]


def missing_acks(home: Path, acks: list[str]) -> list[str]:
    """Acknowledged read marks and reviews that are not stored."""
    db = connect(home)
    missing = []
    try:
        for line in acks:
            kind, *rest = line.split()
            if kind == "read":
                row = db.execute("SELECT status FROM items WHERE id = ?", [int(rest[0])])
                if row.fetchone() != ("read",):
                    missing.append(line)
            else:
                sql = "SELECT 1 FROM review_log WHERE card_id = ? AND reviewed_at = ?"
                if db.execute(sql, [int(rest[0]), rest[1]]).fetchone() is None:
                    missing.append(line)
    finally:
        db.close()
    return missing


def orphan_problem(orphans: bool) -> list[str]:
    """A killed command must not leave processes behind."""
    return ["processes it started kept running after it was killed"] if orphans else []


@dataclass
class Report:
    """What the run did and found."""

    kills: dict[str, int] = field(default_factory=lambda: {"fetch": 0, "import": 0, "session": 0})
    acknowledged: int = 0
    problems: list[str] = field(default_factory=list)


def kill_at_random(argv: list[str], delay: float) -> tuple[list[str], bool]:
    """Start `argv`, SIGKILL it after `delay` s; returns the complete lines it printed and
    whether processes it started outlived it (orphans, e.g. parse-pool workers)."""
    proc = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "TZ": "UTC"}, start_new_session=True,
    )  # fmt: skip
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    orphans = _group_alive(proc.pid, seconds=3.0)
    if orphans:
        os.killpg(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    return [line for line in out.splitlines(keepends=True) if line.endswith("\n")], orphans


def _group_alive(group: int, seconds: float) -> bool:
    """True when some process of `group` is still running after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)


class Killer:
    """One home, one server, one random generator; each round kills one process."""

    def __init__(self, home: Path, server: FeedServer, rng: random.Random, check: bool) -> None:
        self.home, self.server, self.rng, self.check = home, server, rng, check
        self.report = Report()
        self.export = export_file(home.parent / "killtest-export.json")

    def setup(self) -> None:
        """Feeds on the loopback server and cards to review (written directly, to be quick)."""
        from curriculum import cards, store
        from curriculum.clock import utcnow
        from curriculum.feeds import manage
        from curriculum.library.home import open_home

        db = open_home(self.home)
        try:
            with store.transaction(db):
                for feed in range(FEEDS):
                    options = manage.FeedOptions(name=f"K{feed}")
                    manage.insert_feed(db, self.server.url(feed), utcnow(), options)
            for n in range(1, 13):
                cards.add_cards(db, n, f"Q{n}?", "A.", [], datetime(2026, 11, 22, tzinfo=UTC))
        finally:
            db.close()

    def fetch(self) -> None:
        self.server.version += 1
        urls = [self.server.url(feed) for feed in range(FEEDS)]  # never the real feeds
        _, orphans = kill_at_random(command(self.home, "fetch", *urls), self.rng.uniform(0.3, 1.1))
        self._after("fetch", problems_after_fetch(self.home) + orphan_problem(orphans))

    def import_(self) -> None:
        argv = command(self.home, "import", str(self.export))
        _, orphans = kill_at_random(argv, self.rng.uniform(0.25, 0.9))
        self._after("import", problems_after_import(self.home) + orphan_problem(orphans))

    def session(self) -> None:
        argv = [sys.executable, "-c", SESSION, str(self.home)]
        acks, _ = kill_at_random(argv, self.rng.uniform(0.4, 1.6))
        self.report.acknowledged += len(acks)
        self._after("session", [f"lost: {a.strip()}" for a in missing_acks(self.home, acks)])

    def _after(self, kind: str, problems: list[str]) -> None:
        self.report.kills[kind] += 1
        if self.check:
            result = run(self.home, "check")
            if result.returncode != 0:
                problems = [*problems, f"check failed: {result.stdout}{result.stderr}".strip()]
        self.report.problems += [f"{kind} kill {self.report.kills[kind]}: {p}" for p in problems]

    def rounds(self, kills: int) -> Iterator[Callable[[], None]]:
        """The kinds in a shuffled, balanced order."""
        kinds = [self.fetch, self.import_, self.session] * (kills // 3 + 1)
        self.rng.shuffle(kinds)
        yield from kinds[:kills]


def killtest(home: Path, kills: int, seed: int, check_each: bool = True) -> Report:
    """Run `kills` rounds on a fresh `home`; returns the report."""
    rng = random.Random(seed)
    with serving() as server:
        killer = Killer(home, server, rng, check_each)
        killer.setup()
        for round_ in killer.rounds(kills):
            round_()
    final = run(home, "check")
    if final.returncode != 0:
        killer.report.problems.append(f"final check failed: {final.stdout}{final.stderr}")
    return killer.report


def main() -> int:
    """Command line: run the loop and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the home in this folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="killtest-"))
    home = args.keep or folder / "home"
    started = time.monotonic()
    report = killtest(home, args.kills, args.seed)
    print(
        f"{sum(report.kills.values())} kills ({report.kills}), "
        f"{report.acknowledged} acknowledged actions checked, "
        f"{time.monotonic() - started:.0f} s"
    )
    for problem in report.problems:
        print("PROBLEM:", problem)
    shutil.rmtree(folder, ignore_errors=True)
    print("ok" if not report.problems else f"{len(report.problems)} problem(s)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
