"""`curriculum inbox`, `dismiss`, `related`, `rank` and `items --order for-you`, as run."""

from __future__ import annotations

import json

from curriculum.queue import actions
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item, feeds_only, set_targets

TOPIC = ["Sparse autoencoders and circuits", "Circuits in attention heads", "Probing circuits"]
OTHER = ["Bitcoin exchange volume", "Litecoin wallets", "Bitcoin trading bots"]


def seed(db) -> dict[str, list[int]]:
    feeds_only(db)
    set_targets(db, 0, 0)  # nothing queued: every unread reading waits in the Inbox
    papers, markets = add_feed(db, "Papers"), add_feed(db, "Markets")
    ids = {
        "topic": [add_item(db, t, papers, summary=t) for t in TOPIC],
        "other": [add_item(db, t, markets, summary=t) for t in OTHER],
    }
    actions.done(db, ids["topic"][0], NOW)
    actions.dismiss(db, ids["other"][0], NOW)
    return ids


def test_inbox_trains_then_lists_best_first(cli, db):
    ids = seed(db)
    result = cli("inbox", "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [set(row) for row in listed] == [
        {"id", "title", "feed", "score", "why", "published", "url"}
    ] * 4
    assert {row["id"] for row in listed[:2]} == set(ids["topic"][1:])
    assert listed[0]["feed"] == "Papers" and "circuits" in listed[0]["why"]
    assert 0 <= listed[-1]["score"] < listed[0]["score"] <= 1
    top = cli("inbox", "--limit", "1")
    assert top.returncode == 0 and "4 new readings, best first" in top.stdout
    assert listed[0]["title"] in top.stdout and OTHER[1] not in top.stdout


def test_dismiss_takes_several_and_rank_reports(cli, db):
    ids = seed(db)
    result = cli("dismiss", str(ids["other"][1]), str(ids["other"][2]))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Dismissed:") == 2
    listed = json.loads(cli("inbox", "--json").stdout)
    assert {row["id"] for row in listed} == set(ids["topic"][1:])
    report = json.loads(cli("rank", "--json").stdout)
    assert report["trained"] and report["model"]["liked"] == 1
    assert report["model"]["disliked"] == 3 and report["ranked"] >= 2
    again = json.loads(cli("rank", "--if-stale", "--json").stdout)
    assert not again["trained"]


def test_related_lists_the_nearest_readings(cli, db):
    ids = seed(db)
    result = cli("related", str(ids["topic"][1]), "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found[0]["id"] in ids["topic"] and "circuits" in found[0]["shared"]
    assert all(row["id"] not in ids["other"][:1] for row in found)  # dismissed: skipped


def test_items_for_you_follows_the_learned_order(cli, db):
    ids = seed(db)
    cli("rank")
    result = cli("items", "--order", "for-you", "--status", "inbox", "--json")
    order = [row["id"] for row in json.loads(result.stdout)]
    assert set(order[:2]) == set(ids["topic"][1:])


def test_bad_input_is_one_sentence_and_a_failure(cli, db):
    seed(db)
    for args, words in [
        (("dismiss", "9999"), "no reading with id 9999"),
        (("inbox", "--limit", "0"), "--limit must be 1 or more"),
        (("related", "nonsense"), "No reading matches"),
    ]:
        result = cli(*args)
        assert result.returncode == 1 and words in result.stderr
        assert result.stderr.count("\n") == 1
