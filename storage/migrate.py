"""Applying the Alembic migrations programmatically (``icpbot db upgrade``).

On PostgreSQL the upgrade runs under an advisory lock, so that several workers starting at
once do not all create the same tables: one migrates, the others wait for it and then find
nothing left to do (storage/locks.py).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from storage.db import normalise_url
from storage.locks import migration_lock

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    with migration_lock(url):
        command.upgrade(alembic_config(url), revision)


def revision(url: str, message: str) -> None:
    """Autogenerate a new migration from the tables (a developer's tool)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
