"""Accounts of the web review desk. Passwords arrive hashed; TOTP secrets are sealed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from storage.crypto import Cipher
from storage.db import SessionFactory, to_db, unavailable_on_db_errors
from storage.tables import ReviewerRow

ROLES = ("reviewer", "auditor")


class ReviewerExists(Exception):
    """An account of that name exists already."""


@dataclass(frozen=True)
class Reviewer:
    name: str
    role: str  # reviewer (decides) | auditor (reads the audit log, decides nothing)
    locale: str
    active: bool
    password_hash: str
    totp_secret: str | None = None

    @property
    def decides(self) -> bool:
        return self.role == "reviewer"


@unavailable_on_db_errors
class SqlReviewerAccounts:
    def __init__(self, sessions: SessionFactory, cipher: Cipher) -> None:
        self._sessions = sessions
        self._cipher = cipher

    def add(self, name: str, password_hash: str, *, role: str = "reviewer",
            locale: str = "en", totp_secret: str | None = None) -> Reviewer:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        row = ReviewerRow(name=name, password_hash=password_hash, role=role, locale=locale,
                          totp_enc=self._cipher.encrypt(totp_secret) if totp_secret else None,
                          active=True, created_at=to_db(datetime.now(UTC)))
        with self._sessions() as session:
            session.add(row)
            try:
                session.commit()
            except IntegrityError:
                raise ReviewerExists(name) from None
        return self._reviewer(row)

    def get(self, name: str) -> Reviewer | None:
        with self._sessions() as session:
            row = session.get(ReviewerRow, name)
        return self._reviewer(row) if row is not None else None

    def all(self) -> list[Reviewer]:
        with self._sessions() as session:
            rows = session.exec(select(ReviewerRow).order_by(col(ReviewerRow.name))).all()
        return [self._reviewer(row) for row in rows]

    def disable(self, name: str) -> bool:
        return self._change(name, active=False)

    def set_locale(self, name: str, locale: str) -> bool:
        return self._change(name, locale=locale)

    def set_password_hash(self, name: str, password_hash: str) -> bool:
        """Used when argon2's parameters were raised since the hash was made."""
        return self._change(name, password_hash=password_hash)

    def _change(self, name: str, **values: object) -> bool:
        with self._sessions() as session:
            row = session.get(ReviewerRow, name)
            if row is None:
                return False
            for key, value in values.items():
                setattr(row, key, value)
            session.add(row)
            session.commit()
        return True

    def _reviewer(self, row: ReviewerRow) -> Reviewer:
        secret = self._cipher.decrypt(row.totp_enc) if row.totp_enc else None
        return Reviewer(row.name, row.role, row.locale, row.active, row.password_hash, secret)
