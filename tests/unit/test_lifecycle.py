"""The review lifecycle: every allowed transition moves, every other one is refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from filing.errors import DomainError, ForbiddenTransition
from filing.events import to_payload
from filing.lifecycle import Action, Status, table
from filing.model import Access, Entity, FilingOrder, Material, Person, Website
from filing.services import ReviewDecision
from filing.types import CertificateType, EntityType, OrderType
from tests.conftest import FakeWorld
from tests.orders_by_type import order_of

S, A, T = Status, Action, OrderType
# The expected lifecycles, written out independently of the machine's own tables.
# First filing, new website, new access and changes: provider, MIIT SMS, administration.
FULL: dict[tuple[Status, Action], Status] = {
    (S.DRAFT, A.SUBMIT): S.PROVIDER_REVIEW,
    (S.PROVIDER_REJECTED, A.SUBMIT): S.PROVIDER_REVIEW,
    (S.ADMINISTRATION_REJECTED, A.SUBMIT): S.PROVIDER_REVIEW,
    (S.PROVIDER_REVIEW, A.APPROVE): S.SMS_VERIFICATION,
    (S.PROVIDER_REVIEW, A.REJECT): S.PROVIDER_REJECTED,
    (S.SMS_VERIFICATION, A.SMS_SENT): S.SMS_VERIFICATION,
    (S.SMS_VERIFICATION, A.SMS_VERIFIED): S.ADMINISTRATION_REVIEW,
    (S.SMS_VERIFICATION, A.SMS_EXPIRED): S.PROVIDER_REVIEW,
    (S.ADMINISTRATION_REVIEW, A.ADMINISTRATION_APPROVE): S.APPROVED,
    (S.ADMINISTRATION_REVIEW, A.ADMINISTRATION_REJECT): S.ADMINISTRATION_REJECTED,
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    (S.PROVIDER_REVIEW, A.WITHDRAW): S.WITHDRAWN,
    (S.PROVIDER_REJECTED, A.WITHDRAW): S.WITHDRAWN,
    (S.ADMINISTRATION_REJECTED, A.WITHDRAW): S.WITHDRAWN,
    (S.DRAFT, A.EXPIRE): S.EXPIRED,
    (S.PROVIDER_REJECTED, A.EXPIRE): S.EXPIRED,
    (S.ADMINISTRATION_REJECTED, A.EXPIRE): S.EXPIRED,
}
# Cancelling a website or the entity: straight to MIIT's SMS, then the administration; a
# missed SMS comes back to the applicant; withdrawable until the administration has it.
CANCELLATION: dict[tuple[Status, Action], Status] = {
    (S.DRAFT, A.SUBMIT): S.SMS_VERIFICATION,
    (S.SMS_MISSED, A.SUBMIT): S.SMS_VERIFICATION,
    (S.ADMINISTRATION_REJECTED, A.SUBMIT): S.SMS_VERIFICATION,
    (S.SMS_VERIFICATION, A.SMS_SENT): S.SMS_VERIFICATION,
    (S.SMS_VERIFICATION, A.SMS_VERIFIED): S.ADMINISTRATION_REVIEW,
    (S.SMS_VERIFICATION, A.SMS_EXPIRED): S.SMS_MISSED,
    (S.ADMINISTRATION_REVIEW, A.ADMINISTRATION_APPROVE): S.APPROVED,
    (S.ADMINISTRATION_REVIEW, A.ADMINISTRATION_REJECT): S.ADMINISTRATION_REJECTED,
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    (S.SMS_VERIFICATION, A.WITHDRAW): S.WITHDRAWN,
    (S.SMS_MISSED, A.WITHDRAW): S.WITHDRAWN,
    (S.ADMINISTRATION_REJECTED, A.WITHDRAW): S.WITHDRAWN,
    (S.DRAFT, A.EXPIRE): S.EXPIRED,
    (S.SMS_MISSED, A.EXPIRE): S.EXPIRED,
    (S.ADMINISTRATION_REJECTED, A.EXPIRE): S.EXPIRED,
}
# Cancelling access: no SMS at all.
NO_SMS: dict[tuple[Status, Action], Status] = {
    key: dest for key, dest in FULL.items()
    if S.SMS_VERIFICATION not in (key[0], dest)} | {
    (S.PROVIDER_REVIEW, A.APPROVE): S.ADMINISTRATION_REVIEW,
}
# Claim and import: the provider's decision alone puts the filing in the account.
ACCOUNT: dict[tuple[Status, Action], Status] = {
    (S.DRAFT, A.SUBMIT): S.PROVIDER_REVIEW,
    (S.PROVIDER_REJECTED, A.SUBMIT): S.PROVIDER_REVIEW,
    (S.PROVIDER_REVIEW, A.APPROVE): S.APPROVED,
    (S.PROVIDER_REVIEW, A.REJECT): S.PROVIDER_REJECTED,
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    (S.PROVIDER_REVIEW, A.WITHDRAW): S.WITHDRAWN,
    (S.PROVIDER_REJECTED, A.WITHDRAW): S.WITHDRAWN,
    (S.DRAFT, A.EXPIRE): S.EXPIRED,
    (S.PROVIDER_REJECTED, A.EXPIRE): S.EXPIRED,
}
EXPECTED: dict[OrderType, dict[tuple[Status, Action], Status]] = {
    T.FIRST_FILING: FULL, T.NEW_WEBSITE: FULL, T.NEW_ACCESS: FULL, T.MODIFY_ENTITY: FULL,
    T.MODIFY_WEBSITE: FULL, T.MODIFY_ACCESS: FULL, T.CANCEL_WEBSITE: CANCELLATION,
    T.CANCEL_ENTITY: CANCELLATION, T.CANCEL_ACCESS: NO_SMS, T.CLAIM: ACCOUNT,
    T.IMPORT: ACCOUNT,
}
ALLOWED = FULL
ALL_PAIRS = [(status, action) for status in Status for action in Action if action is not A.SUBMIT]
EVERY_MOVE = [(order_type, status, action) for order_type in OrderType
              for status, action in ALL_PAIRS]


def sample_order(order_type: OrderType = OrderType.FIRST_FILING) -> FilingOrder:
    leader = Person("张三", CertificateType.RESIDENT_ID, "11010519491231002X", "13812345678",
                    "zhang@example.com")
    entity = Entity(EntityType.INDIVIDUAL, "张三", CertificateType.RESIDENT_ID,
                    "11010519491231002X", "CN-ZJ", "浙江省杭州市西湖区文三路100号", leader,
                    mailing_address="浙江省杭州市西湖区文三路100号")
    return FilingOrder("", order_type, "test:1", entity,
                       [Website("美食分享日记", "example.com", "personal", leader,
                                languages=("zh-Hans",), domain_holder="entity")],
                       Access("32a43232-a888-88e8-b9ec-00888be81234"),
                       # A Beijing ID filing in Zhejiang brings a local residence permit.
                       [Material("residence_permit", "permit.jpg", "image/jpeg", 1, "k", "s")])


def _order_in(world: FakeWorld, status: Status,
              order_type: OrderType = OrderType.FIRST_FILING) -> FilingOrder:
    order = world.filing.submit(order_of(order_type), actor="test:1")
    stored = world.orders.rows[order.id]
    world.orders.rows[order.id] = replace(stored, status=status)
    return order


REASON = {A.REJECT: ("order_conflict",), A.ADMINISTRATION_REJECT: ("order_conflict",)}


def test_each_types_table_is_the_expected_one() -> None:
    for order_type, expected in EXPECTED.items():
        actual = {(row.source, row.action): row.dest for row in table(order_type)}
        assert actual == expected, order_type


@pytest.mark.parametrize("order_type, status, action", EVERY_MOVE, ids=lambda v: str(v))
def test_every_review_action_moves_only_where_its_types_lifecycle_allows(
        order_type: OrderType, status: Status, action: Action) -> None:
    world = FakeWorld()
    order = _order_in(world, status, order_type)
    decision = ReviewDecision(order.id, action, "reviewer", REASON.get(action, ()))
    allowed = EXPECTED[order_type]
    if (status, action) in allowed:
        assert world.filing.decide(decision).status is allowed[status, action]
    else:
        with pytest.raises(ForbiddenTransition):
            world.filing.decide(decision)
        assert world.orders.rows[order.id].status is status


def test_decide_never_submits(world: FakeWorld) -> None:
    order = _order_in(world, S.PROVIDER_REJECTED)
    with pytest.raises(ForbiddenTransition):
        world.filing.decide(ReviewDecision(order.id, A.SUBMIT, "reviewer"))


def test_every_change_is_recorded_with_actor_time_and_reason(world: FakeWorld) -> None:
    order = world.filing.submit(sample_order(), actor="test:1")
    world.clock.advance(hours=2)
    world.filing.decide(ReviewDecision(order.id, A.REJECT, "alice", ("website_name",), "rename"))
    history = world.orders.rows[order.id].history
    assert [(h.old_status, h.new_status, h.actor) for h in history] == [
        (S.DRAFT, S.PROVIDER_REVIEW, "test:1"),
        (S.PROVIDER_REVIEW, S.PROVIDER_REJECTED, "alice"),
    ]
    assert history[1].reasons == ("website_name",) and history[1].note == "rename"
    assert history[1].at == world.clock.now()


def test_rejected_order_can_be_corrected_and_resubmitted_keeping_every_round(
        world: FakeWorld) -> None:
    order = world.filing.submit(sample_order(), actor="test:1")
    world.filing.decide(ReviewDecision(order.id, A.REJECT, "alice", ("website_name",)))
    corrected = sample_order()
    corrected.id = order.id
    corrected.websites[0].name = "我的摄影小空间"
    again = world.filing.submit(corrected, actor="test:1")
    assert again.status is S.PROVIDER_REVIEW and again.round == 2
    assert len(world.orders.rows[order.id].history) == 3


def test_approval_assigns_a_number_in_the_regions_format(world: FakeWorld) -> None:
    order = world.filing.submit(sample_order(), actor="test:1")
    for action in (A.APPROVE, A.SMS_VERIFIED, A.ADMINISTRATION_APPROVE):
        order = world.filing.decide(ReviewDecision(order.id, action, "alice"))
    assert order.icp_number == "浙ICP备2026000001号-1"
    assert world.outbox[-1].icp_number == order.icp_number  # type: ignore[attr-defined]


def test_sms_window_is_24_hours_from_the_providers_approval(world: FakeWorld) -> None:
    order = world.filing.submit(sample_order(), actor="test:1")
    order = world.filing.decide(ReviewDecision(order.id, A.APPROVE, "alice"))
    assert order.sms_deadline is not None
    assert (order.sms_deadline - world.clock.now()).total_seconds() == 24 * 3600


def test_cancel_access_skips_sms_verification(world: FakeWorld) -> None:
    cancel = sample_order(OrderType.CANCEL_ACCESS)
    cancel.websites[0].filing_number = "浙ICP备12345678号-1"
    cancel.access = None
    order = world.filing.submit(cancel, actor="test:1")
    order = world.filing.decide(ReviewDecision(order.id, A.APPROVE, "alice"))
    assert order.status is S.ADMINISTRATION_REVIEW


def test_rejection_without_a_catalogued_reason_is_refused(world: FakeWorld) -> None:
    order = world.filing.submit(sample_order(), actor="test:1")
    with pytest.raises(DomainError):
        world.filing.decide(ReviewDecision(order.id, A.REJECT, "alice"))
    with pytest.raises(DomainError):
        world.filing.decide(ReviewDecision(order.id, A.REJECT, "alice", ("made_up",)))


def test_every_status_change_emits_an_event_with_facts_only(world: FakeWorld) -> None:
    order = world.filing.submit(sample_order(), actor="test:1")
    world.filing.decide(ReviewDecision(order.id, A.REJECT, "alice", ("website_name",)))
    changed = [e for e in world.outbox if e.name == "OrderStatusChanged"]
    assert [to_payload(e)["new_status"] for e in changed] == ["provider_review",
                                                            "provider_rejected"]
    assert changed[-1].reasons == ("website_name",)


def test_submit_revalidates_the_whole_order_and_refuses_an_ip_address(world: FakeWorld) -> None:
    from filing.errors import OrderInvalid

    order = sample_order()
    order.websites[0].domain = "1.2.3.4"
    with pytest.raises(OrderInvalid) as refused:
        world.filing.submit(order, actor="test:1")
    assert refused.value.problems[0][0] == "domain"
    assert not world.orders.rows


@pytest.mark.parametrize("status", [s for s in Status if (s, A.SUBMIT) not in ALLOWED])
def test_resubmission_is_refused_unless_the_order_was_returned(status: Status) -> None:
    world = FakeWorld()
    order = _order_in(world, status)
    again = sample_order()
    again.id = order.id
    with pytest.raises(ForbiddenTransition):
        world.filing.submit(again, actor="test:1")
