"""The migrations form one line: a branch merged without re-chaining leaves two heads, and
`icpbot db upgrade` would then refuse to run."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

ROOT = Path(__file__).resolve().parent.parent


def test_the_migrations_have_exactly_one_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "storage" / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
