"""Chat profiles and dialogue sessions (drafts); answers are sealed, versions checked.

Every message reads and writes here, so it speaks SQLAlchemy Core (cached, compiled
statements) rather than the ORM: it is the hot path of the whole bot. A turn is one SELECT
(``load_turn``) and one write statement (``save_turn``, see storage/turns.py).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
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
# Drafts whose last sealed answers this process remembers (token and plain JSON): a turn's
# read then skips the decryption of what it wrote itself a moment ago, and a turn that did
# not change the answers skips their encryption. Bounded; only drafts in progress.
SEALED_REMEMBERED = 1024


class _Columns(Mapping[str, Any]):
    """One table's columns of a joined row, by their names (no dict built per read)."""

    __slots__ = ("_positions", "_row")

    def __init__(self, row: tuple[Any, ...], positions: dict[str, int]) -> None:
        self._row = row
        self._positions = positions

    def __getitem__(self, name: str) -> Any:
        return self._row[self._positions[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


@unavailable_on_db_errors
class SqlConversationStore:
    def __init__(self, engine: Engine, cipher: Cipher) -> None:
        self._engine = engine
        self._cipher = cipher
        # The hot path: one read and one write per turn, in autocommit (storage/turns.py).
        self._hot = HotConnection(engine)
        # draft id -> (chat, the key that sealed it or None if unknown, token, plain JSON)
        self._sealed: OrderedDict[str, tuple[str, str | None, str, str]] = OrderedDict()
        self._sealed_lock = threading.Lock()
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
        # Where each table's columns are in that query's rows (by their own names).
        labels = self._hot.columns(self._select_turn)
        self._turn_columns = tuple({c.name: labels.index(f"{prefix}{c.name}") for c in table.c}
                                   for prefix, table in (("p_", CHATS), ("d_", DRAFTS)))
        # The view's columns in order, and a write's parameters by them (SQLite).
        self._view_columns = (tuple(column.name for column in self._turns.view.c)
                              if self._turns.view is not None else ())

    def load_turn(self, chat: str) -> tuple[ChatProfile | None, DialogSession | None]:
        """The profile and its active draft, read together in one query."""
        row = self._hot.first(self._select_turn, {"key": chat}, retry=True)
        if row is None:
            return None, None
        profile = self._profile(_Columns(row, self._turn_columns[0]))
        draft = _Columns(row, self._turn_columns[1])
        if draft["id"] is None:
            return profile, None
        return profile, self._draft(draft)

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
        if self._view_columns:  # the view's trigger reads every column
            values = {name: values.get(name) for name in self._view_columns}
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
                "answers_enc": self._seal(draft.id, draft.chat, draft.answers),
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

    def _seal(self, draft_id: str, chat: str, answers: Any) -> str:
        """The answers encrypted, or the token they were last sealed as when unchanged and
        sealed with the current first key (a rotation must not get an old token back)."""
        plain = json.dumps(answers, ensure_ascii=False)
        key = self._cipher.keys[0]  # before encrypting: a rotation meanwhile re-encrypts later
        known = self._sealed.get(draft_id)
        if known is not None and known[1] == key and known[3] == plain:
            return known[2]
        token = self._cipher.encrypt(plain)
        self._remember(draft_id, (chat, key, token, plain))
        return token

    def _open(self, draft_id: str, chat: str, token: str) -> Any:
        """The answers of a sealed token; a token this process sealed or opened last for the
        draft is not decrypted again (equal tokens: the same authenticated ciphertext)."""
        known = self._sealed.get(draft_id)
        if known is not None and known[2] == token:
            return json.loads(known[3])
        plain = self._cipher.decrypt(token)
        self._remember(draft_id, (chat, None, token, plain))
        return json.loads(plain)

    def _remember(self, draft_id: str, entry: tuple[str, str | None, str, str]) -> None:
        with self._sealed_lock:
            self._sealed[draft_id] = entry
            self._sealed.move_to_end(draft_id)
            while len(self._sealed) > SEALED_REMEMBERED:
                self._sealed.popitem(last=False)

    def forget(self, chat: str) -> int:
        with self._sealed_lock:  # nothing of the chat's drafts stays in memory either
            for draft_id in [d for d, entry in self._sealed.items() if entry[0] == chat]:
                del self._sealed[draft_id]
        with self._engine.begin() as connection:
            gone = connection.execute(delete(DRAFTS).where(DRAFTS.c.chat == chat)).rowcount
            connection.execute(update(CHATS).where(CHATS.c.chat == chat).values(
                active_draft=None, region_hint=None, pending=None, last_question=None))
        return int(gone)

    def _draft(self, row: Mapping[Any, Any]) -> DialogSession:
        return DialogSession(row["id"], row["chat"], row["flow"], row["state"],
                             self._open(row["id"], row["chat"], row["answers_enc"]),
                             list(row["history"]),
                             row["version"], row["failures"], row["editing"], row["status"],
                             row["order_id"], from_db(row["created_at"]),
                             from_db(row["updated_at"]))
