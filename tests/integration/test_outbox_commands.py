"""`icpbot outbox list|retry|drop`: the operator sees what is stuck or dead, sends it again
or gives up on it; a row being sent right now is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import col

from bot.bootstrap import build
from bot.config import Settings
from storage.crypto import Cipher
from storage.db import make_engine, session_factory, to_db
from storage.outbox_admin import OutboxAdmin
from storage.tables import OutboxRow
from tests.queued_notifications import queue_notifications

ROOT = Path(__file__).resolve().parents[2]


def test_list_retry_and_drop(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ICPBOT_", "TELEGRAM_"))}
    env.update(ICPBOT_DATA_DIR=str(tmp_path), ICPBOT_SECRET_KEY=Cipher.new_key(),
               PYTHONPATH=str(ROOT))
    app = build(Settings.from_env(env))
    queue_notifications(app.database_url, [9001, 9002, 9003])
    sessions = session_factory(make_engine(app.database_url))
    now = datetime.now(UTC)
    with sessions() as session:
        session.execute(update(OutboxRow).where(col(OutboxRow.recipient) == "telegram:9001")
                        .values(status="dead", attempts=8, last_error="RetryAfter x8"))
        session.execute(update(OutboxRow).where(col(OutboxRow.recipient) == "telegram:9002")
                        .values(status="sending", available_at=to_db(now + timedelta(seconds=30))))
        session.commit()

    def icpbot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot.cli", "outbox", *args], env=env,
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)

    listing = icpbot("list")
    assert listing.returncode == 0
    assert "telegram:9001" in listing.stdout and "RetryAfter x8" in listing.stdout
    assert "telegram:9003" in listing.stdout and "pending" in listing.stdout
    assert "telegram:9001" in icpbot("list", "--status", "dead").stdout
    assert "telegram:9003" not in icpbot("list", "--status", "dead").stdout

    rows = {entry.recipient: entry.id for entry in OutboxAdmin(sessions).list()}
    assert icpbot("retry", str(rows["telegram:9002"])).returncode == 1  # being sent: left
    done = icpbot("retry", str(rows["telegram:9001"]))
    assert done.returncode == 0 and "1 notification will be sent again" in done.stdout
    done = icpbot("drop", str(rows["telegram:9003"]))
    assert done.returncode == 0 and "1 notification dropped" in done.stdout

    states = {entry.recipient: (entry.status, entry.attempts)
              for entry in OutboxAdmin(sessions).list("all")}
    assert states == {"telegram:9001": ("pending", 0), "telegram:9002": ("sending", 0),
                      "telegram:9003": ("dead", 0)}
    assert icpbot("retry", "--all-dead").returncode == 0
    assert {entry.status for entry in OutboxAdmin(sessions).list("all")} == {
        "pending", "sending"}
