"""The desk's storage on SQLite and PostgreSQL: queue pages and counts, search through the
blind index, the append-only audit log, submissions per round, and the version check."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.bootstrap import App
from filing.errors import ConcurrentUpdate
from filing.lifecycle import Action, Status
from filing.services import ReviewDecision
from storage.audit import AuditFilter, SqlAuditLog
from storage.db import make_engine, session_factory
from storage.desk_queries import QueueFilter, SqlDeskQueries
from storage.submissions import SqlSubmissions
from tests.web.desk_support import desk_world, resubmit_after_rejection, submit_order


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> App:
    return desk_world(tmp_path, database_url)


def queries(app: App) -> SqlDeskQueries:
    return SqlDeskQueries(make_engine(app.database_url), app.cipher)


def test_the_migrations_make_exactly_the_tables_the_code_declares(app: App) -> None:
    with make_engine(app.database_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection),
                                       SQLModel.metadata)
    assert differences == []


def test_the_queue_pages_by_keyset_forwards_and_back(app: App) -> None:
    filed = [submit_order(app, domain=f"site{n}.cn", materials=False).id for n in range(7)]
    desk, now = queries(app), datetime.now(UTC)
    pages, where = [], QueueFilter()
    while True:
        page = desk.queue(where, now, size=3)
        pages.append([row.id for row in page.rows])
        if not page.next_cursor:
            break
        where = QueueFilter(after=page.next_cursor)
    assert [order_id for page in pages for order_id in page] == filed
    assert [len(page) for page in pages] == [3, 3, 1]
    back = desk.queue(QueueFilter(before=page.previous_cursor), now, size=3)
    assert [row.id for row in back.rows] == pages[1]
    assert page.total == 7 and page.counts == {"provider_review": 7}


def test_the_queue_filters_and_counts_under_the_same_filters(app: App) -> None:
    first = submit_order(app, domain="one.cn", materials=False)
    second = submit_order(app, domain="two.cn", materials=False)
    app.filing.decide(ReviewDecision(second.id, Action.APPROVE, "alice"))
    desk, now = queries(app), datetime.now(UTC)
    sms = desk.queue(QueueFilter(sla="sms"), now)
    assert [row.id for row in sms.rows] == [second.id] and sms.rows[0].sms_deadline
    review = desk.queue(QueueFilter(status="provider_review"), now)
    assert [row.id for row in review.rows] == [first.id]
    assert review.counts == {"provider_review": 1, "sms_verification": 1}
    assert desk.queue(QueueFilter(region="CN-BJ"), now).rows == []
    assert desk.queue(QueueFilter(min_age_days=1), now).rows == []
    assert len(desk.queue(QueueFilter(min_age_days=1), now + timedelta(days=2)).rows) == 2
    expiring = desk.queue(QueueFilter(sla="expiry"), now + timedelta(days=31))
    assert {row.id for row in expiring.rows} == {first.id, second.id}
    assert review.rows[0].entity == "张*" and review.rows[0].domains == "one.cn"


def test_search_finds_order_ids_domains_and_full_entity_names_only(app: App) -> None:
    company = submit_order(app, domain="shop.cn", name="杭州 甲乙科技有限公司", materials=False)
    person = submit_order(app, domain="blog.cn", name="李四", materials=False)
    desk, now = queries(app), datetime.now(UTC)

    def found(term: str) -> list[str]:
        return [row.id for row in desk.queue(QueueFilter(search=term), now).rows]

    assert found(company.id.lower()) == [company.id]
    assert found("BLOG.cn") == [person.id]
    assert found("杭州甲乙科技有限公司") == [company.id]  # spaces and width normalised
    assert found("甲乙") == []  # the name is encrypted: no partial matches
    with make_engine(app.database_url).connect() as connection:
        stored = connection.execute(text("SELECT name_digest FROM order_entity")).scalars()
        assert all(len(digest) == 64 and "李" not in digest for digest in stored)


def test_orders_stored_before_the_index_existed_are_indexed(app: App) -> None:
    order = submit_order(app, name="李四", materials=False)
    engine = make_engine(app.database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE order_entity SET name_digest = NULL"))
    desk = queries(app)
    assert desk.queue(QueueFilter(search="李四"), datetime.now(UTC)).rows == []
    assert desk.index_missing_names(batch=1) == 1
    assert [row.id for row in desk.queue(QueueFilter(search="李四"), datetime.now(UTC)).rows] \
        == [order.id]
    assert desk.index_missing_names() == 0


def test_the_audit_log_cannot_be_changed_or_deleted(app: App) -> None:
    log = SqlAuditLog(session_factory(make_engine(app.database_url)))
    log.record(datetime.now(UTC), "alice", "view_order", order_id="O1", peer="127.0.0.1")
    engine = make_engine(app.database_url)
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert [entry.actor for entry in log.page(AuditFilter())] == ["alice"]


def test_failed_logins_are_counted_per_account_or_address(app: App) -> None:
    log = SqlAuditLog(session_factory(make_engine(app.database_url)))
    now = datetime.now(UTC)
    for peer in ("10.0.0.1", "10.0.0.2"):
        log.record(now, "alice", "login_failed", peer=peer)
    log.record(now - timedelta(hours=1), "alice", "login_failed", peer="10.0.0.3")
    since = now - timedelta(minutes=15)
    assert log.failed_logins("alice", "10.9.9.9", since) == 2
    assert log.failed_logins("bob", "10.0.0.1", since) == 1


def test_each_submission_round_is_kept_sealed_for_the_diff(app: App) -> None:
    order = submit_order(app, materials=False)
    resubmit_after_rejection(app, order)
    rounds = SqlSubmissions(session_factory(make_engine(app.database_url)),
                            app.cipher).latest(order.id)
    assert [r.round for r in rounds] == [2, 1]
    assert rounds[0].data["websites"][0]["name"] == "美食分享日记本"
    assert rounds[1].data["websites"][0]["name"] == "美食分享日记"
    with make_engine(app.database_url).connect() as connection:
        sealed = connection.execute(text("SELECT data_enc FROM order_submission")).scalars()
        assert all("美食" not in value for value in sealed)


def test_a_decision_on_a_version_already_moved_is_refused(app: App) -> None:
    order = submit_order(app, materials=False)
    seen = app.filing.get(order.id).version
    app.filing.decide(ReviewDecision(order.id, Action.APPROVE, "alice",
                                     expected_version=seen))
    with pytest.raises(ConcurrentUpdate):
        app.filing.decide(ReviewDecision(order.id, Action.SMS_VERIFIED, "bob",
                                         expected_version=seen))
    assert app.filing.get(order.id).status is Status.SMS_VERIFICATION


def test_two_decisions_at_the_same_instant_record_one(app: App) -> None:
    order = submit_order(app, materials=False)
    seen = app.filing.get(order.id).version
    start, outcomes = threading.Barrier(2), []

    def decide(actor: str, action: Action, reasons: tuple[str, ...]) -> None:
        start.wait()
        try:
            app.filing.decide(ReviewDecision(order.id, action, actor, reasons,
                                             expected_version=seen))
            outcomes.append(actor)
        except ConcurrentUpdate:
            outcomes.append("refused")
        except Exception as error:  # a locked SQLite file: refused too, never both
            outcomes.append(f"refused: {type(error).__name__}")

    threads = [threading.Thread(target=decide, args=("alice", Action.APPROVE, ())),
               threading.Thread(target=decide, args=("bob", Action.REJECT,
                                                     ("materials_unclear",)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.split(":")[0] for o in outcomes if o.startswith("refused")) == ["refused"]
    history = app.filing.get(order.id).history
    assert len(history) == 2 and history[1].actor in ("alice", "bob")
