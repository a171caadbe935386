"""ICP numbers behave like MIIT's: an entity number once, websites on its next free serials,
kept by changes and new access, retired for good by cancellations (filing-details.md §6)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from filing.errors import DomainError
from filing.events import OrderApproved
from filing.icp_numbers import split_number
from filing.registry import EntityState, SiteState
from filing.types import OrderType
from tests.conftest import FakeWorld
from tests.orders_by_type import order_of
from tests.walk import approve

T = OrderType
ENTITY = "浙ICP备2026000001号"


def first_filing(world: FakeWorld, *domains: str, applicant: str = "test:1") -> str:
    order, _ = approve(world.filing, order_of(T.FIRST_FILING, applicant, domains))
    return order.entity.filing_number


def test_a_two_website_first_filing_gets_dash_1_and_dash_2(world: FakeWorld) -> None:
    order, _ = approve(world.filing, order_of(T.FIRST_FILING, domains=("a.com", "b.com")))
    assert [site.filing_number for site in order.websites] == [f"{ENTITY}-1", f"{ENTITY}-2"]
    assert order.icp_number == f"{ENTITY}-1, {ENTITY}-2"
    assert order.entity.filing_number == ENTITY
    approved = world.outbox[-1]
    assert isinstance(approved, OrderApproved)
    assert approved.issued == (f"{ENTITY}-1", f"{ENTITY}-2")
    assert approved.entity_number == ENTITY


def test_every_new_entity_gets_its_own_number_once(world: FakeWorld) -> None:
    numbers = [first_filing(world, f"site{i}.com", applicant=f"test:{i}") for i in range(3)]
    assert numbers == ["浙ICP备2026000001号", "浙ICP备2026000002号", "浙ICP备2026000003号"]


def test_a_new_website_takes_the_next_serial_on_the_existing_entity_number(
        world: FakeWorld) -> None:
    entity = first_filing(world, "a.com", "b.com")
    order, _ = approve(world.filing, order_of(T.NEW_WEBSITE, domains=("c.com",),
                                              entity_number=entity))
    assert order.websites[0].filing_number == f"{entity}-3"
    assert order.entity.filing_number == entity
    assert world.registry.entities[entity].last_serial == 3


@pytest.mark.parametrize("order_type", [T.MODIFY_WEBSITE, T.MODIFY_ACCESS, T.NEW_ACCESS])
def test_changes_and_new_access_keep_every_number(world: FakeWorld,
                                                  order_type: OrderType) -> None:
    entity = first_filing(world, "a.com")
    order, _ = approve(world.filing, order_of(order_type, domains=("a.com",),
                                              entity_number=entity))
    approved = world.outbox[-1]
    assert isinstance(approved, OrderApproved) and approved.kept == (f"{entity}-1",)
    assert not approved.issued and order.icp_number is None
    filed = world.registry.entities[entity]
    assert [(s.serial, s.standing) for s in filed.websites] == [(1, SiteState.FILED)]


def test_an_entity_change_keeps_the_number_and_files_the_new_data(world: FakeWorld) -> None:
    entity = first_filing(world, "a.com")
    change = order_of(T.MODIFY_ENTITY, entity_number=entity)
    change.entity.leader.mobile = "13900001111"
    approve(world.filing, change)
    approved = world.outbox[-1]
    assert isinstance(approved, OrderApproved) and approved.kept == (entity,)
    assert world.registry.entities[entity].entity.leader.mobile == "13900001111"


def test_a_cancelled_website_serial_is_never_issued_again(world: FakeWorld) -> None:
    entity = first_filing(world, "a.com", "b.com")
    approve(world.filing, order_of(T.CANCEL_WEBSITE, domains=("b.com",),
                                   site_numbers=(f"{entity}-2",)))
    assert world.outbox[-1].retired == (f"{entity}-2",)  # type: ignore[attr-defined]
    order, _ = approve(world.filing, order_of(T.NEW_WEBSITE, domains=("c.com",),
                                              entity_number=entity))
    assert order.websites[0].filing_number == f"{entity}-3"
    states = {s.serial: s.standing for s in world.registry.entities[entity].websites}
    assert states == {1: SiteState.FILED, 2: SiteState.CANCELLED, 3: SiteState.FILED}


def test_a_cancelled_website_cannot_be_cancelled_or_changed_again(world: FakeWorld) -> None:
    entity = first_filing(world, "a.com", "b.com")
    cancel = order_of(T.CANCEL_WEBSITE, domains=("b.com",), site_numbers=(f"{entity}-2",))
    approve(world.filing, cancel)
    with pytest.raises(DomainError):
        approve(world.filing, order_of(T.MODIFY_WEBSITE, domains=("b.com",),
                                       site_numbers=(f"{entity}-2",)))


def test_cancelling_the_entity_retires_its_number_and_every_serial(world: FakeWorld) -> None:
    entity = first_filing(world, "a.com", "b.com")
    approve(world.filing, order_of(T.CANCEL_ENTITY, entity_number=entity))
    approved = world.outbox[-1]
    assert isinstance(approved, OrderApproved)
    assert approved.retired == (entity, f"{entity}-1", f"{entity}-2")
    filed = world.registry.entities[entity]
    assert filed.standing is EntityState.CANCELLED
    assert {site.standing for site in filed.websites} == {SiteState.CANCELLED}
    with pytest.raises(DomainError):
        approve(world.filing, order_of(T.NEW_WEBSITE, entity_number=entity))
    # Filing again is a first filing, under a new number.
    assert first_filing(world, "a.com") == "浙ICP备2026000002号"


def test_cancel_access_keeps_the_numbers_and_marks_access_removed(world: FakeWorld) -> None:
    entity = first_filing(world, "a.com")
    approve(world.filing, order_of(T.CANCEL_ACCESS, domains=("a.com",), entity_number=entity))
    approved = world.outbox[-1]
    assert isinstance(approved, OrderApproved)
    assert approved.access_removed == (f"{entity}-1",) and not approved.retired
    assert world.registry.entities[entity].websites[0].standing is SiteState.ACCESS_REMOVED


@pytest.mark.parametrize("order_type", [T.CLAIM, T.IMPORT])
def test_claim_and_import_put_the_existing_filing_in_the_applicants_account(
        world: FakeWorld, order_type: OrderType) -> None:
    order, _ = approve(world.filing, order_of(order_type, applicant="test:7"))
    approved = world.outbox[-1]
    assert isinstance(approved, OrderApproved) and approved.in_account
    assert order.icp_number is None
    [filed] = world.filing.filed_entities("test:7")
    assert filed.number == "浙ICP备2025000007号"


def test_a_new_website_on_an_entity_filed_elsewhere_continues_its_serials(
        world: FakeWorld) -> None:
    # We learn of 浙ICP备2025000007号-4 by a new access; the next website is -5.
    approve(world.filing, order_of(T.NEW_ACCESS, site_numbers=("浙ICP备2025000007号-4",)))
    order, _ = approve(world.filing, order_of(T.NEW_WEBSITE, domains=("new.com",)))
    assert order.websites[0].filing_number == "浙ICP备2025000007号-5"


def test_the_back_office_may_report_the_number_miit_issued(world: FakeWorld) -> None:
    order, _ = approve(world.filing, order_of(T.FIRST_FILING, domains=("a.com", "b.com")),
                       icp_number="浙ICP备2026123456号-1")
    assert order.icp_number == "浙ICP备2026123456号-1, 浙ICP备2026123456号-2"
    with pytest.raises(DomainError):  # a serial already used is refused
        approve(world.filing, order_of(T.NEW_WEBSITE, entity_number="浙ICP备2026123456号"),
                icp_number="浙ICP备2026123456号-2")


# --- a property: whatever happens, no serial is reused and no number is shared ---------

STEPS = st.lists(st.tuples(st.sampled_from(["first", "website", "cancel_site",
                                            "cancel_entity"]),
                           st.integers(0, 5), st.integers(1, 3)), max_size=25)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(STEPS)
def test_no_serial_is_reused_and_no_two_entities_share_a_number(steps: list[tuple[str, int,
                                                                                   int]]) -> None:
    world = FakeWorld()
    entities: list[str] = []
    issued: list[str] = []
    for kind, pick, count in steps:
        # A website on a cancelled entity is refused: nothing is issued.
        with contextlib.suppress(DomainError):
            issued += _apply(world, kind, entities, pick, count)
    assert len(issued) == len(set(issued))
    assert len(entities) == len(set(entities))
    for number in issued:
        entity, serial = split_number(number)
        assert entity in entities and serial is not None
    for filed in world.registry.entities.values():
        serials = [site.serial for site in filed.websites]
        assert sorted(serials) == list(range(1, len(serials) + 1))  # gap-free, once each


def _apply(world: FakeWorld, kind: str, entities: list[str], pick: int,
           count: int) -> list[str]:
    domains = tuple(f"s{len(world.orders.rows)}x{i}.com" for i in range(count))
    if kind == "first" or not entities:
        order, _ = approve(world.filing, order_of(T.FIRST_FILING, domains=domains))
        entities.append(order.entity.filing_number)
        return [site.filing_number for site in order.websites]
    entity = entities[pick % len(entities)]
    if kind == "website":
        order, _ = approve(world.filing, order_of(T.NEW_WEBSITE, domains=domains,
                                                  entity_number=entity))
        return [site.filing_number for site in order.websites]
    if kind == "cancel_site":
        filed = world.registry.entities[entity]
        site = filed.websites[pick % len(filed.websites)]
        approve(world.filing, order_of(T.CANCEL_WEBSITE, domains=(site.domain,),
                                       site_numbers=(filed.site_number(site),)))
        return []
    approve(world.filing, order_of(T.CANCEL_ENTITY, entity_number=entity))
    return []


def test_an_order_naming_a_cancelled_number_is_refused_at_submission(world: FakeWorld) -> None:
    from filing.errors import OrderInvalid

    entity = first_filing(world, "a.com", "b.com")
    approve(world.filing, order_of(T.CANCEL_WEBSITE, domains=("b.com",),
                                   site_numbers=(f"{entity}-2",)))
    with pytest.raises(OrderInvalid) as refused:
        world.filing.submit(order_of(T.MODIFY_WEBSITE, domains=("b.com",),
                                     site_numbers=(f"{entity}-2",)), actor="test:1")
    assert refused.value.problems[0][0] == "filing_number"
    approve(world.filing, order_of(T.CANCEL_ENTITY, entity_number=entity))
    with pytest.raises(OrderInvalid) as refused:
        world.filing.submit(order_of(T.NEW_WEBSITE, entity_number=entity), actor="test:1")
    assert refused.value.problems[0][0] == "entity_filing_number"


def test_an_approval_whose_number_was_taken_meanwhile_is_decided_again() -> None:
    from filing.errors import NumberTaken
    from tests.memory import FakeFilingRegistry

    class TakenOnce(FakeFilingRegistry):
        """Another approval took the number between our read and our write, once."""

        taken = False

        def save(self, entity):  # type: ignore[no-untyped-def]
            if not self.taken:
                self.taken = True
                self.serials[entity.region, 2026] -= 1  # rolled back with the transaction
                raise NumberTaken(entity.number)
            super().save(entity)

    world = FakeWorld()
    world.registry.__class__ = TakenOnce
    order, _ = approve(world.filing, order_of(T.FIRST_FILING, domains=("a.com", "b.com")))
    assert order.icp_number == f"{ENTITY}-1, {ENTITY}-2"
    assert world.registry.taken  # type: ignore[attr-defined]
