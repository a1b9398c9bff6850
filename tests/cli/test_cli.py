"""The command line as a user runs it: real subprocesses on a temporary home."""

from __future__ import annotations

import json
import re
from pathlib import Path

from curriculum import __version__

ROOT = Path(__file__).resolve().parents[2]
DESIGN_COMMANDS = [
    "review",
    "feed",
    "fetch",
    "opml",
    "add",
    "items",
    "today",
    "done",
    "skip",
    "snooze",
    "card",
    "cards",
    "stats",
    "digest",
    "export",
    "import",
    "config",
    "check",
    "backup",
    "optimize",
]


def test_version(cli):
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"curriculum {__version__}"


def test_help_lists_every_command_of_the_design(cli):
    result = cli("--help")
    assert result.returncode == 0
    listed = set(re.findall(r"^    (\w+)\s", result.stdout, re.MULTILINE))
    assert set(DESIGN_COMMANDS) <= listed


def test_config_lists_prints_and_sets(cli):
    listing = cli("config")
    assert listing.returncode == 0
    assert re.search(r"^daily\.items\s+2\b", listing.stdout, re.MULTILINE)
    assert cli("config", "daily.minutes").stdout == "60\n"
    assert cli("config", "daily.minutes", "45").returncode == 0
    assert cli("config", "daily.minutes").stdout == "45\n"
    assert json.loads(cli("config", "--json").stdout)["daily.minutes"] == 45


def test_config_refuses_bad_input_in_one_sentence(cli):
    unknown = cli("config", "daily.itemz", "3")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("curriculum: There is no setting named 'daily.itemz'")
    assert unknown.stderr.count("\n") == 1 and "Traceback" not in unknown.stderr
    bad = cli("config", "day.starts", "noon")
    assert bad.returncode == 1 and "HH:MM" in bad.stderr
    assert cli("config", "day.starts").stdout == "04:00\n"


def test_today_json_lists_starter_readings_offline(cli):
    result = cli("today", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["date"])
    assert data["day_starts"] == "04:00"
    assert data["target"] == {"items": 2, "minutes": 60}
    assert data["items"], "a fresh home has starter readings for today"
    first = data["items"][0]
    assert first["title"] == "Four Background Claims"
    assert set(first) >= {"id", "title", "url", "source", "minutes", "status"}


def test_today_for_people(cli):
    result = cli("today")
    assert result.returncode == 0
    assert "Four Background Claims" in result.stdout


def test_check_passes_on_a_fresh_home(cli, home: Path):
    result = cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok:")
    assert (home / "curriculum.db").exists()


def test_check_fails_on_a_damaged_database(cli, home: Path):
    (home / "curriculum.db").write_bytes(b"garbage" * 1000)
    result = cli("check")
    assert result.returncode == 1
    assert "not a readable Curriculum database" in result.stderr
    assert "Traceback" not in result.stderr


def test_home_flag_overrides_the_environment(cli, tmp_path: Path):
    other = tmp_path / "elsewhere"
    assert cli("--home", str(other), "config", "daily.items", "4").returncode == 0
    assert (other / "curriculum.db").exists()
    assert cli("config", "daily.items").stdout == "2\n"
    assert cli("config", "daily.items", "--home", str(other)).stdout == "4\n"


def test_apply_a_user_catalog_with_an_error_names_file_and_line(cli, tmp_path: Path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("feeds:\n  - name: Only a name\n")
    result = cli("apply", str(bad))
    assert result.returncode == 1
    assert f"{bad}, line 2:" in result.stderr


def test_apply_again_adds_nothing(cli):
    result = cli("apply")
    assert result.returncode == 0
    assert "0 feeds added" in result.stdout and "0 readings added" in result.stdout
