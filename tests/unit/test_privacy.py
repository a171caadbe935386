"""Personal data: the key made on first run, /privacy, and what reviewers and logs see."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from bot import callback_api
from bot.config import Settings
from filing.masking import mask_id, mask_phone, scrub
from storage.crypto import Cipher
from tests.conftest import FakeWorld


def test_a_missing_key_is_created_once_owner_only_and_announced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings.from_env({"ICPBOT_DATA_DIR": str(tmp_path)})
    [key] = settings.keys()
    path = tmp_path / "secret.key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert "created an encryption key" in capsys.readouterr().err
    Cipher(key)  # a valid Fernet key
    assert settings.keys() == [key]  # made once, then reused
    assert "created" not in capsys.readouterr().err


def test_privacy_explains_what_is_stored_and_why(world: FakeWorld) -> None:
    chat = world.conversation()
    chat.command("privacy")
    assert "encrypted" in chat.text and "only to prepare and track your filing" in chat.text


def test_personal_numbers_are_masked_for_display_and_logs() -> None:
    assert mask_id("11010519491231002X") == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    line = scrub("user 11010519491231002X phoned from 13812345678, mail li.wei@example.com")
    assert "11010519491231002X" not in line and "13812345678" not in line
    assert "li.wei@" not in line


def test_the_back_office_signature_is_compared_in_constant_time() -> None:
    assert "hmac.compare_digest" in inspect.getsource(callback_api.CallbackHandler.status)


def test_privacy_tells_how_long_untouched_drafts_are_kept(tmp_path: Path) -> None:
    from bot.bootstrap import build
    from dialogs.messages import ChatRef
    from tests.harness import Conversation

    app = build(Settings.from_env({"ICPBOT_DATA_DIR": str(tmp_path),
                                   "ICPBOT_SECRET_KEY": Cipher.new_key(),
                                   "ICPBOT_KEEP_DRAFTS_DAYS": "45"}))
    chat = Conversation(app.engine, ChatRef("test", "7"), "en")
    chat.command("privacy")
    assert "A draft nobody touches for 45 days is deleted" in chat.text


def test_json_logs_mask_personal_data_and_keep_extra_fields(
        capsys: pytest.CaptureFixture[str]) -> None:
    import json
    import logging

    from bot import logs

    logs.configure("json", logging.INFO)
    try:
        logging.getLogger("icpbot.test").warning("order for %s, mobile %s", "11010519491231002X",
                                                 "13812345678", extra={"order_id": "A1"})
        try:
            raise ValueError("bad mail li.wei@example.com")
        except ValueError:
            logging.getLogger("icpbot.test").exception("failed")
    finally:
        logs.configure("text", logging.WARNING)
    first, second = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert first["level"] == "warning" and first["logger"] == "icpbot.test"
    assert first["order_id"] == "A1"
    assert "11010519491231002X" not in first["message"] and "1101" in first["message"]
    assert "13812345678" not in first["message"]
    assert "li.wei@" not in second["exception"] and "ValueError" in second["exception"]
