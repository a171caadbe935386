"""Attacks 2-4 on the encryption keys: `icpbot keys rotate` killed at random moments, a
rotation while the bot runs, and a key file that went missing while data exists."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.bootstrap import App
from dialogs.session import DialogSession
from filing.lifecycle import Status
from storage.crypto import Cipher
from storage.db import make_engine
from storage.keys import read_key_file
from storage.tables import sealed_columns
from tests.security.support import icpbot, icpbot_run, orders_in, sqlite_app, sqlite_env

FILES = 300
DRAFTS = 150
CYCLES = 2  # full rotations, each killed again and again until a run finishes by itself


def _fill(app: App, drafts: int = DRAFTS, files: int = FILES) -> None:
    orders_in(app, Status.PROVIDER_REVIEW, 20)
    for number in range(drafts):
        _draft(app, f"d{number:05d}")
    for number in range(files):
        app.materials.save(f"test:{number % 40}", "id_card_front", "id.jpg", "image/jpeg",
                           os.urandom(8 * 1024) + number.to_bytes(4, "big"))


def _draft(app: App, draft_id: str) -> None:
    now = datetime.now(UTC)
    app.store.save_draft(DialogSession(draft_id, "test:9", "first_filing", "entity_name",
                                       {"entity_name": f"张三{draft_id}"}, created_at=now,
                                       updated_at=now))


def _unreadable(app: App, keys: list[str]) -> list[str]:
    """Every blob that none of ``keys`` opens."""
    cipher, bad = Cipher(*keys), []
    with make_engine(app.database_url).connect() as connection:
        for table, key, column in sealed_columns():
            query = select(table.c[key], table.c[column]).where(table.c[column].is_not(None),
                                                                table.c[column] != "")
            for row_key, token in connection.execute(query):
                try:
                    cipher.decrypt(token)
                except ValueError:
                    bad.append(f"{table.name}.{column}:{row_key}")
    for path in (app.settings.data_dir / "materials").rglob("*.bin"):
        try:
            cipher.decrypt_bytes(path.read_bytes())
        except ValueError:
            bad.append(path.name)
    return bad


@pytest.mark.slow
def test_rotation_killed_at_random_moments_never_leaves_a_blob_unreadable(
        tmp_path: Path) -> None:
    app = sqlite_app(tmp_path)
    _fill(app)
    env, key_file = sqlite_env(tmp_path), tmp_path / "secret.key"
    kills = checks = 0
    chance = random.Random(14)
    for _cycle in range(CYCLES):
        before = read_key_file(key_file)
        delay = 0.4
        while True:
            run = icpbot(env, "keys", "rotate", "--pickup-wait", "0.3")
            try:
                run.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                run.send_signal(signal.SIGKILL)
                run.communicate()
                kills += 1
                delay *= 1.15 + 0.3 * chance.random()  # later and later: every phase is hit
            keys = read_key_file(key_file)
            assert _unreadable(app, keys) == [], f"after a kill at {delay:.2f}s"
            checks += 1
            if run.returncode == 0:
                break
            assert run.returncode == -signal.SIGKILL, run.communicate()
        after = read_key_file(key_file)
        assert len(after) == 1 and after[0] not in before
    print(f"\n{CYCLES} rotations of {DRAFTS} drafts, 20 orders and {FILES} files: {kills} "
          f"SIGKILLs, {checks} checks, 0 unreadable blobs", flush=True)


def test_a_running_bot_follows_the_rotation_and_nothing_it_writes_is_lost(
        tmp_path: Path) -> None:
    running = sqlite_app(tmp_path)
    _fill(running, drafts=20, files=20)
    stop, written = threading.Event(), []

    def keep_writing() -> None:  # the bot: a new draft every 20 ms throughout
        while not stop.is_set():
            draft_id = f"live{len(written):05d}"
            _draft(running, draft_id)
            written.append(draft_id)
            time.sleep(0.02)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        done = icpbot_run(sqlite_env(tmp_path), "keys", "rotate")
        time.sleep(1.5)  # and it goes on writing after the rotation
    finally:
        stop.set()
        writer.join()
    assert done.returncode == 0, done.stderr
    assert len(read_key_file(tmp_path / "secret.key")) == 1
    restarted = sqlite_app(tmp_path)  # the new key alone
    assert _unreadable(restarted, read_key_file(tmp_path / "secret.key")) == []
    assert all(restarted.store.load_draft(draft_id) is not None for draft_id in written)
    assert running.store.load_draft(written[0]) is not None  # the bot reads the new key too


def test_a_missing_key_file_with_data_refuses_to_start_and_says_how_to_restore(
        tmp_path: Path) -> None:
    app = sqlite_app(tmp_path)
    orders_in(app, Status.PROVIDER_REVIEW, 1)
    key_file = tmp_path / "secret.key"
    key_file.unlink()
    for command in (["review", "list"], ["keys", "rotate"]):
        refused = icpbot_run(sqlite_env(tmp_path), *command)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert "missing" in refused.stderr
        assert "Restore secret.key from your backup" in refused.stderr
        assert not key_file.exists()  # no new key was made


def test_a_wrong_key_refuses_to_start(tmp_path: Path) -> None:
    orders_in(sqlite_app(tmp_path), Status.PROVIDER_REVIEW, 1)
    env = sqlite_env(tmp_path, ICPBOT_SECRET_KEY=Cipher.new_key())
    refused = icpbot_run(env, "review", "list")
    assert refused.returncode == 2 and "does not open the stored personal data" in refused.stderr


def test_no_data_yet_is_the_only_case_a_key_is_made(tmp_path: Path) -> None:
    sqlite_app(tmp_path)
    assert len(read_key_file(tmp_path / "secret.key")) == 1
