"""Reviewers' rejections being put together in a chat (dialogs.reviewing.ReviewDrafts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlmodel import col

from dialogs.reviewing import ReviewDraft
from storage.db import SessionFactory, to_db, unavailable_on_db_errors
from storage.tables import ReviewDraftRow


@unavailable_on_db_errors
class SqlReviewDrafts:
    def __init__(self, sessions: SessionFactory,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._sessions = sessions
        self._now = now

    def load(self, chat: str) -> ReviewDraft | None:
        with self._sessions() as session:
            row = session.get(ReviewDraftRow, chat)
            if row is None:
                return None
            return ReviewDraft(row.chat, row.order_id, row.action, tuple(row.reasons),
                               row.version, row.note)

    def save(self, draft: ReviewDraft) -> None:
        with self._sessions() as session:
            row = session.get(ReviewDraftRow, draft.chat) or ReviewDraftRow(
                chat=draft.chat, order_id=draft.order_id, action=draft.action,
                updated_at=to_db(self._now()))
            row.order_id, row.action = draft.order_id, draft.action
            row.reasons, row.version, row.note = list(draft.reasons), draft.version, draft.note
            row.updated_at = to_db(self._now())
            session.add(row)
            session.commit()

    def clear(self, chat: str) -> None:
        with self._sessions() as session:
            session.execute(delete(ReviewDraftRow).where(col(ReviewDraftRow.chat) == chat))
            session.commit()
