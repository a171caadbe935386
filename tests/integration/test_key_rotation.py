"""`icpbot keys rotate`: everything sealed is readable with the new key alone afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from bot.bootstrap import build
from bot.config import Settings
from storage.crypto import Cipher
from storage.db import make_engine
from tests.unit.test_lifecycle import sample_order


def test_rotation_re_encrypts_orders_drafts_and_materials(tmp_path: Path) -> None:
    env = {**os.environ, "ICPBOT_DATA_DIR": str(tmp_path)}
    env.pop("ICPBOT_SECRET_KEY", None)
    env.pop("ICPBOT_DATABASE_URL", None)
    settings = Settings.from_env(env)
    app = build(settings)
    order = app.filing.submit(sample_order(), actor="test:1")
    meta = app.materials.save("test:1", "id_card_front", "id.jpg", "image/jpeg",
                              b"\xff\xd8\xff" + b"1" * 50)
    old_key = (tmp_path / "secret.key").read_text().strip()
    with make_engine(app.database_url).connect() as connection:
        before = connection.execute(text("SELECT personal_enc FROM order_entity")).scalar()

    subprocess.run([sys.executable, "-m", "bot.cli", "keys", "rotate"], env=env, check=True,
                   capture_output=True, timeout=60)

    new_key = (tmp_path / "secret.key").read_text().strip()
    assert new_key != old_key
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600
    rotated = build(Settings.from_env(env))
    assert rotated.filing.get(order.id).entity.certificate_number == "11010519491231002X"
    assert rotated.materials.load(meta["storage_key"]).startswith(b"\xff\xd8\xff")
    with make_engine(app.database_url).connect() as connection:
        after = connection.execute(text("SELECT personal_enc FROM order_entity")).scalar()
    assert after != before
    assert Cipher(new_key).open(after)["certificate_number"] == "11010519491231002X"
