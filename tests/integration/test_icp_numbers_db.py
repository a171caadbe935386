"""ICP numbers in the database: the register round trip on SQLite and PostgreSQL, and 20
approvals at once in two processes on PostgreSQL: all numbers distinct and gap-free."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from filing.events import audience
from filing.icp_numbers import split_number
from filing.lifecycle import Action, Status
from filing.registry import SiteState
from filing.services import FilingService, ReviewDecision
from filing.types import OrderType
from storage.crypto import Cipher
from storage.db import make_engine, session_factory
from storage.migrate import upgrade
from storage.uow import uow_factory
from tests.memory import FakeClock
from tests.orders_by_type import order_of
from tests.walk import approve

T = OrderType
YEAR = datetime.now(UTC).year


def service_on(url: str, key: str) -> FilingService:
    sessions = session_factory(make_engine(url))
    return FilingService(uow_factory(sessions, Cipher(key), audience(())),
                         FakeClock(datetime.now(UTC)))


@pytest.fixture
def filing(database_url: str) -> Iterator[FilingService]:
    upgrade(database_url)
    yield service_on(database_url, Cipher.new_key())


def test_register_round_trip_issues_keeps_and_retires(filing: FilingService) -> None:
    first, _ = approve(filing, order_of(T.FIRST_FILING, domains=("a.com", "b.com")))
    entity = f"浙ICP备{YEAR}000001号"
    assert [s.filing_number for s in filing.get(first.id).websites] == [f"{entity}-1",
                                                                       f"{entity}-2"]
    assert filing.get(first.id).icp_number == f"{entity}-1, {entity}-2"
    approve(filing, order_of(T.CANCEL_WEBSITE, domains=("b.com",),
                             site_numbers=(f"{entity}-2",)))
    added, _ = approve(filing, order_of(T.NEW_WEBSITE, domains=("c.com",),
                                        entity_number=entity))
    assert added.websites[0].filing_number == f"{entity}-3"
    [filed] = filing.filed_entities("test:1")
    assert filed.number == entity and filed.entity.name == "张三"
    assert [(s.serial, s.domain, s.standing) for s in filed.websites] == [
        (1, "a.com", SiteState.FILED), (2, "b.com", SiteState.CANCELLED),
        (3, "c.com", SiteState.FILED)]


def _waiting_for_the_administration(filing: FilingService, order_type: OrderType,
                                    applicant: str, domain: str, entity: str) -> str:
    order = filing.submit(order_of(order_type, applicant, (domain,), entity_number=entity),
                          actor=applicant)
    for action in (Action.APPROVE, Action.SMS_VERIFIED):
        order = filing.decide(ReviewDecision(order.id, action, "alice"))
    assert order.status is Status.ADMINISTRATION_REVIEW
    return order.id


def approve_in_process(url: str, key: str, order_ids: list[str], start_at: float) -> list[str]:
    """One worker process: its approvals on ten threads at once, from the same moment as
    the other process."""
    filing = service_on(url, key)
    time.sleep(max(0.0, start_at - time.time()))

    def one(order_id: str) -> str:
        order = filing.decide(ReviewDecision(order_id, Action.ADMINISTRATION_APPROVE, "bo"))
        return order.icp_number or ""

    with ThreadPoolExecutor(len(order_ids)) as threads:
        return list(threads.map(one, order_ids))


@pytest.mark.postgres
def test_twenty_parallel_approvals_in_two_processes_get_distinct_gap_free_numbers(
        postgres_url: str) -> None:
    upgrade(postgres_url)
    key = Cipher.new_key()
    filing = service_on(postgres_url, key)
    entity = approve(filing, order_of(T.FIRST_FILING, "test:0", ("home.com",)))[0] \
        .entity.filing_number
    # Ten new websites on one entity and ten first filings of new entities, all waiting.
    ids = [_waiting_for_the_administration(filing, T.NEW_WEBSITE, "test:0", f"n{i}.com",
                                           entity) for i in range(10)]
    ids += [_waiting_for_the_administration(filing, T.FIRST_FILING, f"test:{i + 1}",
                                            f"f{i}.com", entity) for i in range(10)]
    start_at = time.time() + 3
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=spawn) as processes:
        halves = [processes.submit(approve_in_process, postgres_url, key, ids[i::2], start_at)
                  for i in range(2)]
        numbers = [number for half in halves for number in half.result(timeout=120)]
    assert len(numbers) == 20 and len(set(numbers)) == 20
    serials: dict[str, list[int]] = {}
    for number in numbers:
        owner, serial = split_number(number)
        assert serial is not None
        serials.setdefault(owner, []).append(serial)
    assert sorted(serials.pop(entity)) == list(range(2, 12))  # after its own -1
    assert sorted(serials) == [f"浙ICP备{YEAR}{n:06d}号" for n in range(2, 12)]
    assert all(found == [1] for found in serials.values())


def test_the_database_refuses_a_number_twice(database_url: str) -> None:
    import pytest as _pytest

    from filing.errors import NumberTaken
    from filing.registry import FiledEntity
    from storage.registry import SqlFilingRegistry

    upgrade(database_url)
    sessions = session_factory(make_engine(database_url))
    cipher = Cipher(Cipher.new_key())
    entity = order_of(T.FIRST_FILING).entity
    with sessions() as session:
        SqlFilingRegistry(session, cipher).save(FiledEntity("浙ICP备2026000009号", "CN-ZJ",
                                                            "test:1", entity))
        session.commit()
    with sessions() as session, _pytest.raises(NumberTaken):
        SqlFilingRegistry(session, cipher).save(FiledEntity("浙ICP备2026000009号", "CN-ZJ",
                                                            "test:2", entity))
    with sessions() as session:
        registry = SqlFilingRegistry(session, cipher)
        filed = registry.entity("浙ICP备2026000009号")
        assert filed is not None
        filed.add_website("a.com", "", "", "O1")
        registry.save(filed)
        session.commit()
    with sessions() as session:  # the same serial written again from a stale copy
        stale = FiledEntity("浙ICP备2026000009号", "CN-ZJ", "test:1", entity, id=filed.id,
                            version=filed.version)
        stale.add_website("b.com", "", "", "O2")  # serial 1 again: refused
        with _pytest.raises(NumberTaken):
            SqlFilingRegistry(session, cipher).save(stale)
