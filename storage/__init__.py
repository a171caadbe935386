"""Persistence: SQLModel tables, repositories, the unit of work, the outbox, migrations."""
