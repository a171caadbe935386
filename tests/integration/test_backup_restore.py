"""icpbot backup → wipe → icpbot restore: the draft resumes in `icpbot chat` where it was,
with the materials and the key that encrypts them; a wrong key or a busy database is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from storage.crypto import Cipher
from storage.locks import libpq_url
from tests.integration.test_cli_chat import ENTITY_ANSWERS, ID_FRONT, REST_ANSWERS, icpbot
from tests.samples import JPEG

ROOT = Path(__file__).resolve().parents[2]
# The scripted filing up to the first upload and a little beyond: a draft with a material.
UP_TO_UPLOAD = ENTITY_ANSWERS + REST_ANSWERS[:REST_ANSWERS.index({"file": ID_FRONT}) + 1]


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    Path(ID_FRONT).write_bytes(JPEG)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ICPBOT_", "TELEGRAM_"))}
    env.update(ICPBOT_DATA_DIR=str(data_dir), LANG="en_US.UTF-8", PYTHONPATH=str(ROOT),
               **extra)
    return env


def command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def resumed_text(env: dict[str, str]) -> str:
    replies = icpbot(env, "chat", "--json", "--lang", "en", lines=[{"command": "start"}])
    return "\n".join(str(reply["text"]) for reply in replies)


def start_a_draft(env: dict[str, str]) -> str:
    icpbot(env, "chat", "--json", "--lang", "en", lines=UP_TO_UPLOAD)
    before = resumed_text(env)
    assert "Welcome back" in before, before
    return before


def test_sqlite_backup_wipe_restore_and_the_draft_resumes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = environment(data)  # no ICPBOT_SECRET_KEY: the key file must travel in the backup
    before = start_a_draft(env)
    archive = tmp_path / "backup.tar.gz"
    done = command(env, "backup", "--output", str(archive))
    assert done.returncode == 0, done.stderr
    assert "1 material files" in done.stdout and oct(archive.stat().st_mode)[-3:] == "600"

    shutil.rmtree(data)  # the wipe: database, materials and key all gone
    done = command(env, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert (data / "secret.key").exists() and any((data / "materials").rglob("*.bin"))
    after = resumed_text(env)
    assert after == before  # same step, same answers, decrypted with the restored key
    replies = icpbot(env, "chat", "--json", "--lang", "en",
                     lines=REST_ANSWERS[REST_ANSWERS.index({"file": ID_FRONT}) + 1:])
    assert any(str(reply["text"]).startswith("Submitted!") for reply in replies)


def test_restore_refuses_to_overwrite_a_database_in_use(tmp_path: Path) -> None:
    env = environment(tmp_path / "data", ICPBOT_SECRET_KEY=Cipher.new_key())
    start_a_draft(env)
    archive = tmp_path / "backup.tar.gz"
    assert command(env, "backup", "-o", str(archive)).returncode == 0
    done = command(env, "restore", str(archive))
    assert done.returncode == 1 and "--force" in done.stderr
    assert command(env, "restore", "--force", str(archive)).returncode == 0


def test_restore_refuses_a_different_key(tmp_path: Path) -> None:
    env = environment(tmp_path / "data", ICPBOT_SECRET_KEY=Cipher.new_key())
    start_a_draft(env)
    archive = tmp_path / "backup.tar.gz"
    assert command(env, "backup", "-o", str(archive)).returncode == 0
    shutil.rmtree(tmp_path / "data")
    other = environment(tmp_path / "data", ICPBOT_SECRET_KEY=Cipher.new_key())
    done = command(other, "restore", str(archive))
    assert done.returncode == 1 and "not the key of this backup" in done.stderr


@pytest.mark.postgres
def test_postgresql_backup_wipe_restore_and_the_draft_resumes(
        postgres_url: str, tmp_path: Path) -> None:
    env = environment(tmp_path / "data", ICPBOT_DATABASE_URL=postgres_url,
                      ICPBOT_SECRET_KEY=Cipher.new_key())
    before = start_a_draft(env)
    archive = tmp_path / "backup.tar.gz"
    done = command(env, "backup", "-o", str(archive))
    assert done.returncode == 0, done.stderr
    with psycopg.connect(libpq_url(postgres_url), autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    shutil.rmtree(tmp_path / "data")
    done = command(env, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert resumed_text(env) == before
