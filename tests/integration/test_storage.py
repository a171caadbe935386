"""Storage round trips, the same tests on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from dialogs.session import ChatProfile, DialogSession, StaleDraft
from filing.errors import OrderNotFound
from filing.events import OrderStatusChanged, audience
from filing.lifecycle import Action, Status
from filing.services import FilingService, ReviewDecision
from storage.conversations import SqlConversationStore
from storage.crypto import Cipher
from storage.db import make_engine, session_factory
from storage.migrate import upgrade
from storage.outbox import SqlOutbox
from storage.uow import uow_factory
from tests.memory import FakeClock
from tests.unit.test_lifecycle import sample_order

WITH_A_REVIEWER = audience(["telegram:900"])  # a submission is told to one reviewer


@pytest.fixture
def db(database_url: str):  # type: ignore[no-untyped-def]
    upgrade(database_url)
    engine = make_engine(database_url)
    yield session_factory(engine), engine
    engine.dispose()


@pytest.fixture
def cipher() -> Cipher:
    return Cipher(Cipher.new_key())


def test_order_round_trip_keeps_every_part(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    sessions, _ = db
    service = FilingService(uow_factory(sessions, cipher, WITH_A_REVIEWER), FakeClock())
    order = service.submit(sample_order(), actor="test:1")
    loaded = service.get(order.id)
    assert loaded.entity == order.entity
    assert loaded.websites == order.websites
    assert loaded.access == order.access
    assert loaded.status is Status.PROVIDER_REVIEW
    assert [(h.old_status, h.new_status, h.actor) for h in loaded.history] == [
        (Status.DRAFT, Status.PROVIDER_REVIEW, "test:1")]


def test_a_new_order_filed_twice_is_filed_once(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    """A confirmation handled twice (``new``: the id came from the draft) finds its order
    filed and gets it back unchanged; another applicant's order of that id is not found."""
    sessions, engine = db
    service = FilingService(uow_factory(sessions, cipher, WITH_A_REVIEWER), FakeClock())
    first = sample_order()
    first.id = "O1234ABCD"
    filed = service.submit(first, actor="test:1", new=True)
    outbox = text("SELECT count(*) FROM outbox")
    with engine.connect() as connection:
        told = connection.execute(outbox).scalar()
    again = sample_order()
    again.id = "O1234ABCD"
    assert service.submit(again, actor="test:1", new=True).version == filed.version
    assert service.get(filed.id).round == 1 and len(service.list(applicant="test:1")) == 1
    with engine.connect() as connection:
        assert connection.execute(outbox).scalar() == told
    stranger = sample_order()
    stranger.id, stranger.applicant = "O1234ABCD", "test:2"
    with pytest.raises(OrderNotFound):
        service.submit(stranger, actor="test:2", new=True)


def test_personal_data_is_encrypted_at_rest(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    sessions, engine = db
    service = FilingService(uow_factory(sessions, cipher, WITH_A_REVIEWER), FakeClock())
    service.submit(sample_order(), actor="test:1")
    with engine.connect() as connection:
        dump = " ".join(str(row) for table in ("order_entity", "order_website", "filing_order")
                        for row in connection.execute(text(f"SELECT * FROM {table}")))
    for secret in ("11010519491231002X", "13812345678", "张三", "文三路"):
        assert secret not in dump


def test_review_decisions_are_stored_with_history_and_outbox_rows(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    sessions, _ = db
    clock = FakeClock(datetime.now(UTC))
    service = FilingService(uow_factory(sessions, cipher, WITH_A_REVIEWER), clock)
    order = service.submit(sample_order(), actor="test:1")
    for action in (Action.APPROVE, Action.SMS_VERIFIED, Action.ADMINISTRATION_APPROVE):
        service.decide(ReviewDecision(order.id, action, "alice"))
    approved = service.get(order.id)
    assert approved.icp_number == f"浙ICP备{clock.now().year}000001号-1"
    assert len(approved.history) == 4
    claimed = SqlOutbox(sessions, cipher=cipher).claim(limit=20)
    changes = [n.event for n in claimed if isinstance(n.event, OrderStatusChanged)]
    assert [e.new_status for e in changes] == [
        "provider_review", "sms_verification", "administration_review", "approved"]
    assert {n.recipient for n in claimed if n.event in changes} == {"test:1"}
    assert any(n.recipient == "telegram:900" for n in claimed)


def test_outbox_rows_are_claimed_once_then_sent_or_retried(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    sessions, _ = db
    filing = FilingService(uow_factory(sessions, cipher, WITH_A_REVIEWER), FakeClock())
    filing.submit(sample_order(), "test:1")
    outbox = SqlOutbox(sessions, cipher=cipher)
    first = outbox.claim(limit=10)
    assert first and outbox.claim(limit=10) == []  # leased: nobody else takes them
    outbox.mark_sent(first[0].id)
    outbox.retry_later(first[1].id, timedelta(seconds=-1), "502")
    again = outbox.claim(limit=10)
    assert [n.id for n in again] == [first[1].id] and again[0].attempts == 2


def test_expired_lease_is_reclaimed_after_a_crash(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    sessions, _ = db
    filing = FilingService(uow_factory(sessions, cipher, WITH_A_REVIEWER), FakeClock())
    filing.submit(sample_order(), "test:1")
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert SqlOutbox(sessions, cipher=cipher).claim(limit=10)
    assert SqlOutbox(sessions, now=lambda: later, cipher=cipher).claim(limit=10)


def test_draft_round_trip_and_concurrent_save_is_detected(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    _, engine = db
    store = SqlConversationStore(engine, cipher)
    now = datetime.now(UTC)
    draft = DialogSession("d1", "test:1", "first_filing", "domain",
                          {"entity_name": "张三", "leader_mobile": "13812345678"},
                          ["region"], 1, created_at=now, updated_at=now)
    store.save_draft(draft)
    loaded = store.load_draft("d1")
    assert loaded == draft
    loaded.version = 2
    store.save_draft(loaded)
    stale = DialogSession("d1", "test:1", "first_filing", "summary", {}, [], 2)
    with pytest.raises(StaleDraft):
        store.save_draft(stale)
    with engine.connect() as connection:
        raw = str(connection.execute(text("SELECT answers_enc FROM dialog_session")).all())
    assert "13812345678" not in raw and "张三" not in raw
    assert [d.id for d in store.drafts_of("test:1")] == ["d1"]


def test_chat_profile_round_trip(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    _, engine = db
    store = SqlConversationStore(engine, cipher)
    store.save_profile(ChatProfile("telegram:42", "zh_Hans", "d1", region_hint="CN-GD"))
    profile = store.load_profile("telegram:42")
    assert profile is not None
    assert (profile.locale, profile.active_draft, profile.region_hint) == ("zh_Hans", "d1",
                                                                            "CN-GD")


def test_blocked_recipient_is_marked_and_its_pending_rows_stop(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    sessions, engine = db
    store = SqlConversationStore(engine, cipher)
    store.save_profile(ChatProfile("test:1", "en"))
    filing = FilingService(uow_factory(sessions, cipher, WITH_A_REVIEWER), FakeClock())
    filing.submit(sample_order(), "test:1")
    outbox = SqlOutbox(sessions, cipher=cipher)
    outbox.block_recipient("test:1")
    profile = store.load_profile("test:1")
    assert profile is not None and profile.blocked
    assert all(n.recipient != "test:1" for n in outbox.claim(limit=10))


def test_two_workers_creating_one_chat_at_once_makes_the_loser_retry(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    _, engine = db
    store = SqlConversationStore(engine, cipher)
    first = ChatProfile("telegram:77", "en", version=1)
    store.save_turn(first, None)
    racer = ChatProfile("telegram:77", "zh_Hans", version=1)  # also believed it was new
    with pytest.raises(StaleDraft):
        store.save_turn(racer, None)
    stored = store.load_profile("telegram:77")
    assert stored is not None and stored.locale == "en"


def test_filed_data_round_trips_with_the_people_sealed(db, cipher: Cipher) -> None:  # type: ignore[no-untyped-def]
    from filing.model import PreApproval
    from tests.unit.test_filed_data import OTHER, company

    sessions, engine = db
    service = FilingService(uow_factory(sessions, cipher, WITH_A_REVIEWER), FakeClock())
    filed = company(admin=OTHER, name="示例新闻中心", materials=["pre_approval_document"],
                    pre_approval=PreApproval("news", "国新网许可〔2024〕1号"),
                    languages=("zh-Hans", "ug"))
    order = service.submit(filed, actor="test:1")
    loaded = service.get(order.id)
    assert loaded.entity == order.entity and loaded.websites == order.websites
    assert loaded.websites[0].leader == OTHER and loaded.entity.investor
    with engine.connect() as connection:
        dump = " ".join(str(row) for table in ("order_entity", "order_website")
                        for row in connection.execute(text(f"SELECT * FROM {table}")))
    for secret in (OTHER.certificate_number, OTHER.mobile, OTHER.emergency_phone, "王五",
                   "文三路"):
        assert secret not in dump
    assert "news" in dump and "ug" in dump  # not personal: kept in clear


def test_remembered_answers_never_outlive_a_key_rotation_or_a_forget(db) -> None:  # type: ignore[no-untyped-def]
    """A draft's sealed answers are remembered to skip re-encrypting and re-decrypting them
    (#16): unchanged answers keep their token only while the key that sealed them is still
    the first; a token changed in the database (another process) is decrypted afresh."""
    _, engine = db
    old, new = Cipher.new_key(), Cipher.new_key()
    keys = [old]
    store = SqlConversationStore(engine, Cipher.following(lambda: tuple(keys)))
    draft = DialogSession("d1", "telegram:9", "first_filing", "region", {"a": "张三"}, [], 1)
    store.save_turn(None, draft)

    def stored() -> str:
        with engine.connect() as connection:
            return str(connection.execute(text(
                "SELECT answers_enc FROM dialog_session WHERE id = 'd1'")).scalar_one())

    first = stored()
    draft.version = 2  # unchanged answers, same key: the same token again
    store.save_turn(None, draft)
    assert stored() == first and "张三" not in first
    keys.insert(0, new)  # rotation: the next write seals with the new key alone
    draft.version = 3
    store.save_turn(None, draft)
    assert stored() != first
    assert Cipher(new).open(stored()) == {"a": "张三"}
    # another process rewrote the token: it is read from the database, not remembered
    with engine.begin() as connection:
        connection.execute(text("UPDATE dialog_session SET answers_enc = :t WHERE id = 'd1'"),
                           {"t": Cipher(new).seal({"a": "李四"})})
    loaded = store.load_draft("d1")
    assert loaded is not None and loaded.answers == {"a": "李四"}
    store.forget("telegram:9")
    assert not store._sealed
