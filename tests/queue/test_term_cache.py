"""A reading's terms are worked out once and kept (`rank_terms`): ranking again reads them
back, gives exactly what ranking from the text gives, and a reading whose text changes, that
leaves the unread readings or is deleted loses them."""

from __future__ import annotations

import json

from curriculum.queue import actions, ranking, term_cache
from curriculum.queue.features import term_hash
from tests.conftest import NOW
from tests.queue.test_ranking import seed, stored
from tests.queue_data import add_item


def kept_ids(db) -> set[int]:
    return {int(r[0]) for r in db.execute("SELECT item_id FROM rank_terms")}


def from_text(db) -> dict[int, tuple[float, str]]:
    """Every unread reading scored from its text, as ranking did before terms were kept."""
    _info, model = ranking.stored_model(db)
    ids = ranking._unread_ids(db, unranked_only=False)
    docs = term_cache.docs(db, ids)
    scored = ranking.score_docs(model, [docs[i] for i in ids], ranking._feed_names(db))
    return dict(zip(ids, scored, strict=True))


def test_a_terms_hash_is_the_same_in_every_process():
    # stored blobs outlive the process and the version: the hash may never change
    assert term_hash("interpretability") == term_hash("interpretability")
    assert term_hash("by:ada lovelace") == -2023997019980514749
    assert term_hash("alignment") != term_hash("Alignment")


def test_ranking_from_kept_terms_is_ranking_from_the_text(bare_db):
    db = bare_db
    ids = seed(db)
    authored = add_item(db, "A short note", 1, summary="Written at home.")
    db.execute(
        "UPDATE items SET authors = ? WHERE id = ?",
        [json.dumps(["Ada  Lovelace", "Alan Turing"]), authored],
    )
    db.execute(  # the three readings the reader liked are Ada's too
        "UPDATE items SET authors = ? WHERE id IN (?, ?, ?)",
        [json.dumps(["Ada Lovelace"]), *ids["interp"][:3]],
    )
    ranking.retrain(db, NOW, force=True)
    unread = set(ranking._unread_ids(db, unranked_only=False))
    assert kept_ids(db) == unread  # worked out while ranking after the training
    assert stored(db) == from_text(db)
    assert ranking.rank_unread(db) == len(unread)  # again, from the kept terms alone
    assert stored(db) == from_text(db)
    assert "by Ada Lovelace" in stored(db)[authored][1]  # the name as the feed wrote it


def test_a_reading_whose_text_changes_is_read_again(bare_db):
    db = bare_db
    ids = seed(db)
    ranking.retrain(db, NOW)
    crypto = ids["crypto"][4]
    before = stored(db)[crypto][0]
    db.execute("UPDATE items SET title = title, summary = summary WHERE id = ?", [crypto])
    assert crypto in kept_ids(db)  # written back unchanged: kept
    db.execute(
        "UPDATE items SET title = ?, summary = ? WHERE id = ?",
        ["Sparse interpretable features in transformer circuits", "circuits features", crypto],
    )
    assert crypto not in kept_ids(db)
    ranking.rank_unread(db)
    assert crypto in kept_ids(db)
    assert stored(db)[crypto][0] > before
    assert stored(db) == from_text(db)


def test_authors_and_feed_changes_drop_the_kept_terms(bare_db):
    db = bare_db
    ids = seed(db)
    ranking.retrain(db, NOW)
    first, second = ids["interp"][3], ids["interp"][4]
    db.execute("UPDATE items SET authors = ? WHERE id = ?", ['["Grace Hopper"]', first])
    db.execute("UPDATE items SET feed_id = 2 WHERE id = ?", [second])
    assert not {first, second} & kept_ids(db)
    ranking.rank_unread(db)
    assert stored(db) == from_text(db)


def test_readings_leaving_the_unread_or_deleted_lose_their_terms(bare_db):
    db = bare_db
    ids = seed(db)
    ranking.retrain(db, NOW)
    done, deleted, snoozed = ids["interp"][3], ids["crypto"][3], ids["crypto"][4]
    actions.done(db, done, NOW)
    db.execute("UPDATE items SET status = 'snoozed' WHERE id = ?", [snoozed])
    db.execute("DELETE FROM ranks WHERE item_id = ?", [deleted])
    db.execute("DELETE FROM items WHERE id = ?", [deleted])
    assert done not in kept_ids(db) and deleted not in kept_ids(db)
    assert snoozed in kept_ids(db)  # still unread: still ranked
