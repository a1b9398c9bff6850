"""The learned ranking on a real store: signals, training, stored ranks, arrivals, stand-ins."""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from curriculum.clock import to_iso
from curriculum.queue import actions, candidates, picking, ranking, signals
from curriculum.queue.features import Doc, Model, count_terms, terms
from curriculum.store import settings, transaction
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item, feeds_only

INTERP = [
    "Sparse autoencoders find interpretable features in transformer circuits",
    "Mechanistic interpretability of attention heads and circuits",
    "Probing residual stream features with sparse dictionary learning",
    "Circuits in small transformers: interpretability by activation patching",
    "Interpretable features from superposition in toy models",
]
CRYPTO = [
    "Bitcoin exchange rates and litecoin trading volume this week",
    "Cryptocurrency wallets compared: bitcoin, litecoin and more",
    "Trading bots on a bitcoin exchange: fees and volume",
    "Litecoin mining pools and exchange listings",
    "A bitcoin wallet for the trading desk",
]


def seed(db, liked=3, disliked=3):
    """Two topics, two feeds; the reader read `liked` interpretability readings and
    dismissed `disliked` crypto readings; the rest wait unread."""
    feeds_only(db)
    a, b = add_feed(db, "Papers"), add_feed(db, "Markets")
    ids = {
        "interp": [add_item(db, t, a, summary=t + ". " + t) for t in INTERP],
        "crypto": [add_item(db, t, b, summary=t + ". " + t) for t in CRYPTO],
    }
    for item_id in ids["interp"][:liked]:
        actions.done(db, item_id, NOW)
    for item_id in ids["crypto"][:disliked]:
        actions.dismiss(db, item_id, NOW)
    return ids


def stored(db) -> dict[int, tuple[float, str]]:
    return {int(r[0]): (float(r[1]), str(r[2])) for r in db.execute("SELECT * FROM ranks")}


def test_our_tfidf_is_scikit_learns():
    docs = [Doc(t, t + " " + t.lower(), ("Ada Lovelace",), 3) for t in INTERP + CRYPTO]
    reference = TfidfVectorizer(analyzer=terms, sublinear_tf=True, norm="l2")
    matrix = reference.fit_transform(docs).toarray()
    names = list(reference.get_feature_names_out())
    model = Model(names, reference.idf_, np.zeros(len(names)), 0.0)
    counts = count_terms(docs, model.vocabulary())
    ours = np.zeros_like(matrix)
    ours[counts.rows, counts.cols] = model.tfidf(counts)
    assert np.allclose(ours, matrix)
    assert "by:ada lovelace" in names and "feed:3" in names


def test_a_reader_who_reads_one_topic_gets_it_first(bare_db):
    db = bare_db
    ids = seed(db)
    report = ranking.retrain(db, NOW)
    assert report.trained and report.info is not None
    assert (report.info.liked, report.info.disliked) == (3, 3)
    ranks = stored(db)
    unread_interp, unread_crypto = ids["interp"][3:], ids["crypto"][3:]
    assert set(ranks) == set(unread_interp + unread_crypto)
    assert min(ranks[i][0] for i in unread_interp) > max(ranks[i][0] for i in unread_crypto)
    best = max(ranks, key=lambda i: ranks[i][0])
    assert any(w in ranks[best][1] for w in ("interpretab", "circuits", "features", "sparse"))


def test_the_stored_model_ranks_arrivals_without_training(bare_db):
    db = bare_db
    seed(db)
    ranking.retrain(db, NOW)
    info = ranking.model_info(db)
    fresh = add_item(db, "Attention head circuits and sparse features", 1, summary="circuits")
    assert ranking.has_unranked(db)
    assert ranking.rank_unranked(db) == 1
    assert not ranking.has_unranked(db)
    assert ranking.model_info(db) == info  # scored with the same model, not retrained
    assert stored(db)[fresh][0] > 0.5


def test_new_signals_make_the_model_stale_until_retrained(bare_db):
    db = bare_db
    ids = seed(db)
    ranking.retrain(db, NOW)
    assert not ranking.is_stale(db)
    assert not ranking.retrain(db, NOW).trained  # nothing changed: nothing learned again
    actions.done(db, ids["interp"][3], NOW)
    assert ranking.is_stale(db)
    assert ranking.retrain(db, NOW).trained and not ranking.is_stale(db)


def test_without_anything_liked_there_is_no_model(bare_db):
    db = bare_db
    ids = seed(db, liked=0, disliked=2)
    report = ranking.retrain(db, NOW, force=True)
    assert report.info is None and ranking.model_info(db) is None
    assert stored(db) == {}
    assert "Nothing learned yet" in ranking.explain(None)
    assert ranking.rank_unranked(db) == 0 and not ranking.has_unranked(db)
    assert ids


def test_interests_stand_in_before_there_are_signals(bare_db):
    db = bare_db
    ids = seed(db, liked=0, disliked=0)
    settings.set_value(db, "ranking.interests", "interpretability")
    assert ranking.is_stale(db)
    report = ranking.retrain(db, NOW)
    assert report.info is not None and report.info.standins == 1 and report.info.liked == 0
    assert "starter track and interests" in ranking.explain(report.info)
    ranks = stored(db)
    assert min(ranks[i][0] for i in ids["interp"]) > max(ranks[i][0] for i in ids["crypto"])


def test_the_active_track_stands_in_and_fades_as_likes_grow(db):
    liked_ids = [add_item(db, f"Reading {n}", None, origin="manual") for n in range(12)]
    assert len(signals.standins(db, 0, set())) > 20  # the starter track's readings
    assert signals.standin_weight(0) == 1.0
    assert signals.standin_weight(5) == pytest.approx(0.5)
    assert signals.standins(db, signals.ENOUGH_LIKED, set()) == []
    assert liked_ids


def test_each_signal_counts_as_the_issue_says(bare_db):
    db = bare_db
    feed = add_feed(db, "F")
    made = {name: add_item(db, name, feed) for name in ("read", "skip", "up", "down", "carded")}
    made["while"] = add_item(db, "opened", feed)
    made["glance"] = add_item(db, "glanced", feed)
    actions.done(db, made["read"], NOW)
    actions.skip(db, made["skip"], NOW)
    actions.bump(db, made["up"], 1, NOW)
    actions.bump(db, made["down"], -1, NOW)
    with transaction(db):
        db.execute(
            "INSERT INTO cards (item_id, front, due, created_at, updated_at)"
            " VALUES (?, 'q', ?, ?, ?)",
            [made["carded"], to_iso(NOW), to_iso(NOW), to_iso(NOW)],
        )
        for name, seconds in (("while", 150), ("glance", 30)):
            db.execute(
                "INSERT INTO reading_log (item_id, event, at, day, seconds)"
                " VALUES (?, 'session', ?, '2026-11-22', ?)",
                [made[name], to_iso(NOW), seconds],
            )
    found = {x.item_id: (x.liked, x.signal) for x in signals.labels(db)}
    assert found == {
        made["read"]: (True, "read"),
        made["skip"]: (False, "skipped"),
        made["up"]: (True, "raised"),
        made["down"]: (False, "lowered"),
        made["carded"]: (True, "carded"),
        made["while"]: (True, "opened"),
    }


def test_a_highlighted_reading_counts_as_liked(bare_db):
    db = bare_db
    item = add_item(db, "Highlighted", None, origin="manual")
    with transaction(db):
        db.execute(
            "INSERT INTO highlights (item_id, quote, created_at) VALUES (?, 'q', ?)",
            [item, "2026-11-22T12:00:00.000Z"],
        )
    assert [(x.item_id, x.signal) for x in signals.labels(db)] == [(item, "highlighted")]


def test_today_takes_the_learned_order(bare_db):
    db = bare_db
    ids = seed(db)
    ranking.retrain(db, NOW)
    readings = candidates.feed_readings(db)
    assert all(r.learned is not None for r in readings)
    order = [r.id for r in picking.rank(readings, NOW, per_feed=None)]
    # Sources still take turns (each round one per feed), but the learned score decides
    # which feed leads each round and which of a feed's readings comes first.
    interp = set(ids["interp"])
    assert [i in interp for i in order] == [True, False, True, False]


def test_the_learned_bonus_favours_the_top_of_the_order():
    assert picking.learned_bonus(0.5) == pytest.approx(picking.LEARNED_WEIGHT)
    assert picking.learned_bonus(0.99) > picking.learned_bonus(0.9) > picking.learned_bonus(0.5)
    assert picking.learned_bonus(1.0) < 20  # capped, never infinite
    assert picking.learned_bonus(0.0) == 0.0


def test_old_readings_are_still_found_by_their_learned_score(bare_db):
    db = bare_db
    feeds_only(db)
    feed = add_feed(db, "F")
    old = add_item(db, "old", feed, published=NOW - timedelta(days=60))
    new = add_item(db, "new", feed)
    reading = {r.id: r for r in candidates.feed_readings(db)}
    assert picking.score(reading[new], NOW) > picking.score(reading[old], NOW)
    boosted = picking.FeedReading(old, 5, feed, 0, 0, NOW - timedelta(days=60), (), 0.99)
    plain = picking.FeedReading(new, 5, feed, 0, 0, NOW, (), 0.5)
    assert picking.score(boosted, NOW) > picking.score(plain, NOW)


def test_the_model_is_stored_compactly_and_loads_back(bare_db):
    db = bare_db
    seed(db)
    ranking.retrain(db, NOW)
    body = json.loads(db.execute("SELECT body FROM rank_model").fetchone()[0])
    assert set(body) == {"terms", "idf", "weight", "intercept", "scale"}
    assert len(body["scale"]) == 101 and body["scale"] == sorted(body["scale"])
    stored_pair = ranking.stored_model(db)
    assert stored_pair is not None
    _, model = stored_pair
    assert model.terms == body["terms"] and len(model.weight) == len(model.terms)


def test_a_reading_with_nothing_in_common_says_so(bare_db):
    db = bare_db
    ids = seed(db)
    stranger = add_item(db, "Gardening tomatoes", 2, summary="soil and water")
    ranking.retrain(db, NOW)
    ranks = stored(db)
    assert ranks[stranger][1] == ranking.NOTHING_IN_COMMON
    assert all(ranks[i][1] != ranking.NOTHING_IN_COMMON for i in ids["interp"][3:])
