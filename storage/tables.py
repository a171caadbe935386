"""The tables. Columns ending in ``_enc`` hold Fernet tokens of personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel


def table_of(row: type[SQLModel]) -> Table:
    """The Core table of a row class, for the hot paths that skip the ORM."""
    return SQLModel.metadata.tables[str(getattr(row, "__tablename__"))]  # noqa: B009


class ChatRow(SQLModel, table=True):
    __tablename__ = "chat"

    chat: str = Field(primary_key=True, max_length=64)
    locale: str = Field(max_length=16)
    active_draft: str | None = Field(default=None, max_length=32)
    blocked: bool = False
    region_hint: str | None = Field(default=None, max_length=8)
    pending: str | None = Field(default=None, max_length=16)
    # The last question's subject, "<region>|<topic>": a follow-up ("and in Shanghai?")
    # keeps its topic or region.
    last_question: str | None = Field(default=None, max_length=80)
    version: int = 0
    # The update ids handled lately (a bounded list): a redelivery is recognised exactly.
    recent_updates: list[int] = Field(default_factory=list,
                                      sa_column=Column(JSON, nullable=False,
                                                       server_default="[]"))
    updated_at: datetime | None = None


class DialogSessionRow(SQLModel, table=True):
    __tablename__ = "dialog_session"

    id: str = Field(primary_key=True, max_length=32)
    chat: str = Field(index=True, max_length=64)
    flow: str = Field(max_length=32)
    state: str = Field(max_length=64)
    answers_enc: str = Field(sa_column=Column(Text, nullable=False))
    history: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = 0
    failures: int = 0
    editing: bool = False
    status: str = Field(default="active", max_length=16, index=True)
    order_id: str | None = Field(default=None, max_length=32)
    created_at: datetime | None = None
    updated_at: datetime | None = Field(default=None, index=True)


class OrderRow(SQLModel, table=True):
    __tablename__ = "filing_order"
    # The review desk's queue: each filter walks an index in waiting order (oldest first).
    __table_args__ = (
        Index("ix_order_status_waiting", "status", "updated_at", "id"),
        Index("ix_order_type_waiting", "order_type", "updated_at"),
        Index("ix_order_region_waiting", "region", "updated_at"),
        Index("ix_order_waiting", "updated_at", "id"),
        Index("ix_order_sms_deadline", "sms_deadline"),
    )

    id: str = Field(primary_key=True, max_length=32)
    order_type: str = Field(max_length=32)
    applicant: str = Field(index=True, max_length=64)
    status: str = Field(index=True, max_length=32)
    region: str = Field(max_length=8)
    # the numbers an approval issued, ", "-joined: a two-website first filing has two
    icp_number: str | None = Field(default=None, max_length=255)
    sms_deadline: datetime | None = None
    round: int = 0
    remarks_enc: str = Field(default="", sa_column=Column(Text, nullable=False))
    # Legacy: type-specific facts in clear (an emergency phone among them); written {} now,
    # the facts are sealed in details_enc.
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    details_enc: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                          server_default=""))
    # The applicant used /forget while the order was under review: its personal data goes
    # when the review ends.
    forget_requested: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, server_default=false()))
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 0


class EntityRow(SQLModel, table=True):
    __tablename__ = "order_entity"

    order_id: str = Field(primary_key=True, foreign_key="filing_order.id", max_length=32)
    entity_type: str = Field(max_length=32)
    certificate_type: str = Field(max_length=48)
    region: str = Field(max_length=8)
    filing_number: str = Field(default="", max_length=64)
    # Keyed blind index of the normalised name (storage.crypto.Cipher.digest): exact search
    # by entity name without storing the name in clear.
    name_digest: str | None = Field(default=None, max_length=64, index=True)
    # name, certificate number, address, landline and the leader, sealed together
    personal_enc: str = Field(sa_column=Column(Text, nullable=False))


class WebsiteRow(SQLModel, table=True):
    __tablename__ = "order_website"

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(index=True, foreign_key="filing_order.id", max_length=32)
    position: int
    name: str = Field(max_length=200)
    domain: str = Field(index=True, max_length=253)
    content: str = Field(max_length=64)
    filing_number: str = Field(default="", max_length=64)
    leader_enc: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Facts that are not personal: languages, pre-approval, domain holder and expiry.
    facts: dict[str, Any] = Field(default_factory=dict,
                                  sa_column=Column(JSON, nullable=False, server_default="{}"))


class AccessRow(SQLModel, table=True):
    __tablename__ = "order_access"

    order_id: str = Field(primary_key=True, foreign_key="filing_order.id", max_length=32)
    service_code: str = Field(max_length=64)
    instance_region: str = Field(default="", max_length=32)


class MaterialRow(SQLModel, table=True):
    __tablename__ = "order_material"

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(index=True, foreign_key="filing_order.id", max_length=32)
    kind: str = Field(max_length=48)
    file_name: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int
    storage_key: str = Field(max_length=255)
    sha256: str = Field(max_length=64)


class StatusHistoryRow(SQLModel, table=True):
    __tablename__ = "status_history"

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(index=True, foreign_key="filing_order.id", max_length=32)
    old_status: str = Field(max_length=32)
    new_status: str = Field(max_length=32)
    actor: str = Field(max_length=64)
    at: datetime
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # legacy, clear
    note_enc: str | None = Field(default=None, sa_column=Column(Text, nullable=True))

    __table_args__ = (Index("ix_status_history_at", "at"),)


class OutboxRow(SQLModel, table=True):
    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    event: str = Field(max_length=48)
    order_id: str | None = Field(default=None, max_length=32, index=True)
    recipient: str = Field(index=True, max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # An event that may carry personal data (a reviewer's note) is sealed here instead.
    payload_enc: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status: str = Field(default="pending", max_length=16, index=True)  # pending|sending|sent|dead
    attempts: int = 0
    available_at: datetime = Field(index=True)
    created_at: datetime
    sent_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)


class IcpSerialRow(SQLModel, table=True):
    __tablename__ = "icp_serial"

    region: str = Field(primary_key=True, max_length=8)
    year: int = Field(primary_key=True)
    last: int = 0


class FiledEntityRow(SQLModel, table=True):
    """An entity in the register (filing.registry): its number is unique, and so stays
    taken after it was cancelled."""

    __tablename__ = "filed_entity"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=64, unique=True)
    region: str = Field(max_length=8)
    applicant: str = Field(index=True, max_length=64)
    state: str = Field(max_length=16)
    last_serial: int = 0
    entity_type: str = Field(max_length=32)
    certificate_type: str = Field(max_length=48)
    # name, certificate number, address, landline and the leader, sealed together
    personal_enc: str = Field(sa_column=Column(Text, nullable=False))
    order_id: str = Field(default="", max_length=32)  # the order that last changed it
    version: int = 0


class FiledWebsiteRow(SQLModel, table=True):
    """A website of a filed entity: one row per serial ever issued, cancelled ones kept."""

    __tablename__ = "filed_website"
    __table_args__ = (UniqueConstraint("entity_id", "serial", name="uq_filed_website_serial"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(index=True, foreign_key="filed_entity.id")
    serial: int
    number: str = Field(max_length=72, unique=True)
    domain: str = Field(index=True, max_length=253)
    name: str = Field(default="", max_length=200)
    content: str = Field(default="", max_length=64)
    state: str = Field(max_length=16)
    order_id: str = Field(default="", max_length=32)


class ReminderSentRow(SQLModel, table=True):
    """One row per reminder ever queued: the key makes a reminder go out once, even after a
    restart or with several workers scanning at the same time."""

    __tablename__ = "reminder_sent"

    key: str = Field(primary_key=True, max_length=160)
    created_at: datetime


class CallbackReceiptRow(SQLModel, table=True):
    """Back-office callbacks already applied, by their event id: replays are refused."""

    __tablename__ = "callback_receipt"

    id: str = Field(primary_key=True, max_length=100)
    order_id: str = Field(max_length=32)
    created_at: datetime


class ReviewerRow(SQLModel, table=True):
    """An account of the web review desk (the provider's staff)."""

    __tablename__ = "reviewer"

    name: str = Field(primary_key=True, max_length=64)
    password_hash: str = Field(max_length=255)
    role: str = Field(default="reviewer", max_length=16)  # reviewer | auditor
    locale: str = Field(default="en", max_length=16)
    totp_enc: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    active: bool = True
    created_at: datetime


class AuditRow(SQLModel, table=True):
    """Append-only: who saw or decided what, and every login. No personal data in it."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=64, index=True)
    action: str = Field(max_length=32)
    order_id: str | None = Field(default=None, max_length=32, index=True)
    detail: str = Field(default="", max_length=500)
    peer: str = Field(default="", max_length=64)


class SubmissionRow(SQLModel, table=True):
    """The order as the applicant submitted it, once per round, for the reviewer's diff."""

    __tablename__ = "order_submission"

    order_id: str = Field(primary_key=True, foreign_key="filing_order.id", max_length=32)
    round: int = Field(primary_key=True)
    at: datetime
    data_enc: str = Field(sa_column=Column(Text, nullable=False))


class ReviewerNoticeRow(SQLModel, table=True):
    """Where a reviewer's decision buttons for an order were shown (a Telegram message), so
    that a decision taken elsewhere can close them."""

    __tablename__ = "reviewer_notice"

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(index=True, max_length=32)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime


class ReviewDraftRow(SQLModel, table=True):
    """A reviewer's rejection being put together in a chat: the reasons picked and the note
    typed, until it is confirmed (one per reviewer chat)."""

    __tablename__ = "review_draft"

    chat: str = Field(primary_key=True, max_length=64)
    order_id: str = Field(max_length=32)
    action: str = Field(max_length=32)
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = 0
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: datetime


def sealed_columns() -> tuple[tuple[Table, str, str], ...]:
    """Every column holding Fernet tokens, as (table, its key column, the column): what key
    rotation re-encrypts and what the start-up check samples."""
    return ((table_of(DialogSessionRow), "id", "answers_enc"),
            (table_of(OrderRow), "id", "remarks_enc"),
            (table_of(OrderRow), "id", "details_enc"),
            (table_of(EntityRow), "order_id", "personal_enc"),
            (table_of(WebsiteRow), "id", "leader_enc"),
            (table_of(StatusHistoryRow), "id", "note_enc"),
            (table_of(OutboxRow), "id", "payload_enc"),
            (table_of(FiledEntityRow), "id", "personal_enc"),
            (table_of(ReviewerRow), "name", "totp_enc"),
            (table_of(SubmissionRow), "order_id", "data_enc"))
