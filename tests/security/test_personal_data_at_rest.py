"""Attack 7: personal data found in clear at rest (the emergency phone in filing_order.details,
in the SQLite WAL and in pg_dump; a data dir of 755 and database files of 644). A whole filing
is made, reviewed with a note that repeats a phone number, and every byte the bot keeps is
searched for every personal value of it."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from bot.bootstrap import App, build
from bot.config import Settings
from dialogs.messages import ChatRef
from filing.lifecycle import Action
from filing.services import ReviewDecision
from storage.crypto import Cipher
from tests.harness import Conversation
from tests.security.support import FILE_NAMES, PERSONAL, fill_first_filing, sqlite_env

NOTE = f"请核对紧急联系人电话 {PERSONAL['emergency']}"


def _file_and_review(app: App) -> None:
    chat = Conversation(app.engine, ChatRef("test", "applicant"))
    fill_first_filing(chat)
    chat.press("nav:confirm")
    assert "Submitted!" in chat.text
    [order] = app.filing.list(applicant="test:applicant")
    app.filing.decide(ReviewDecision(order.id, Action.REJECT, "alice", ("website_name",), NOTE))
    stored = app.filing.get(order.id)  # the values are there, sealed
    assert PERSONAL["emergency"] == stored.entity.leader.emergency_phone  # it is stored…
    assert stored.history[-1].note == NOTE
    fill_first_filing(Conversation(app.engine, ChatRef("test", "applicant")))  # a new draft


def _needles() -> dict[str, bytes]:
    values = {**PERSONAL, "note": NOTE, **{f"file {n}": n for n in FILE_NAMES}}
    return {label: value.encode("utf-8") for label, value in values.items()}


def _found_in(blob: bytes) -> list[str]:
    return [label for label, needle in _needles().items() if needle in blob]


def test_no_personal_value_is_in_any_sqlite_file_and_all_are_owner_only(
        tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = build(Settings.from_env(sqlite_env(data_dir)))
    _file_and_review(app)
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert {"icpbot.sqlite3", "icpbot.sqlite3-wal", "secret.key"} <= names
    found = {str(path.relative_to(data_dir)): _found_in(path.read_bytes()) for path in files}
    assert {name: labels for name, labels in found.items() if labels} == {}
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for path in data_dir.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_no_personal_value_is_in_a_pg_dump(postgres_url: str, tmp_path: Path) -> None:
    app = build(Settings.from_env({"ICPBOT_DATA_DIR": str(tmp_path),
                                   "ICPBOT_DATABASE_URL": postgres_url,
                                   "ICPBOT_SECRET_KEY": Cipher.new_key()}))
    _file_and_review(app)
    dump = subprocess.run(["pg_dump", "--no-owner", postgres_url], capture_output=True,
                          check=True, timeout=120).stdout
    assert b"filing_order" in dump and b"status_history" in dump
    assert _found_in(dump) == []
