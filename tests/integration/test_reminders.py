"""Reminders come from the database: due ones are queued once, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import format_datetime, translator
from dialogs.notifications import render
from dialogs.session import DialogSession
from filing.lifecycle import Action, Status
from filing.services import FilingService, ReviewDecision
from filing.types import OrderType
from storage.conversations import SqlConversationStore
from storage.crypto import Cipher
from storage.db import make_engine, session_factory
from storage.migrate import upgrade
from storage.outbox import SqlOutbox
from storage.reminders import SqlReminderScheduler
from storage.uow import uow_factory
from tests.memory import FakeClock
from tests.orders_by_type import order_of
from tests.unit.test_lifecycle import sample_order
from tests.walk import approve

START = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


@pytest.fixture
def sessions(database_url: str):  # type: ignore[no-untyped-def]
    upgrade(database_url)
    engine = make_engine(database_url)
    factory = session_factory(engine)
    factory.engine = engine  # type: ignore[attr-defined]
    yield factory
    engine.dispose()


def _reminders(sessions, at: datetime) -> list:  # type: ignore[no-untyped-def]
    outbox = SqlOutbox(sessions, now=lambda: at)
    return [n for n in outbox.claim(limit=100) if n.event.name == "ReminderDue"]


def test_sms_deadline_is_reminded_12_and_2_hours_before_once_each(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(START)
    service = FilingService(uow_factory(sessions, Cipher(Cipher.new_key())), clock)
    order = service.submit(sample_order(), actor="test:1")
    service.decide(ReviewDecision(order.id, Action.APPROVE, "alice"))
    deadline = START + timedelta(hours=24)
    for hours, expected in ((1, 0), (13, 1), (14, 0), (23, 1), (23.5, 0), (25, 0)):
        at = START + timedelta(hours=hours)
        assert SqlReminderScheduler(sessions, now=lambda at=at: at).scan() == expected, hours
    reminders = _reminders(sessions, START + timedelta(days=2))
    assert [n.event.kind for n in reminders] == ["sms_deadline", "sms_deadline"]
    assert reminders[0].event.deadline == deadline


def test_public_security_filing_is_reminded_before_its_30_days_run_out(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(START)
    service = FilingService(uow_factory(sessions, Cipher(Cipher.new_key())), clock)
    order = service.submit(sample_order(), actor="test:1")
    for action in (Action.APPROVE, Action.SMS_VERIFIED, Action.ADMINISTRATION_APPROVE):
        service.decide(ReviewDecision(order.id, action, "alice"))
    assert SqlReminderScheduler(sessions, now=lambda: START + timedelta(days=5)).scan() == 0
    later = START + timedelta(days=21)
    assert SqlReminderScheduler(sessions, now=lambda: later).scan() == 1
    assert SqlReminderScheduler(sessions, now=lambda: later).scan() == 0
    [reminder] = _reminders(sessions, later)
    assert reminder.event.icp_number.startswith("浙ICP备")


def test_abandoned_draft_is_reminded_once_per_silence(sessions) -> None:  # type: ignore[no-untyped-def]
    store = SqlConversationStore(sessions.engine, Cipher(Cipher.new_key()))
    store.save_draft(DialogSession("d1", "test:1", "first_filing", "domain", {}, [], 1,
                                   created_at=START, updated_at=START))
    scheduler = SqlReminderScheduler(sessions, draft_after_days=3,
                                     now=lambda: START + timedelta(days=4))
    assert scheduler.scan() == 1 and scheduler.scan() == 0
    [reminder] = _reminders(sessions, START + timedelta(days=4))
    [message] = render(reminder.event, translator("en"), "en", format_datetime)
    assert "resume:d1" in [option.value for option in message.options]  # type: ignore[union-attr]


def test_reminder_deadlines_are_shown_in_china_time(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(START)
    service = FilingService(uow_factory(sessions, Cipher(Cipher.new_key())), clock)
    order = service.submit(sample_order(), actor="test:1")
    service.decide(ReviewDecision(order.id, Action.APPROVE, "alice"))
    at = START + timedelta(hours=13)
    SqlReminderScheduler(sessions, now=lambda: at).scan()
    [reminder] = _reminders(sessions, at)
    [message] = render(reminder.event, translator("en"), "en", format_datetime)
    assert "4:00:00\u202fPM" in message.text  # 08:00 UTC + 24 h = 16:00 in Asia/Shanghai


def _approved(service: FilingService, order_type: OrderType) -> None:
    approve(service, order_of(order_type))


@pytest.mark.parametrize("order_type", [OrderType.MODIFY_WEBSITE, OrderType.CANCEL_WEBSITE,
                                        OrderType.NEW_ACCESS, OrderType.CLAIM])
def test_no_public_security_reminder_without_a_new_website_number(sessions,  # type: ignore[no-untyped-def]
                                                                  order_type: OrderType) -> None:
    service = FilingService(uow_factory(sessions, Cipher(Cipher.new_key())), FakeClock(START))
    _approved(service, order_type)
    later = START + timedelta(days=21)
    assert SqlReminderScheduler(sessions, now=lambda: later).scan() == 0


def test_a_returned_order_is_reminded_at_30_and_40_days_then_expires_at_45(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(START)
    service = FilingService(uow_factory(sessions, Cipher(Cipher.new_key())), clock)
    order = service.submit(sample_order(), actor="test:1")
    service.decide(ReviewDecision(order.id, Action.REJECT, "alice", ("website_name",)))
    for days, expected in ((29, 0), (30, 1), (31, 0), (40, 1), (44, 0)):
        at = START + timedelta(days=days)
        assert SqlReminderScheduler(sessions, now=lambda at=at: at).scan() == expected, days
    reminders = _reminders(sessions, START + timedelta(days=44))
    assert [n.event.kind for n in reminders] == ["order_expiring", "order_expiring"]
    assert reminders[0].event.deadline == START + timedelta(days=45)
    [message] = render(reminders[0].event, translator("zh_Hans"), "zh_Hans", format_datetime)
    assert f"fix:{order.id}" in [o.value for o in message.options]  # type: ignore[union-attr]
    clock.moment = START + timedelta(days=44, hours=23)
    assert service.expire_unfinished() == 0
    clock.moment = START + timedelta(days=45)
    assert service.expire_unfinished() == 1
    expired = service.get(order.id)
    assert expired.status is Status.EXPIRED and expired.history[-1].actor == "system"
    assert SqlReminderScheduler(sessions, now=lambda: clock.moment).scan() == 0


def test_a_resubmitted_order_does_not_expire(sessions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(START)
    service = FilingService(uow_factory(sessions, Cipher(Cipher.new_key())), clock)
    order = service.submit(sample_order(), actor="test:1")
    service.decide(ReviewDecision(order.id, Action.REJECT, "alice", ("website_name",)))
    clock.advance(days=20)
    corrected = sample_order()
    corrected.id = order.id
    service.submit(corrected, actor="test:1")
    clock.advance(days=30)
    assert service.expire_unfinished() == 0
    assert service.get(order.id).status is Status.PROVIDER_REVIEW
