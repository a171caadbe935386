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
