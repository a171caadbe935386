"""Settings from the environment (documented in README and .env.example)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str | None
    telegram_token: str | None
    telegram_api_url: str | None
    admin_ids: frozenset[int]
    secret_key: str | None  # comma-separated Fernet keys; the first encrypts
    webhook_secret: str | None
    callback_secret: str | None
    draft_reminder_days: int
    reply_rate: str = ""  # ICPBOT_REPLY_RATE, checked where it is used (bot.tg.app)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        admins = frozenset(int(part) for part in env.get("ICPBOT_ADMIN_IDS", "").replace(
            ";", ",").split(",") if part.strip().lstrip("-").isdigit())
        return cls(
            data_dir=Path(env.get("ICPBOT_DATA_DIR") or "./var"),
            database_url=env.get("ICPBOT_DATABASE_URL") or None,
            telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_api_url=(env.get("ICPBOT_TELEGRAM_API_URL") or "").rstrip("/") or None,
            admin_ids=admins,
            secret_key=env.get("ICPBOT_SECRET_KEY") or None,
            webhook_secret=env.get("ICPBOT_WEBHOOK_SECRET") or None,
            callback_secret=env.get("ICPBOT_CALLBACK_SECRET") or None,
            draft_reminder_days=int(env.get("ICPBOT_DRAFT_REMINDER_DAYS") or 3),
            reply_rate=env.get("ICPBOT_REPLY_RATE", ""),
        )

    @property
    def key_file(self) -> Path:
        return self.data_dir / "secret.key"

    def keys(self) -> list[str]:
        """The encryption keys: from the environment, else a key file made once in the data dir."""
        if self.secret_key:
            return [key.strip() for key in self.secret_key.split(",") if key.strip()]
        from storage.crypto import Cipher

        path = self.key_file
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(Cipher.new_key() + "\n")
            print(f"icpbot: created an encryption key for personal data in {path} (owner-only); "
                  "back it up, or set ICPBOT_SECRET_KEY.", file=sys.stderr)
        return [line.strip() for line in path.read_text().splitlines() if line.strip()]
