"""Reading commands as a person runs them: highlights, cards from highlights, the coach's
hint, and prefetching today's texts over loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curriculum.library.home import open_home
from curriculum.store import settings, transaction
from tests.feeds_server import FeedServer, article_page, server_fixture  # noqa: F401
from tests.queue_data import add_feed, add_item

SUMMARY = "Proxies get exploited under optimisation pressure. Evaluation has to keep up."


@pytest.fixture
def item(home: Path) -> int:
    db = open_home(home)
    item_id = add_item(db, "Proxy gaming", add_feed(db, "Blog"), summary=SUMMARY)
    db.close()
    return item_id


def test_highlight_then_card_from_it(cli, item) -> None:
    made = cli("highlight", "add", str(item), "--quote", "Evaluation has to  keep up")
    assert made.returncode == 0, made.stderr
    assert "Highlight 1 added" in made.stdout
    listed = json.loads(cli("highlights", "--json").stdout)
    assert listed == [
        {
            "id": 1,
            "item_id": item,
            "quote": "Evaluation has to keep up",
            "created_at": listed[0]["created_at"],
            "card_ids": [],
            "found": True,
        }
    ]
    card = cli(
        "card",
        "add",
        "--highlight",
        "1",
        "--front",
        "What must keep up with proxies?",
        "--back",
        "Evaluation",
    )
    assert card.returncode == 0, card.stderr
    [row] = json.loads(cli("highlights", "--json", "--item", str(item)).stdout)
    assert row["card_ids"] == [1]
    table = cli("highlights").stdout
    assert "Evaluation has to keep up" in table and "1" in table
    gone = cli("highlight", "remove", "1")
    assert gone.returncode == 0 and "1 card(s) written from it stay" in gone.stdout
    assert (
        json.loads(cli("cards", "--json").stdout)[0]["front"] == "What must keep up with proxies?"
    )


def test_a_quote_that_is_not_there_is_one_sentence(cli, item) -> None:
    result = cli("highlight", "add", str(item), "--quote", "words never written")
    assert result.returncode == 1
    assert result.stderr.startswith("curriculum: That quote is not in the reading's text")
    assert result.stderr.count("\n") == 1


def test_card_add_needs_a_reading_or_a_highlight(cli, item) -> None:
    result = cli("card", "add", "--front", "Q?", "--back", "A")
    assert result.returncode == 1 and "--item ITEM or --highlight ID" in result.stderr
    missing = cli("card", "add", "--highlight", "9", "--front", "Q?", "--back", "A")
    assert missing.returncode == 1 and "no highlight with id 9" in missing.stderr


def test_the_coach_adds_one_line_after_saving(cli, item) -> None:
    result = cli(
        "card", "add", "--item", str(item), "--front", "Is evaluation hard?", "--back", "Yes"
    )
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("Added card") and lines[1].startswith("Hint: A yes/no question")
    fine = cli(
        "card",
        "add",
        "--item",
        str(item),
        "--front",
        "Why must evaluation keep pace with optimisation?",
        "--back",
        "Optimisation finds the proxy's errors",
    )
    assert "Hint" not in fine.stdout


def test_prefetch_keeps_todays_texts(cli, home: Path, server: FeedServer) -> None:
    server.routes["/p"] = article_page(
        f"Kept paragraph {n} on interpretability research." for n in range(30)
    )
    db = open_home(home)
    with transaction(db):
        db.execute("UPDATE tracks SET active = 0")
    settings.set_value(db, "daily.items", "1")
    item_id = add_item(
        db, "Interpretability", add_feed(db, "Blog"), url=server.url("/p"), summary="Teaser."
    )
    db.close()
    result = cli("prefetch", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["items"] == [
        {"id": item_id, "source": "page", "words": data["items"][0]["words"], "reason": None}
    ]
    again = cli("prefetch")
    assert "already have their texts" in again.stdout
    shown = cli("text", str(item_id))
    assert "Kept paragraph 29" in shown.stdout and server.hits("/p") == 1
