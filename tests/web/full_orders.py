"""An order of any type with every field of the order model filled, rejected once and sent
again corrected (two sealed rounds): what the order page must show in full."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from bot.bootstrap import App
from filing.lifecycle import Status
from filing.model import Access, FilingOrder, Material, Person, PreApproval, StatusChange
from filing.services import new_order_id
from filing.types import CertificateType, EntityType, OrderType
from storage.db import make_engine, session_factory
from storage.uow import uow_factory
from tests.orders_by_type import DETAILS, order_of

S = Status
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
STORAGE_KEY = "orders/o1/3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
SHA256 = "9b74c9897bac770ffc029102a200c5de" * 2
LEADER = Person("张三", CertificateType.RESIDENT_ID, "11010519491231002X", "13812345678",
                "zhang@example.com", "13900001111", "2031-05-20")
ADMIN = Person("李四", CertificateType.PASSPORT, "E12345678", "13700002222", "li@example.com",
               "13600003333", "long-term")
# What each type's own answers read as (``tests.orders_by_type.DETAILS``), in English.
DETAILS_SHOWN = {"entity_change": "The mobile number or e-mail",
                 "website_change": "The website's name",
                 "access_change": "The server's public IP address changed",
                 "new_ip": "47.96.1.2", "new_access_done": "Yes", "claim_hichina": "Yes",
                 "claim_before_2010": "Yes", "claim_other_provider": "No",
                 "claim_imported": "No"}


def full_order(order_type: OrderType, materials: list[Material] | None = None) -> FilingOrder:
    """``order_type``'s sample with every field of the order model filled: an enterprise whose
    leader is not its legal representative, two websites (one run by another person);
    ``materials`` stored for real where the page is looked at (a browser loads them)."""
    order = order_of(order_type, applicant="telegram:5550001",
                     domains=("example.com", "example.net"))
    order.id = new_order_id()
    entity = order.entity
    entity.entity_type, entity.certificate_type = (EntityType.ENTERPRISE,
                                                   CertificateType.BUSINESS_LICENSE)
    entity.name, entity.certificate_number = "杭州云栖科技有限公司", "91330106MA2B0XK27Q"
    entity.mailing_address = "浙江省杭州市余杭区文一西路969号"
    entity.investor, entity.landline = "杭州云栖控股有限公司", "0571-88886666"
    entity.filing_number = entity.filing_number or "浙ICP备2025000007号"
    entity.leader, entity.leader_is_legal_representative = LEADER, False
    if not order.websites:  # an operation on the entity: its websites are still filed data
        order.websites = order_of(OrderType.NEW_ACCESS, domains=("example.com",)).websites
    for number, site in enumerate(order.websites, 1):
        site.filing_number = site.filing_number or f"浙ICP备2025000007号-{number}"
        site.leader = ADMIN if number == 1 else LEADER
        site.content, site.languages = "company", ("zh-Hans", "en", "ug")
        site.pre_approval = PreApproval("publishing", "浙新出审〔2024〕12号")
        site.domain_holder, site.domain_expires = "leader", "2029-08-31"
    order.access = Access("32a43232-a888-88e8-b9ec-00888be81234", "mainland")
    order.details = {**DETAILS.get(order_type, {}), "instance_billing": "subscription"}
    order.remarks = "网站用于展示公司产品，请审核。"
    order.materials = materials if materials is not None else [
        Material("entity_certificate", "entity_certificate.pdf", "application/pdf", 2048,
                 STORAGE_KEY, SHA256)]
    order.created_at = order.updated_at = T0
    order.status, order.round, order.forget_requested = S.PROVIDER_REVIEW, 1, True
    order.history = [StatusChange(S.DRAFT, S.PROVIDER_REVIEW, order.applicant, T0)]
    return order


def reject_and_correct(order: FilingOrder) -> None:
    """Rejected for its website's name (and unclear materials, with a note), sent again with
    the website renamed: round 2."""
    order.websites[0] = dataclasses.replace(order.websites[0], name="云栖产品展示网")
    order.history += [
        StatusChange(S.PROVIDER_REVIEW, S.PROVIDER_REJECTED, "alice", T0 + timedelta(hours=2),
                     ("website_name", "materials_unclear"), "请按营业执照上的名称填写。"),
        StatusChange(S.PROVIDER_REJECTED, S.PROVIDER_REVIEW, order.applicant,
                     T0 + timedelta(days=1))]
    order.round, order.status = 2, S.PROVIDER_REVIEW


def store_rejected_and_corrected(app: App, order: FilingOrder) -> FilingOrder:
    """Filed, rejected for its website's name and sent again renamed: two sealed rounds."""
    uows = uow_factory(session_factory(make_engine(app.database_url)), app.cipher)
    with uows() as uow:
        uow.orders.add(order)
        uow.commit()
    with uows() as uow:
        stored = uow.orders.get(order.id)
        assert stored is not None
        reject_and_correct(stored)
        uow.orders.add(stored)
        uow.commit()
    return stored
