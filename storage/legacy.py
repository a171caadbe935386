"""Personal values an older version stored in clear, sealed at start-up (a migration cannot:
only the running application has the key). Idempotent and cheap once done: it looks only at
rows whose sealed column is still empty."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from storage.crypto import Cipher
from storage.tables import OrderRow, OutboxRow, StatusHistoryRow, table_of

ORDERS = table_of(OrderRow)
HISTORY = table_of(StatusHistoryRow)
OUTBOX = table_of(OutboxRow)


def seal_legacy_values(engine: Engine, cipher: Cipher) -> int:
    """Seal clear order details, history notes and event payloads; how many rows changed."""
    changed = 0
    with engine.begin() as connection:
        for order_id, details in connection.execute(
                select(ORDERS.c.id, ORDERS.c.details).where(ORDERS.c.details_enc == "")):
            connection.execute(update(ORDERS).where(ORDERS.c.id == order_id).values(
                details={}, details_enc=cipher.seal(dict(details or {}))))
            changed += 1
        for row_id, note in connection.execute(
                select(HISTORY.c.id, HISTORY.c.note).where(HISTORY.c.note.is_not(None))):
            connection.execute(update(HISTORY).where(HISTORY.c.id == row_id).values(
                note=None, note_enc=cipher.seal(note)))
            changed += 1
        for row_id, payload in connection.execute(
                select(OUTBOX.c.id, OUTBOX.c.payload).where(OUTBOX.c.payload_enc.is_(None),
                                                            OUTBOX.c.event != "ReminderDue")):
            connection.execute(update(OUTBOX).where(OUTBOX.c.id == row_id).values(
                payload={}, payload_enc=cipher.seal(dict(payload or {}))))
            changed += 1
    return changed
