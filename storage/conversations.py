"""Chat profiles and dialogue sessions (drafts); answers are sealed, versions checked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from dialogs.session import ChatProfile, DialogSession, StaleDraft
from storage.crypto import Cipher
from storage.db import SessionFactory, from_db, to_db, unavailable_on_db_errors
from storage.tables import ChatRow, DialogSessionRow


@unavailable_on_db_errors
class SqlConversationStore:
    def __init__(self, sessions: SessionFactory, cipher: Cipher) -> None:
        self._sessions = sessions
        self._cipher = cipher

    def load_profile(self, chat: str) -> ChatProfile | None:
        with self._sessions() as session:
            row = session.get(ChatRow, chat)
            if row is None:
                return None
            return ChatProfile(row.chat, row.locale, row.active_draft, row.blocked,
                               row.region_hint, row.pending, row.version)

    def save_profile(self, profile: ChatProfile) -> None:
        with self._sessions() as session:
            row = session.get(ChatRow, profile.chat) or ChatRow(chat=profile.chat,
                                                                locale=profile.locale)
            row.locale = profile.locale
            row.active_draft = profile.active_draft
            row.blocked = profile.blocked
            row.region_hint = profile.region_hint
            row.pending = profile.pending
            session.add(row)
            session.commit()

    def load_draft(self, draft_id: str) -> DialogSession | None:
        with self._sessions() as session:
            row = session.get(DialogSessionRow, draft_id)
            return self._session(row) if row is not None else None

    def drafts_of(self, chat: str) -> list[DialogSession]:
        with self._sessions() as session:
            rows = session.exec(select(DialogSessionRow).where(DialogSessionRow.chat == chat)
                                .order_by(col(DialogSessionRow.created_at))).all()
            return [self._session(row) for row in rows]

    def save_draft(self, draft: DialogSession) -> None:
        values: dict[str, Any] = {
            "chat": draft.chat, "flow": draft.flow, "state": draft.state,
            "answers_enc": self._cipher.seal(draft.answers), "history": list(draft.history),
            "version": draft.version, "failures": draft.failures, "editing": draft.editing,
            "status": draft.status, "order_id": draft.order_id,
            "created_at": to_db(draft.created_at), "updated_at": to_db(draft.updated_at),
        }
        with self._sessions() as session:
            # Compare-and-set on the version: a concurrent save of the same draft loses.
            result = session.execute(
                update(DialogSessionRow)
                .where(col(DialogSessionRow.id) == draft.id,
                       col(DialogSessionRow.version) == draft.version - 1)
                .values(**values))
            if result.rowcount == 0:  # type: ignore[attr-defined]
                if session.get(DialogSessionRow, draft.id) is not None:
                    session.rollback()
                    raise StaleDraft(draft.id)
                session.add(DialogSessionRow(id=draft.id, **values))
            session.commit()

    def forget(self, chat: str) -> int:
        with self._sessions() as session:
            drafts = session.exec(select(DialogSessionRow)
                                  .where(DialogSessionRow.chat == chat)).all()
            for draft in drafts:
                session.delete(draft)
            profile = session.get(ChatRow, chat)
            if profile is not None:
                profile.active_draft = profile.region_hint = profile.pending = None
                session.add(profile)
            session.commit()
            return len(drafts)

    def _session(self, row: DialogSessionRow) -> DialogSession:
        return DialogSession(row.id, row.chat, row.flow, row.state,
                             self._cipher.open(row.answers_enc), list(row.history), row.version,
                             row.failures, row.editing, row.status, row.order_id,
                             from_db(row.created_at), from_db(row.updated_at))
