"""The tables. Columns ending in ``_enc`` hold Fernet tokens of personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Table, Text
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

    id: str = Field(primary_key=True, max_length=32)
    order_type: str = Field(max_length=32)
    applicant: str = Field(index=True, max_length=64)
    status: str = Field(index=True, max_length=32)
    region: str = Field(max_length=8)
    icp_number: str | None = Field(default=None, max_length=64)
    sms_deadline: datetime | None = None
    round: int = 0
    remarks_enc: str = Field(default="", sa_column=Column(Text, nullable=False))
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
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
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class OutboxRow(SQLModel, table=True):
    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    event: str = Field(max_length=48)
    order_id: str | None = Field(default=None, max_length=32, index=True)
    recipient: str = Field(index=True, max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
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
