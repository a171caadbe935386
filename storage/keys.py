"""Key rotation: re-encrypt every sealed column and material file with the newest key."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from storage.crypto import Cipher
from storage.db import SessionFactory
from storage.tables import DialogSessionRow, EntityRow, OrderRow, WebsiteRow

SEALED = ((DialogSessionRow, "answers_enc"), (OrderRow, "remarks_enc"),
          (EntityRow, "personal_enc"), (WebsiteRow, "leader_enc"))


def rotate_all(sessions: SessionFactory, cipher: Cipher, materials: Path) -> dict[str, int]:
    """``cipher`` holds the new key first and the old ones after it; one transaction."""
    counts: dict[str, int] = {}
    with sessions() as session:
        for table, column in SEALED:
            rows = session.exec(select(table)).all()
            for row in rows:
                token = getattr(row, column)
                if token:
                    setattr(row, column, cipher.rotate(token))
                    session.add(row)
            counts[str(table.__tablename__)] = len(rows)
        for entity in session.exec(select(EntityRow)).all():  # the blind index follows the key
            entity.name_digest = cipher.digest(cipher.open(entity.personal_enc)["name"])
            session.add(entity)
        files = list(materials.rglob("*.bin")) if materials.exists() else []
        rotated = [(path, cipher.rotate_bytes(path.read_bytes())) for path in files]
        session.commit()
    for path, token in rotated:  # after the commit: a failure above leaves files untouched
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(token)
        temporary.chmod(0o600)
        temporary.replace(path)
    counts["materials"] = len(rotated)
    return counts
