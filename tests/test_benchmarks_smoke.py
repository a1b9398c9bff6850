"""The benchmark harness still works (tiny sizes, one run each); it says nothing about speed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import __main__ as harness
from benchmarks import corpus, report, responsiveness, scenarios
from benchmarks.feedserver import serve
from benchmarks.scenarios import Bench, Result


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    out = tmp_path_factory.mktemp("bench")
    files = corpus.build(out / "corpus", 3, corpus.TEST_FIXTURES)
    with serve(out / "corpus") as (base, server):
        urls = [f"{base}/{f.name}" for f in files]
        yield harness.prepare(out, smoke=True, urls=urls, server=server, runs=1)


def _sane(result: Result) -> None:
    assert result.ours > 0 and result.samples
    if result.ratio_target and result.reference is not None:
        assert result.reference > 0 and result.ratio is not None


def test_the_corpus_has_unique_links_per_copy(tmp_path: Path) -> None:
    files = corpus.build(tmp_path, 40, corpus.TEST_FIXTURES)
    texts = [f.read_text(errors="replace") for f in files]
    assert len(files) == 40 and sum(len(t) for t in texts) > 100_000
    copies = [t for f, t in zip(files, texts, strict=True) if "copy=1" in t]
    assert copies, "cycled feeds get their own links"


def test_fetch_and_refresh_are_timed_against_the_reference(bench: Bench) -> None:
    cold = scenarios.cold_import(bench)
    warm = scenarios.refresh(bench)
    for result in (cold, warm):
        _sane(result)
    assert bench.server.latency == 0.0
    db_items = (bench.path("cold-home") / "curriculum.db").stat().st_size
    assert db_items > 0


def test_today_and_the_app_are_timed(bench: Bench) -> None:
    results = [scenarios.today_json(bench), *scenarios.first_frames(bench)]
    for result in results:
        _sane(result)
    memory = results[-1]
    assert memory.unit == "MB" and memory.ours > 10


def test_latencies_are_measured(bench: Bench) -> None:
    results = [scenarios.review(bench), *scenarios.due_query(bench)]
    for result in results:
        _sane(result)
        assert result.met is not None or result.limit == float("inf")


def test_the_learned_ranking_is_timed(bench: Bench) -> None:
    results = scenarios.learned_ranking(bench)
    assert [r.limit for r in results] == [1.0, float("inf"), 2.0, float("inf")]
    assert "first time" in results[1].what
    for result in results:
        _sane(result)


def test_the_offline_evaluation_runs_on_the_fixtures(tmp_path: Path) -> None:
    from benchmarks import evaluation

    stream = evaluation.build(tmp_path / "evaluation.db", corpus.TEST_FIXTURES)
    try:
        rows = evaluation.evaluate(stream, trials=1, sizes=(5,))
        near, chance = evaluation.related_precision(stream)
    finally:
        stream.db.close()
    names = {row.ranking for row in rows}
    assert names == {"learned (Inbox)", "Today, learned", "Today, before", "random"}
    assert all(0 <= row.precision <= 1 and 0 <= row.ndcg <= 1 for row in rows)
    assert 0 <= chance < near <= 1
    text = evaluation.section(rows, stream, 1, 1.0, (near, chance))
    assert text.startswith(evaluation.BEGIN) and text.endswith(evaluation.END)


def test_keys_are_timed_in_a_terminal(bench: Bench) -> None:
    if bench.warm_home is None:
        scenarios.warm_up(bench)
    latencies = responsiveness.Latencies()
    argv = [*scenarios.curriculum_argv(), "--home", str(bench.warm_home)]
    responsiveness.measure(argv, latencies, refreshing=False, cycles=1)
    assert len(latencies.idle["switch"]) == 2 and len(latencies.idle["reader"]) == 1
    assert all(0 < ms < 30_000 for kind in latencies.idle.values() for ms in kind)
    assert responsiveness.percentile([5, 1, 4, 2, 3], 0.95) == 5


def test_the_report_keeps_what_is_outside_its_markers(bench: Bench, tmp_path: Path) -> None:
    target = tmp_path / "BENCHMARKS.md"
    target.write_text(f"# Benchmarks\n\nintro\n\n{report.BEGIN}\nold\n{report.END}\n\nnotes\n")
    result = Result("a thing", 2.0, "s", 1.5, reference=1.0, reference_name="ref", samples=[2.0])
    section = report.results_section([result], 1, report.machine_lines("0", "0"))
    report.write(target, section)
    text = target.read_text()
    assert "intro" in text and "notes" in text and "old" not in text
    assert "| a thing | 2.000 s | 1.000 s | 2.00× | ≤ 1.5× ref | **no** |" in text


def test_the_reading_benchmarks_work(tmp_path: Path) -> None:
    from benchmarks import reading

    target = tmp_path / "BENCHMARKS.md"
    target.write_text(f"# Benchmarks\n\nkept\n\n{reading.BEGIN}\nold\n{reading.END}\n")
    args = [
        "--smoke",
        "--pages",
        str(reading.TEST_PAGES),
        "--out",
        str(tmp_path),
        "--report",
        str(target),
    ]
    assert reading.main(args) == 0
    text = target.read_text()
    assert "kept" in text and "old" not in text
    assert "| trafilatura | 0.9" in text and "| arxiv.org-html-2501.11120v1 | 13/13 |" in text
    assert "| 1MB |" in text and "| 6MB |" in text


def test_the_reader_scenario_reports_first_paint(bench: Bench) -> None:
    results = scenarios.reader(bench)
    for result in results:
        _sane(result)
    assert results[0].limit == 300 and results[0].unit == "ms"
