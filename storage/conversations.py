"""Chat profiles and dialogue sessions (drafts); answers are sealed, versions checked.

Every message reads and writes here, so it speaks SQLAlchemy Core (cached, compiled
statements) rather than the ORM: it is the hot path of the whole bot. A turn is one SELECT
(``load_turn``) and one write statement (``save_turn``, see storage/turns.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError

from dialogs.session import ChatProfile, DialogSession, StaleDraft
from storage.crypto import Cipher
from storage.db import from_db, to_db, unavailable_on_db_errors
from storage.tables import ChatRow, DialogSessionRow, table_of
from storage.turns import HotConnection, TurnStatements, stale

CHATS = table_of(ChatRow)
DRAFTS = table_of(DialogSessionRow)


@unavailable_on_db_errors
class SqlConversationStore:
    def __init__(self, engine: Engine, cipher: Cipher) -> None:
        self._engine = engine
        self._cipher = cipher
        # The hot path: one read and one write per turn, in autocommit (storage/turns.py).
        self._hot = HotConnection(engine)
        self._turns = TurnStatements(engine.dialect.name)
        # Built once: statement construction costs more than SQLite's own work per message.
        self._select_profile = select(CHATS).where(CHATS.c.chat == bindparam("key"))
        self._select_draft = select(DRAFTS).where(DRAFTS.c.id == bindparam("key"))
        # the menu asks on every /start whether the chat has drafts open
        self._select_drafts_of = select(DRAFTS).where(DRAFTS.c.chat == bindparam("key")) \
            .order_by(DRAFTS.c.created_at)
        self._update_draft = update(DRAFTS).where(DRAFTS.c.id == bindparam("key"),
                                                  DRAFTS.c.version == bindparam("expected"))
        self._update_profile = update(CHATS).where(CHATS.c.chat == bindparam("key"))
        self._cas_profile = update(CHATS).where(CHATS.c.chat == bindparam("key"),
                                                CHATS.c.version == bindparam("expected"))
        # Profile and active draft in one query: the first read of every message.
        self._select_turn = select(
            *(column.label(f"p_{column.name}") for column in CHATS.c),
            *(column.label(f"d_{column.name}") for column in DRAFTS.c),
        ).select_from(CHATS.outerjoin(DRAFTS, DRAFTS.c.id == CHATS.c.active_draft)).where(
            CHATS.c.chat == bindparam("key"))

    def load_turn(self, chat: str) -> tuple[ChatProfile | None, DialogSession | None]:
        """The profile and its active draft, read together in one query."""
        row = self._hot.first(self._select_turn, {"key": chat}, mappings=True, retry=True)
        if row is None:
            return None, None
        profile = self._profile({k[2:]: v for k, v in row.items() if k.startswith("p_")})
        if row["d_id"] is None:
            return profile, None
        return profile, self._draft({k[2:]: v for k, v in row.items() if k.startswith("d_")})

    def save_turn(self, profile: ChatProfile | None, draft: DialogSession | None) -> None:
        """Write what a message changed in one statement: both or neither survive a crash.
        Both are compare-and-set on their version: a concurrent turn of the same chat (a
        double tap, another worker) makes this one fail with StaleDraft and start over."""
        if profile is None and draft is None:
            return
        values: dict[str, Any] = {}
        if draft is not None:
            values.update({f"d_{k}": v for k, v in self._draft_values(draft).items()})
        if profile is not None:
            values.update({f"p_{k}": v for k, v in self._profile_values(profile).items()})
        if draft is None or profile is None:  # one row: an upsert that returns it if written
            table = self._turns.draft if profile is None else self._turns.chat
            prefix = "d_" if profile is None else "p_"
            row = {k[2:]: v for k, v in values.items() if k.startswith(prefix)}
            try:
                written = self._hot.first(table, row)
            except IntegrityError:
                raise StaleDraft(row.get("id") or row["chat"]) from None
            if written is None:
                raise StaleDraft(row.get("id") or row["chat"])
            return
        if self._turns.view is not None:  # the view's trigger reads every column
            values = {column.name: values.get(column.name) for column in self._turns.view.c}
        try:
            self._hot.first(self._turns.both, values)
        except (IntegrityError, DataError) as error:
            if isinstance(error, DataError) and not stale(error):
                raise
            raise StaleDraft(draft.id) from None

    def load_profile(self, chat: str) -> ChatProfile | None:
        with self._engine.connect() as connection:
            row = connection.execute(self._select_profile, {"key": chat}).mappings().first()
        return self._profile(row) if row is not None else None

    def save_profile(self, profile: ChatProfile) -> None:
        with self._engine.begin() as connection:
            self._write_profile(connection, profile)

    @staticmethod
    def _profile_values(profile: ChatProfile) -> dict[str, Any]:
        return {"chat": profile.chat, "locale": profile.locale,
                "active_draft": profile.active_draft, "blocked": profile.blocked,
                "region_hint": profile.region_hint, "pending": profile.pending,
                "last_question": profile.last_question, "version": profile.version,
                "recent_updates": list(profile.recent_updates)}

    def _write_profile(self, connection: Connection, profile: ChatProfile,
                       compare: bool = False) -> None:
        values = self._profile_values(profile)
        del values["chat"]
        statement = self._cas_profile if compare else self._update_profile
        done = connection.execute(statement, {"key": profile.chat,
                                              "expected": profile.version - 1, **values})
        if done.rowcount:
            return
        exists = connection.execute(select(CHATS.c.chat).where(CHATS.c.chat == profile.chat))
        if exists.first() is not None:
            if compare:
                raise StaleDraft(profile.chat)
            return
        self._insert(connection, insert(CHATS).values(chat=profile.chat, **values),
                     profile.chat)

    @staticmethod
    def _profile(row: Mapping[Any, Any]) -> ChatProfile:
        return ChatProfile(row["chat"], row["locale"], row["active_draft"], row["blocked"],
                           row["region_hint"], row["pending"], row["version"],
                           list(row["recent_updates"] or ()), row["last_question"])

    def load_draft(self, draft_id: str) -> DialogSession | None:
        with self._engine.connect() as connection:
            row = connection.execute(self._select_draft, {"key": draft_id}).mappings().first()
        return self._draft(row) if row is not None else None

    def drafts_of(self, chat: str) -> list[DialogSession]:
        rows = self._hot.all(self._select_drafts_of, {"key": chat})
        return [self._draft(row) for row in rows]

    def save_draft(self, draft: DialogSession) -> None:
        with self._engine.begin() as connection:
            self._write_draft(connection, draft)

    def _draft_values(self, draft: DialogSession) -> dict[str, Any]:
        return {"id": draft.id, "chat": draft.chat, "flow": draft.flow, "state": draft.state,
                "answers_enc": self._cipher.seal(draft.answers),
                "history": list(draft.history), "version": draft.version,
                "failures": draft.failures, "editing": draft.editing, "status": draft.status,
                "order_id": draft.order_id, "created_at": to_db(draft.created_at),
                "updated_at": to_db(draft.updated_at)}

    def _write_draft(self, connection: Connection, draft: DialogSession) -> None:
        values = self._draft_values(draft)
        del values["id"]
        # Compare-and-set on the version: a concurrent save of the same draft loses.
        done = connection.execute(self._update_draft, {"key": draft.id,
                                                       "expected": draft.version - 1, **values})
        if done.rowcount:
            return
        exists = connection.execute(select(DRAFTS.c.id).where(DRAFTS.c.id == draft.id))
        if exists.first() is not None:
            raise StaleDraft(draft.id)
        self._insert(connection, insert(DRAFTS).values(id=draft.id, **values), draft.id)

    @staticmethod
    def _insert(connection: Connection, statement: Any, key: str) -> None:
        """Two workers creating the same row at once: the loser starts its turn over."""
        try:
            connection.execute(statement)
        except IntegrityError:
            raise StaleDraft(key) from None

    def forget(self, chat: str) -> int:
        with self._engine.begin() as connection:
            gone = connection.execute(delete(DRAFTS).where(DRAFTS.c.chat == chat)).rowcount
            connection.execute(update(CHATS).where(CHATS.c.chat == chat).values(
                active_draft=None, region_hint=None, pending=None, last_question=None))
        return int(gone)

    def _draft(self, row: Mapping[Any, Any]) -> DialogSession:
        return DialogSession(row["id"], row["chat"], row["flow"], row["state"],
                             self._cipher.open(row["answers_enc"]), list(row["history"]),
                             row["version"], row["failures"], row["editing"], row["status"],
                             row["order_id"], from_db(row["created_at"]),
                             from_db(row["updated_at"]))
