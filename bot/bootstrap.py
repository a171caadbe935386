"""The composition root: the one place where settings become a wired application.

``build(settings, **overrides)`` is used by the CLI, the bot, the relay and the tests; any
component can be replaced by passing it by name (fakes in tests). Components are made on
first use, so an app built from fakes never opens a database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from bot.config import Settings

if TYPE_CHECKING:
    from knowledge import KnowledgeBase
from bot.i18n import format_datetime, formats, translator
from bot.metrics import CountingOutbox
from bot.relay import EventObserver, Relay
from dialogs import machine
from dialogs.engine import Engine
from dialogs.flood import FloodGuard
from dialogs.flows import all_flows
from dialogs.handlers.drafts import DraftHandler
from dialogs.handlers.ending import FormEnding
from dialogs.handlers.form import FormHandler
from dialogs.handlers.menus import MainMenu
from dialogs.handlers.orders import OrderHandler
from dialogs.handlers.privacy import PrivacyHandler
from dialogs.handlers.questions import (
    KnowledgeAnswer,
    QuestionAnswerer,
    QuestionHandler,
    Subject,
)
from dialogs.handlers.review import ReviewHandler
from dialogs.i18n import TranslatorFactory
from dialogs.materials import MaterialStore
from dialogs.messages import Outgoing
from dialogs.notifications import DateFormatter
from dialogs.reviewing import ReviewDrafts
from dialogs.router import Handlers, Router
from dialogs.session import ConversationStore
from dialogs.steps import Flow
from filing.events import audience
from filing.ports import Clock, Notifier, UnitOfWork
from filing.services import FilingService
from storage.conversations import SqlConversationStore
from storage.crypto import Cipher
from storage.db import SessionFactory, default_url, make_engine, session_factory
from storage.files import private_dir
from storage.keys import KeyRing, check_opens_stored_data, missing_key_file, personal_data_present
from storage.legacy import seal_legacy_values
from storage.materials import FileMaterialStore
from storage.migrate import upgrade
from storage.outbox import SqlOutbox
from storage.reminders import SqlReminderScheduler
from storage.review_drafts import SqlReviewDrafts
from storage.reviewer_notices import SqlReviewerNotices
from storage.uow import uow_factory

# What ``build`` accepts as overrides, by name.
COMPONENTS = frozenset({"clock", "store", "uow_factory", "outbox", "materials", "knowledge",
                        "flows", "translators", "reminders", "flood", "reviewers",
                        "review_drafts", "reviewer_notices"})


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class LazyKnowledge:
    """Loads the knowledge base on the first question, keeping start-up fast."""

    def __init__(self) -> None:
        self._base: KnowledgeBase | None = None

    def _loaded(self) -> KnowledgeBase:
        base = self._base
        if base is None:
            from knowledge import KnowledgeBase

            base = self._base = KnowledgeBase.load()
        return base

    def warm_up(self) -> None:
        """Load the base and build its indexes now (a bot calls it in a background thread at
        start, so that even the first Chinese question is answered at once)."""
        self._loaded().warm_up()

    def ask(self, question: str, *, lang: str | None = None, region: str | None = None,
            context: Subject | None = None) -> KnowledgeAnswer:
        from knowledge import Answer

        previous = None
        if context is not None:  # the last question's subject, as an answer to follow up
            previous = Answer(region=context[0], topic=context[1], answer="",
                              about=context[0])
        return self._loaded().ask(question, lang=lang, region=region, context=previous)

    def rules(self, region: str) -> list[Any]:
        """The entries the knowledge base holds for ``region`` (for the review desk)."""
        return list(self._loaded().region_rules(region))


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    private_dir(settings.data_dir)  # personal data lives here: owner-only
    return default_url(settings.data_dir)


def migrate(settings: Settings) -> str:
    url = database_url(settings)
    upgrade(url)
    return url


class App:
    """Every service of the product, wired from the settings."""

    def __init__(self, settings: Settings, overrides: Mapping[str, Any],
                 migrate_first: bool = True) -> None:
        unknown = set(overrides) - COMPONENTS
        if unknown:
            raise TypeError(f"unknown components: {', '.join(sorted(unknown))}")
        self.settings = settings
        self._overrides = dict(overrides)
        self._migrate_first = migrate_first

    def _given(self, name: str, make: Callable[[], Any]) -> Any:
        return self._overrides[name] if name in self._overrides else make()

    # --- storage -------------------------------------------------------------------------

    @cached_property
    def database_url(self) -> str:
        return migrate(self.settings) if self._migrate_first else database_url(self.settings)

    @cached_property
    def sessions(self) -> SessionFactory:
        return session_factory(self.db)

    @cached_property
    def db(self) -> Any:  # a SQLAlchemy Engine (bot/ does not name SQLAlchemy's types)
        return make_engine(self.database_url)

    @cached_property
    def cipher(self) -> Cipher:
        """The keys of ICPBOT_SECRET_KEY, or the key file followed while running (a rotation
        is picked up without a restart). Refuses (KeyProblem) a missing key file when data
        exists, and keys that do not open the stored data."""
        materials = self.settings.data_dir / "materials"
        if self.settings.secret_key:
            cipher = Cipher(*self.settings.keys())
        else:
            if not self.settings.key_file.exists() and personal_data_present(self.db,
                                                                               materials):
                raise missing_key_file(self.settings.key_file)
            self.settings.keys()  # no data yet: the key is made here, once
            cipher = Cipher.following(KeyRing(self.settings.key_file))
        check_opens_stored_data(self.db, cipher, materials)
        seal_legacy_values(self.db, cipher)
        return cipher

    @cached_property
    def store(self) -> ConversationStore:
        return cast(ConversationStore,
                    self._given("store", lambda: SqlConversationStore(self.db, self.cipher)))

    @cached_property
    def outbox(self) -> SqlOutbox:
        return cast(SqlOutbox, self._given("outbox", lambda: SqlOutbox(self.sessions,
                                                                    cipher=self.cipher)))

    @cached_property
    def materials(self) -> MaterialStore:
        return cast(MaterialStore, self._given("materials", lambda: FileMaterialStore(
            self.settings.data_dir / "materials", self.cipher)))

    @cached_property
    def reminders(self) -> SqlReminderScheduler:
        return cast(SqlReminderScheduler, self._given("reminders", lambda: SqlReminderScheduler(
            self.sessions, self.settings.draft_reminder_days)))

    @cached_property
    def review_drafts(self) -> ReviewDrafts:
        return cast(ReviewDrafts, self._given("review_drafts",
                                              lambda: SqlReviewDrafts(self.sessions)))

    @cached_property
    def reviewer_notices(self) -> SqlReviewerNotices:
        return cast(SqlReviewerNotices, self._given("reviewer_notices",
                                                    lambda: SqlReviewerNotices(self.sessions)))

    # --- the core ------------------------------------------------------------------------

    @cached_property
    def clock(self) -> Clock:
        return cast(Clock, self._given("clock", SystemClock))

    @cached_property
    def reviewers(self) -> frozenset[str]:
        """The reviewers' chats: ICPBOT_ADMIN_IDS are Telegram user ids."""
        return cast(frozenset[str], self._given("reviewers", lambda: frozenset(
            f"telegram:{user_id}" for user_id in self.settings.admin_ids)))

    @cached_property
    def filing(self) -> FilingService:
        make_uow = cast(Callable[[], UnitOfWork], self._given(
            "uow_factory",
            lambda: uow_factory(self.sessions, self.cipher, audience(self.reviewers),
                                shred=self.materials.delete)))
        return FilingService(make_uow, self.clock)

    @cached_property
    def knowledge(self) -> QuestionAnswerer | None:
        return cast(QuestionAnswerer | None, self._given("knowledge", LazyKnowledge))

    def warm_up_knowledge(self) -> None:
        """Build the knowledge base's indexes in a background thread, so that a running bot
        answers even its first (Chinese) question at once."""
        knowledge = self.knowledge
        if isinstance(knowledge, LazyKnowledge):
            threading.Thread(target=knowledge.warm_up, name="knowledge-warm-up",
                             daemon=True).start()

    def warm_up_flows(self) -> None:
        """Build the flows' state machines before the first message (dialogs/machine.py)."""
        machine.prepare(self.flows.values())

    # --- the dialogue ----------------------------------------------------------------------

    @cached_property
    def translators(self) -> TranslatorFactory:
        factory: TranslatorFactory = translator
        return cast(TranslatorFactory, self._given("translators", lambda: factory))

    @property
    def format_datetime(self) -> DateFormatter:
        return format_datetime

    @cached_property
    def flows(self) -> Mapping[str, Flow]:
        return cast(Mapping[str, Flow], self._given("flows", all_flows))

    @cached_property
    def engine(self) -> Engine:
        menu = MainMenu(self.store, self.flows, self.translators)
        questions = QuestionHandler(self.knowledge)
        handlers = Handlers(
            menu=menu,
            drafts=DraftHandler(self.store, self.flows, self.clock, menu, self.filing),
            form=FormHandler(self.materials, questions,
                             FormEnding(self.filing, self.flows, menu), menu),
            orders=OrderHandler(self.filing, self.flows, self.clock, menu, formats),
            privacy=PrivacyHandler(self.store, self.filing, self.materials, menu,
                                   self.settings.keep_drafts_days),
            questions=questions,
            review=ReviewHandler(self.filing, self.review_drafts))
        flood = cast(FloodGuard, self._given("flood", FloodGuard))
        # SQLite answers in ~0.1 ms in process: turns run on the event loop (dialogs/engine.py);
        # a PostgreSQL round trip would stall every chat, so those turns run in threads.
        inline = "store" not in self._overrides and self.db.dialect.name == "sqlite"
        return Engine(self.store, self.flows, Router(handlers), self.translators, self.clock,
                      flood=flood, reviewers=self.reviewers, inline=inline)

    def housekeeping(self) -> int:
        """What the clock does, every minute beside the relay: queue due reminders, expire
        returned orders left for 45 days. Returns how much it did."""
        return self.reminders.scan() + self.filing.expire_unfinished()

    # --- notifications -------------------------------------------------------------------

    def relay(self, notifier: Notifier[Outgoing], recipients: tuple[str, ...] = (),
              observers: Sequence[EventObserver] = ()) -> Relay:
        """The outbox relay sending through ``notifier`` (Telegram, the terminal, a fake);
        ``recipients``: the recipient prefixes it serves (() for all); ``observers`` are told
        of each event once its notification is settled."""
        outbox = cast(SqlOutbox, CountingOutbox(self.outbox))  # metrics: sent/retried/dead
        return Relay(outbox, notifier, self.store, self.translators, self.format_datetime,
                     recipients, observers)


def build(settings: Settings, *, migrate_first: bool = True, **overrides: Any) -> App:
    """The application for ``settings``; the engine (and so the database, unless replaced
    by fakes) is made now, so that a broken set-up fails at start, not at the first user."""
    app = App(settings, overrides, migrate_first)
    _ = app.engine
    return app


def desk_app(app: App, *, secure_cookies: bool = False) -> Any:
    """The web review desk on this app's services (an aiohttp application).

    Imported here, not at the top: the CLI's other commands need neither aiohttp nor
    Jinja2."""
    from bot.web.app import build_desk
    from storage.audit import SqlAuditLog
    from storage.crypto import derive_key
    from storage.desk_queries import SqlDeskQueries
    from storage.desk_stats import SqlDeskStats
    from storage.reviewers import SqlReviewerAccounts
    from storage.submissions import SqlSubmissions

    knowledge = app.knowledge
    rules = knowledge if isinstance(knowledge, LazyKnowledge) else LazyKnowledge()
    queries = SqlDeskQueries(app.db, app.cipher)
    queries.index_missing_names()  # orders filed before the desk existed: searchable
    return build_desk(
        filing=app.filing, queries=queries, stats=SqlDeskStats(app.db),
        submissions=SqlSubmissions(app.sessions, app.cipher), materials=app.materials,
        audit=SqlAuditLog(app.sessions),
        reviewers=SqlReviewerAccounts(app.sessions, app.cipher),
        translator=app.translators, format_datetime=app.format_datetime,
        rules=rules.rules, flows=app.flows, clock=app.clock,
        cookie_key=derive_key(app.settings.keys()[0], b"icpbot desk cookies v1"),
        secure_cookies=secure_cookies)
