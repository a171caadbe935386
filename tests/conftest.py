"""Fixtures: in-memory engine for transcripts; SQLite and a real PostgreSQL for storage."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import build
from bot.config import Settings
from filing.events import Event
from tests.harness import Conversation
from tests.memory import (
    FakeClock,
    FakeConversationStore,
    FakeFilingRegistry,
    FakeMaterialStore,
    FakeOrderRepository,
    FakeReviewDrafts,
    FakeUnitOfWork,
)

POSTGRES_ADMIN_URL = os.environ.get("ICPBOT_TEST_POSTGRES_URL",
                                    "postgresql://postgres@127.0.0.1:5432/postgres")


class FakeWorld:
    """The application from the composition root, its ports replaced by fakes, with handles
    on everything a test wants to look at."""

    def __init__(self, knowledge: object | None = None, **overrides: Any) -> None:
        self.clock = FakeClock()
        self.store = FakeConversationStore()
        self.orders = FakeOrderRepository()
        self.registry = FakeFilingRegistry()
        self.outbox: list[Event] = []
        self.materials = overrides.pop("materials", FakeMaterialStore())
        self.app = build(Settings.from_env({"ICPBOT_DATA_DIR": "/nonexistent"}),
                         clock=self.clock, store=self.store, materials=self.materials,
                         uow_factory=lambda: FakeUnitOfWork(self.orders, self.outbox,
                                                           self.registry),
                         knowledge=knowledge,
                         review_drafts=overrides.pop("review_drafts", FakeReviewDrafts()),
                         **overrides)
        self.filing = self.app.filing
        self.engine = self.app.engine

    def conversation(self, user: str = "1", locale: str = "en") -> Conversation:
        from dialogs.messages import ChatRef

        return Conversation(self.engine, ChatRef("test", user), locale)


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()


def _postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def postgres_server() -> str:
    if not _postgres_available():
        if os.environ.get("ICPBOT_REQUIRE_POSTGRES") or os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required but cannot be reached at {POSTGRES_ADMIN_URL}")
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    return POSTGRES_ADMIN_URL


def fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """A database of its own for one test, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"icpbot_test_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    admin = request.getfixturevalue("postgres_server")
    yield from fresh_postgres_database(admin)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh PostgreSQL database of its own for one test."""
    yield from fresh_postgres_database(postgres_server)
