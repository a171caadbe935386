"""Configuration: every mistake is reported at once in plain words, before anything starts;
`.env` is read; `icpbot config check` shows the effective values with secrets hidden."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings
from storage.crypto import Cipher

ROOT = Path(__file__).resolve().parents[2]


def problems(env: dict[str, str]) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env(env)
    return raised.value.problems


def only_problem(env: dict[str, str]) -> str:
    found = problems(env)
    assert len(found) == 1, found
    return found[0]


def test_defaults_need_no_variable_at_all() -> None:
    settings = Settings.from_env({})
    assert settings.data_dir == Path("var") and settings.database_url is None
    assert settings.admin_ids == frozenset() and settings.draft_reminder_days == 3
    assert settings.log_format == "text" and settings.relay_rate is None


def test_admin_ids_accept_commas_semicolons_and_spaces() -> None:
    assert Settings.from_env({"ICPBOT_ADMIN_IDS": "1, 2;3 4"}).admin_ids == {1, 2, 3, 4}


def test_admin_ids_that_are_not_numbers_are_refused_not_silently_dropped() -> None:
    problem = only_problem({"ICPBOT_ADMIN_IDS": "123,abc"})
    assert problem.startswith("ICPBOT_ADMIN_IDS: 'abc' is not a Telegram user id")


@pytest.mark.parametrize("value", ["three", "0", "-2", "1.5"])
def test_a_bad_draft_reminder_is_a_plain_sentence_not_a_traceback(value: str) -> None:
    problem = only_problem({"ICPBOT_DRAFT_REMINDER_DAYS": value})
    assert problem.startswith("ICPBOT_DRAFT_REMINDER_DAYS: ")
    assert "days" in problem


def test_a_database_url_of_another_kind_is_refused_with_its_password_hidden() -> None:
    problem = only_problem({"ICPBOT_DATABASE_URL": "mysql://bot:hunter2@db/icp"})
    assert problem.startswith("ICPBOT_DATABASE_URL: ") and "hunter2" not in problem


def test_a_secret_key_that_is_not_a_fernet_key_is_refused() -> None:
    good = Cipher.new_key()
    assert "key 2" in only_problem({"ICPBOT_SECRET_KEY": f"{good},not-a-key"})


def test_a_webhook_secret_telegram_would_refuse_is_refused() -> None:
    assert only_problem({"ICPBOT_WEBHOOK_SECRET": "has spaces!"}).startswith(
        "ICPBOT_WEBHOOK_SECRET: ")


def test_a_token_that_is_not_a_bot_token_is_refused() -> None:
    assert only_problem({"TELEGRAM_BOT_TOKEN": "my-token"}).startswith("TELEGRAM_BOT_TOKEN: ")


@pytest.mark.parametrize("variable", ["ICPBOT_TELEGRAM_API_URL", "ICPBOT_PROXY_URL"])
def test_urls_need_a_scheme_and_a_host(variable: str) -> None:
    assert only_problem({variable: "127.0.0.1:8081"}).startswith(f"{variable}: ")


def test_rates_must_be_numbers_and_the_relay_stays_under_telegrams_limit() -> None:
    assert only_problem({"ICPBOT_REPLY_RATE": "fast"}).startswith("ICPBOT_REPLY_RATE: ")
    assert only_problem({"ICPBOT_RELAY_RATE": "45"}).startswith("ICPBOT_RELAY_RATE: ")
    assert Settings.from_env({"ICPBOT_RELAY_RATE": "28"}).relay_rate == 28.0


def test_log_format_is_text_or_json() -> None:
    assert only_problem({"ICPBOT_LOG_FORMAT": "xml"}).startswith("ICPBOT_LOG_FORMAT: ")
    assert Settings.from_env({"ICPBOT_LOG_FORMAT": "JSON"}).log_format == "json"


@pytest.mark.parametrize("variable", ["ICPBOT_KEEP_SENT_DAYS", "ICPBOT_KEEP_DRAFTS_DAYS"])
def test_retention_periods_are_whole_days(variable: str) -> None:
    assert only_problem({variable: "soon"}).startswith(f"{variable}: ")


def test_drafts_are_not_deleted_before_their_owner_is_reminded() -> None:
    problem = only_problem({"ICPBOT_KEEP_DRAFTS_DAYS": "5", "ICPBOT_DRAFT_REMINDER_DAYS": "7"})
    assert "ICPBOT_KEEP_DRAFTS_DAYS (5)" in problem


def test_every_problem_is_reported_at_once() -> None:
    found = problems({"ICPBOT_ADMIN_IDS": "abc", "ICPBOT_DRAFT_REMINDER_DAYS": "x",
                      "ICPBOT_LOG_FORMAT": "xml", "ICPBOT_SECRET_KEY": "short"})
    assert sorted(problem.split(":")[0] for problem in found) == [
        "ICPBOT_ADMIN_IDS", "ICPBOT_DRAFT_REMINDER_DAYS", "ICPBOT_LOG_FORMAT",
        "ICPBOT_SECRET_KEY"]


def test_empty_values_mean_unset_as_in_a_copied_env_example() -> None:
    settings = Settings.from_env({"ICPBOT_DATABASE_URL": "", "ICPBOT_DRAFT_REMINDER_DAYS": ""})
    assert settings.database_url is None and settings.draft_reminder_days == 3


def test_dot_env_is_read_and_the_environment_wins(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=123:fromfile\nICPBOT_ADMIN_IDS=7\n"
                        "ICPBOT_DATABASE_URL=\n")
    monkeypatch.setenv("ICPBOT_ADMIN_IDS", "8")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    settings = Settings.from_env(env_file=env_file)
    assert settings.telegram_token == "123:fromfile" and settings.admin_ids == {8}


def run_icpbot(tmp_path: Path, env: dict[str, str], *args: str
               ) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("ICPBOT_", "TELEGRAM_"))}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=tmp_path,
                          env=environment | {"PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=60)


def test_config_check_hides_secrets_and_reads_dot_env(tmp_path: Path) -> None:
    key = Cipher.new_key()
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN=123456:SECRETPART\n"
                                   f"ICPBOT_SECRET_KEY={key}\n"
                                   "ICPBOT_DATABASE_URL=postgresql://bot:pw1234@db/icp\n")
    done = run_icpbot(tmp_path, {"ICPBOT_WEBHOOK_SECRET": "whsecret"}, "config", "check")
    assert done.returncode == 0, done.stderr
    for secret in ("SECRETPART", key, "pw1234", "whsecret"):
        assert secret not in done.stdout
    assert "123456:***" in done.stdout and "configuration is valid" in done.stdout


def test_config_check_exits_1_listing_every_error(tmp_path: Path) -> None:
    done = run_icpbot(tmp_path, {"ICPBOT_ADMIN_IDS": "abc",
                                 "ICPBOT_DRAFT_REMINDER_DAYS": "soon"}, "config", "check")
    assert done.returncode == 1
    assert "2 problems" in done.stderr and "Traceback" not in done.stderr
    assert "ICPBOT_ADMIN_IDS" in done.stderr and "ICPBOT_DRAFT_REMINDER_DAYS" in done.stderr


def test_a_bad_setting_stops_a_command_before_it_touches_the_database(tmp_path: Path) -> None:
    done = run_icpbot(tmp_path, {"ICPBOT_DATA_DIR": str(tmp_path / "data"),
                                 "ICPBOT_DRAFT_REMINDER_DAYS": "x"}, "db", "upgrade")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "ICPBOT_DRAFT_REMINDER_DAYS" in done.stderr
    assert not (tmp_path / "data").exists()
