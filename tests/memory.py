"""In-memory fakes of the ports, for fast unit and transcript tests (fakes, not mocks)."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from dialogs.session import ChatProfile, DialogSession, StaleDraft
from filing.errors import ConcurrentUpdate, NumberTaken, ReplayedEvent
from filing.events import Event
from filing.lifecycle import Status
from filing.model import FilingOrder, OrderSummary
from filing.registry import FiledEntity


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.moment = start or datetime(2026, 11, 29, 8, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


class FakeOrderRepository:
    def __init__(self) -> None:
        self.rows: dict[str, FilingOrder] = {}
        self.seen: dict[str, FilingOrder] = {}
        self.receipts: set[str] = set()  # event ids committed

    def add(self, order: FilingOrder) -> None:
        stored = self.rows.get(order.id)
        if stored is not None and stored.version != order.version:
            raise ConcurrentUpdate("changed meanwhile", order_id=order.id)
        order.version += 1
        self.seen[order.id] = order

    def get(self, order_id: str) -> FilingOrder | None:
        order = self.rows.get(order_id)
        if order is None:
            return None
        loaded = copy.deepcopy(order)
        self.seen[order_id] = loaded
        return loaded

    def list(self, *, status: Status | None = None, applicant: str | None = None,
             statuses: Sequence[Status] = ()) -> list[OrderSummary]:
        return [o.summary() for o in self.rows.values()
                if (status is None or o.status == status)
                and (not statuses or o.status in statuses)
                and (applicant is None or o.applicant == applicant)]



class FakeFilingRegistry:
    """The register of filed entities in a dict; a save writes a copy, as a database would."""

    def __init__(self) -> None:
        self.entities: dict[str, FiledEntity] = {}
        self.serials: dict[tuple[str, int], int] = {}

    def entity(self, number: str) -> FiledEntity | None:
        found = self.entities.get(number)
        return copy.deepcopy(found) if found else None

    def of_applicant(self, applicant: str) -> list[FiledEntity]:
        return [copy.deepcopy(e) for e in self.entities.values() if e.applicant == applicant]

    def next_entity_serial(self, region: str, year: int) -> int:
        self.serials[region, year] = self.serials.get((region, year), 0) + 1
        return self.serials[region, year]

    def save(self, entity: FiledEntity) -> None:
        stored = self.entities.get(entity.number)
        if stored is not None and stored.version != entity.version:
            raise NumberTaken(entity.number)
        entity.id = entity.id or len(self.entities) + 1
        entity.version += 1
        self.entities[entity.number] = copy.deepcopy(entity)


class FakeUnitOfWork:
    """Commits copy the orders into the shared 'database' and their events into the outbox."""

    def __init__(self, orders: FakeOrderRepository, outbox: list[Event],
                 registry: FakeFilingRegistry | None = None) -> None:
        self.orders = orders
        self.outbox = outbox
        self.registry = registry or FakeFilingRegistry()
        self.committed = False
        self.claimed: set[str] = set()

    def claim_event(self, event_id: str, order_id: str) -> None:
        if event_id in self.orders.receipts:
            raise ReplayedEvent("replayed", event_id=event_id)
        self.claimed.add(event_id)

    def __enter__(self) -> FakeUnitOfWork:
        self.orders.seen = {}
        return self

    def __exit__(self, *exc: object) -> None:
        self.orders.seen = {}

    def seen(self) -> Iterable[FilingOrder]:
        return self.orders.seen.values()

    def commit(self) -> None:
        self.orders.receipts |= self.claimed
        for order in self.seen():
            self.outbox.extend(order.events)
            order.events.clear()
            self.orders.rows[order.id] = copy.deepcopy(order)
        self.committed = True


def _plain(value: Any) -> Any:
    """A deep copy of JSON-like data (what drafts and profiles hold) without deepcopy's
    machinery, which was a third of the engine benchmark's memory-store baseline."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    return copy.deepcopy(value)


def _copy_profile(profile: ChatProfile) -> ChatProfile:
    return dataclasses.replace(profile, recent_updates=list(profile.recent_updates))


def _copy_draft(draft: DialogSession) -> DialogSession:
    return dataclasses.replace(draft, answers=_plain(draft.answers), history=list(draft.history))


class FakeConversationStore:
    def __init__(self) -> None:
        self.profiles: dict[str, ChatProfile] = {}
        self.drafts: dict[str, DialogSession] = {}

    def load_turn(self, chat: str) -> tuple[ChatProfile | None, DialogSession | None]:
        profile = self.load_profile(chat)
        if profile is None or profile.active_draft is None:
            return profile, None
        return profile, self.load_draft(profile.active_draft)

    def save_turn(self, profile: ChatProfile | None, draft: DialogSession | None) -> None:
        stored = self.profiles.get(profile.chat) if profile is not None else None
        if profile is not None and stored is not None and stored.version != profile.version - 1:
            raise StaleDraft(profile.chat)
        if draft is not None:
            self.save_draft(draft)
        if profile is not None:
            self.save_profile(profile)

    def load_profile(self, chat: str) -> ChatProfile | None:
        profile = self.profiles.get(chat)
        return _copy_profile(profile) if profile else None

    def save_profile(self, profile: ChatProfile) -> None:
        self.profiles[profile.chat] = _copy_profile(profile)

    def load_draft(self, draft_id: str) -> DialogSession | None:
        draft = self.drafts.get(draft_id)
        return _copy_draft(draft) if draft else None

    def save_draft(self, session: DialogSession) -> None:
        stored = self.drafts.get(session.id)
        if stored is not None and stored.version != session.version - 1:
            raise StaleDraft(session.id)
        self.drafts[session.id] = _copy_draft(session)

    def drafts_of(self, chat: str) -> list[DialogSession]:
        # list(): another thread (the engine benchmark's --threads) may add a draft meanwhile
        return [_copy_draft(d) for d in list(self.drafts.values()) if d.chat == chat]

    def forget(self, chat: str) -> int:
        doomed = [key for key, draft in self.drafts.items() if draft.chat == chat]
        for key in doomed:
            del self.drafts[key]
        return len(doomed)


class FakeMaterialStore:
    """Uploaded files kept in a dict; the metadata has the shape FileMaterialStore returns."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def save(self, owner: str, kind: str, file_name: str, content_type: str,
             data: bytes) -> dict[str, Any]:
        key = f"{owner}/{len(self.files)}-{kind}"
        self.files[key] = data
        return {"kind": kind, "file_name": file_name, "content_type": content_type,
                "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                "storage_key": key}

    def load(self, storage_key: str) -> bytes:
        return self.files[storage_key]

    def delete(self, storage_keys: set[str]) -> int:
        gone = [key for key in storage_keys if key in self.files]
        for key in gone:
            del self.files[key]
        return len(gone)

    def delete_owner(self, owner: str, keep: frozenset[str] = frozenset()) -> int:
        keys = [key for key in self.files if key.startswith(owner + "/") and key not in keep]
        for key in keys:
            del self.files[key]
        return len(keys)


class FakeReviewDrafts:
    """dialogs.reviewing.ReviewDrafts in a dict."""

    def __init__(self) -> None:
        self.drafts: dict[str, Any] = {}

    def load(self, chat: str) -> Any:
        return copy.deepcopy(self.drafts.get(chat))

    def save(self, draft: Any) -> None:
        self.drafts[draft.chat] = copy.deepcopy(draft)

    def clear(self, chat: str) -> None:
        self.drafts.pop(chat, None)
