"""The composition root: the one place where settings become a wired application."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from bot.config import Settings
from bot.i18n import format_datetime, translator
from dialogs.engine import Engine
from dialogs.flows import all_flows
from dialogs.i18n import TranslatorFactory
from filing.services import FilingService
from storage.conversations import SqlConversationStore
from storage.crypto import Cipher
from storage.db import default_url, make_engine, session_factory
from storage.materials import FileMaterialStore
from storage.migrate import upgrade
from storage.outbox import SqlOutbox
from storage.receipts import SqlReceipts
from storage.reminders import SqlReminderScheduler
from storage.uow import uow_factory


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class LazyKnowledge:
    """Loads the knowledge base on the first question, keeping start-up fast."""

    def __init__(self) -> None:
        self._base: Any = None

    def ask(self, question: str, *, lang: str | None = None, region: str | None = None) -> Any:
        if self._base is None:
            from knowledge import KnowledgeBase

            self._base = KnowledgeBase.load()
        return self._base.ask(question, lang=lang, region=region)


@dataclass
class App:
    settings: Settings
    database_url: str
    engine: Engine
    filing: FilingService
    store: SqlConversationStore
    outbox: SqlOutbox
    cipher: Cipher
    materials: FileMaterialStore
    reminders: SqlReminderScheduler
    receipts: SqlReceipts
    knowledge: LazyKnowledge = field(default_factory=LazyKnowledge)
    translator: Any = translator
    format_datetime: Any = format_datetime


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return default_url(settings.data_dir)


def migrate(settings: Settings) -> str:
    url = database_url(settings)
    upgrade(url)
    return url


def build(settings: Settings, *, migrate_first: bool = True) -> App:
    url = migrate(settings) if migrate_first else database_url(settings)
    db = make_engine(url)
    sessions = session_factory(db)
    cipher = Cipher(*settings.keys())
    clock = SystemClock()
    filing = FilingService(uow_factory(sessions, cipher), clock)
    store = SqlConversationStore(db, cipher)
    knowledge = LazyKnowledge()
    materials = FileMaterialStore(settings.data_dir / "materials", cipher)
    translators = cast(TranslatorFactory, translator)
    reviewers = frozenset(f"telegram:{user_id}" for user_id in settings.admin_ids)
    engine = Engine(store, all_flows(), translators, filing, clock, knowledge, materials,
                    reviewers=reviewers)
    engine.draft_retention_days = settings.keep_drafts_days  # told in /privacy
    reminders = SqlReminderScheduler(sessions, settings.draft_reminder_days)
    return App(settings, url, engine, filing, store, SqlOutbox(sessions), cipher, materials,
               reminders, SqlReceipts(sessions), knowledge)
