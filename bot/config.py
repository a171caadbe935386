"""Settings from the environment and ``.env`` (documented in README and .env.example).

``Settings`` is the plain value the rest of the code uses (a frozen dataclass: tests build and
``dataclasses.replace`` it directly). ``Settings.from_env`` reads it through ``_Environment``,
a pydantic-settings model, so that every variable is typed and checked before anything touches
the database, and every mistake is reported at once in plain words (``ConfigError``).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_FILE = ".env"
TELEGRAM_MESSAGES_PER_SECOND = 30.0  # Telegram's overall limit for one bot


class ConfigError(Exception):
    """Every problem found in the configuration, one plain sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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
    reply_rate: str = ""  # ICPBOT_REPLY_RATE, checked here and turned into a rate in bot.tg.app
    proxy_url: str | None = None  # None: aiohttp follows HTTPS_PROXY / NO_PROXY itself
    log_format: str = "text"  # text | json
    relay_rate: float | None = None  # None: 10/s beside the bot, 28/s in `icpbot dispatch`
    keep_sent_days: int = 30  # sent notifications
    keep_drafts_days: int = 90  # drafts untouched this long are deleted
    web_desk: bool = False  # ICPBOT_WEB_DESK: the review desk under /desk beside the webhook

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *,
                 env_file: str | Path | None = ENV_FILE) -> Settings:
        """From ``env`` (a mapping, nothing else read) or from the process environment and
        ``env_file`` (the environment wins). Raises ConfigError listing every problem."""
        try:
            if env is not None:
                values = _Environment.model_validate(
                    {key: value for key, value in env.items() if value != ""})
            else:
                values = _Environment(_env_file=env_file)  # type: ignore[call-arg]
        except ValidationError as error:
            raise ConfigError([_plain(problem) for problem in error.errors()]) from None
        return values.to_settings()

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


def _plain(problem: Mapping[str, Any]) -> str:
    name = ".".join(str(part) for part in problem.get("loc", ()))
    message = str(problem.get("msg", "is not valid")).removeprefix("Value error, ")
    return f"{name}: {message}" if name else message


_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")


def _whole_number(value: Any, *, least: int, what: str) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{text!r} is not a whole number of {what}")
    number = int(text)
    if number < least:
        raise ValueError(f"must be at least {least} {what}, not {number}")
    return number


def _url(value: str, schemes: tuple[str, ...], example: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in schemes or not parts.netloc:
        raise ValueError(f"{value!r} is not a URL starting with "
                         f"{' or '.join(s + '://' for s in schemes)} (e.g. {example})")
    return value.strip()


class _Environment(BaseSettings):
    """The variables as pydantic-settings reads them; field names are the variables'."""

    model_config = SettingsConfigDict(env_ignore_empty=True, extra="ignore",
                                      case_sensitive=True, populate_by_name=False)

    data_dir: Path = Field(Path("./var"), validation_alias="ICPBOT_DATA_DIR")
    database_url: str | None = Field(None, validation_alias="ICPBOT_DATABASE_URL")
    telegram_token: str | None = Field(None, validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_api_url: str | None = Field(None, validation_alias="ICPBOT_TELEGRAM_API_URL")
    admin_ids: Any = Field("", validation_alias="ICPBOT_ADMIN_IDS")
    secret_key: str | None = Field(None, validation_alias="ICPBOT_SECRET_KEY")
    webhook_secret: str | None = Field(None, validation_alias="ICPBOT_WEBHOOK_SECRET")
    callback_secret: str | None = Field(None, validation_alias="ICPBOT_CALLBACK_SECRET")
    draft_reminder_days: Any = Field(3, validation_alias="ICPBOT_DRAFT_REMINDER_DAYS")
    reply_rate: str = Field("", validation_alias="ICPBOT_REPLY_RATE")
    proxy_url: str | None = Field(None, validation_alias="ICPBOT_PROXY_URL")
    log_format: str = Field("text", validation_alias="ICPBOT_LOG_FORMAT")
    relay_rate: str = Field("", validation_alias="ICPBOT_RELAY_RATE")
    keep_sent_days: Any = Field(30, validation_alias="ICPBOT_KEEP_SENT_DAYS")
    keep_drafts_days: Any = Field(90, validation_alias="ICPBOT_KEEP_DRAFTS_DAYS")
    web_desk: bool = Field(False, validation_alias="ICPBOT_WEB_DESK")

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str | None) -> str | None:
        if value is None:
            return None
        scheme = urlsplit(value.strip()).scheme.split("+")[0]
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise ValueError(f"{_hide_password(value)!r} is neither a sqlite:/// nor a "
                             "postgresql:// URL (e.g. postgresql://icpbot:secret@db:5432/icpbot)")
        return value.strip()

    @field_validator("telegram_token")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        if value is not None and not _TOKEN.match(value.strip()):
            raise ValueError("does not look like a bot token from @BotFather "
                             "(digits, a colon, then letters, digits, _ or -)")
        return value.strip() if value else None

    @field_validator("telegram_api_url")
    @classmethod
    def _api(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return _url(value, ("http", "https"), "http://127.0.0.1:8081").rstrip("/")

    @field_validator("proxy_url")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return _url(value, ("http", "https"), "http://proxy.internal:3128")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admins(cls, value: Any) -> frozenset[int]:
        if isinstance(value, int):
            return frozenset({value})
        parts = [part for part in re.split(r"[,;\s]+", str(value)) if part]
        wrong = [part for part in parts if not re.fullmatch(r"\d+", part)]
        if wrong:
            raise ValueError(", ".join(repr(part) for part in wrong) + " is not a Telegram "
                             "user id (a positive whole number such as 123456789; ids are "
                             "comma-separated; ask @userinfobot for yours)")
        return frozenset(int(part) for part in parts)

    @field_validator("secret_key")
    @classmethod
    def _keys(cls, value: str | None) -> str | None:
        if value is None:
            return None
        keys = [key.strip() for key in value.split(",") if key.strip()]
        for position, key in enumerate(keys, 1):
            try:
                raw = base64.urlsafe_b64decode(key.encode())
            except (binascii.Error, ValueError):
                raw = b""
            if len(raw) != 32:
                raise ValueError(f"key {position} is not a Fernet key (44 characters of "
                                 "url-safe base64; make one with `icpbot keys rotate` or "
                                 "cryptography's Fernet.generate_key())")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook(cls, value: str | None) -> str | None:
        if value is not None and not _WEBHOOK_SECRET.match(value):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
                             "(Telegram's rule for the secret token)")
        return value

    @field_validator("draft_reminder_days", mode="before")
    @classmethod
    def _reminder(cls, value: Any) -> int:
        return _whole_number(value, least=1, what="days")

    @field_validator("keep_sent_days", "keep_drafts_days", mode="before")
    @classmethod
    def _keep(cls, value: Any) -> int:
        return _whole_number(value, least=1, what="days")

    @field_validator("reply_rate")
    @classmethod
    def _reply(cls, value: str) -> str:
        value = value.strip()
        if value:
            rate = _number(value)
            if rate is None or rate < 0:
                raise ValueError(f"{value!r} is not a number of messages per second "
                                 "(0 or empty: no cap)")
        return value

    @field_validator("relay_rate")
    @classmethod
    def _relay(cls, value: str) -> str:
        value = value.strip()
        if value:
            rate = _number(value)
            if rate is None or not 0 < rate <= TELEGRAM_MESSAGES_PER_SECOND:
                raise ValueError(f"{value!r} is not a number of messages per second above 0 "
                                 f"and at most {TELEGRAM_MESSAGES_PER_SECOND:g} "
                                 "(Telegram's limit)")
        return value

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.strip().lower() not in ("text", "json"):
            raise ValueError(f"{value!r} is neither text nor json")
        return value.strip().lower()

    @model_validator(mode="after")
    def _together(self) -> _Environment:
        if self.keep_drafts_days <= self.draft_reminder_days:
            raise ValueError(
                f"ICPBOT_KEEP_DRAFTS_DAYS ({self.keep_drafts_days}) must be more than "
                f"ICPBOT_DRAFT_REMINDER_DAYS ({self.draft_reminder_days}): a draft would be "
                "deleted before its owner is reminded of it")
        return self

    def to_settings(self) -> Settings:
        relay = _number(self.relay_rate) if self.relay_rate else None
        return Settings(
            data_dir=self.data_dir, database_url=self.database_url,
            telegram_token=self.telegram_token, telegram_api_url=self.telegram_api_url,
            admin_ids=frozenset(self.admin_ids), secret_key=self.secret_key,
            webhook_secret=self.webhook_secret, callback_secret=self.callback_secret,
            draft_reminder_days=int(self.draft_reminder_days), reply_rate=self.reply_rate,
            proxy_url=self.proxy_url, log_format=self.log_format, relay_rate=relay,
            keep_sent_days=int(self.keep_sent_days),
            keep_drafts_days=int(self.keep_drafts_days), web_desk=self.web_desk)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def effective(settings: Settings) -> dict[str, str]:
    """The configuration as ``icpbot config check`` prints it: secrets hidden."""

    def secret(value: str | None) -> str:
        return "(set, hidden)" if value else "(not set)"

    token = settings.telegram_token
    keys = len([k for k in (settings.secret_key or "").split(",") if k.strip()])
    return {
        "TELEGRAM_BOT_TOKEN": (token.split(":")[0] + ":***") if token else "(not set)",
        "ICPBOT_TELEGRAM_API_URL": settings.telegram_api_url or "https://api.telegram.org",
        "ICPBOT_PROXY_URL": _hide_password(settings.proxy_url) if settings.proxy_url
        else "(not set; HTTPS_PROXY / NO_PROXY are followed)",
        "ICPBOT_WEBHOOK_SECRET": secret(settings.webhook_secret),
        "ICPBOT_REPLY_RATE": settings.reply_rate or "(no cap)",
        "ICPBOT_RELAY_RATE": f"{settings.relay_rate:g}/s" if settings.relay_rate
        else "(10/s beside the bot, 28/s in icpbot dispatch)",
        "ICPBOT_DATABASE_URL": _hide_password(settings.database_url) if settings.database_url
        else f"(SQLite in {settings.data_dir})",
        "ICPBOT_DATA_DIR": str(settings.data_dir),
        "ICPBOT_ADMIN_IDS": ", ".join(str(i) for i in sorted(settings.admin_ids))
        or "(none: nobody reviews in Telegram)",
        "ICPBOT_SECRET_KEY": f"(set, hidden: {keys} key{'s' if keys != 1 else ''})" if keys
        else f"(not set: key file {settings.data_dir / 'secret.key'})",
        "ICPBOT_CALLBACK_SECRET": secret(settings.callback_secret),
        "ICPBOT_DRAFT_REMINDER_DAYS": str(settings.draft_reminder_days),
        "ICPBOT_WEB_DESK": "on (under /desk beside the webhook)" if settings.web_desk
        else "off",
        "ICPBOT_KEEP_SENT_DAYS": str(settings.keep_sent_days),
        "ICPBOT_KEEP_DRAFTS_DAYS": str(settings.keep_drafts_days),
        "ICPBOT_LOG_FORMAT": settings.log_format,
    }
