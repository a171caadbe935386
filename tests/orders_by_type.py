"""A valid order of every type, for tests that walk each operation's path."""

from __future__ import annotations

from filing.model import Access, Entity, FilingOrder, Material, Person, Website
from filing.types import CertificateType, EntityType, OrderType

T = OrderType
FILED_ENTITY = "浙ICP备2025000007号"
ON_ENTITY = frozenset({T.NEW_WEBSITE, T.MODIFY_ENTITY, T.CANCEL_ENTITY, T.IMPORT})
ON_WEBSITE = frozenset({T.NEW_ACCESS, T.MODIFY_WEBSITE, T.MODIFY_ACCESS, T.CANCEL_WEBSITE,
                        T.CANCEL_ACCESS, T.CLAIM})
WITHOUT_WEBSITES = frozenset({T.MODIFY_ENTITY, T.CANCEL_ENTITY, T.IMPORT})
WITH_ACCESS = frozenset({T.FIRST_FILING, T.NEW_WEBSITE, T.NEW_ACCESS})
DETAILS: dict[OrderType, dict[str, str]] = {
    T.MODIFY_ENTITY: {"entity_change": "contact"},
    T.MODIFY_WEBSITE: {"website_change": "name"},
    T.MODIFY_ACCESS: {"access_change": "ip", "new_ip": "47.96.1.2"},
    T.CANCEL_ACCESS: {"new_access_done": "yes"},
    T.CLAIM: {"claim_hichina": "yes", "claim_before_2010": "yes",
              "claim_other_provider": "no", "claim_imported": "no"},
    T.IMPORT: {"filed_on": "2012-03-15"},
}


def leader() -> Person:
    return Person("张三", CertificateType.RESIDENT_ID, "11010519491231002X", "13812345678",
                  "zhang@example.com")


def order_of(order_type: OrderType, applicant: str = "test:1",
             domains: tuple[str, ...] = ("example.com",), entity_number: str = FILED_ENTITY,
             site_numbers: tuple[str, ...] = ()) -> FilingOrder:
    """An order of ``order_type`` that passes whole-order validation; orders on something
    filed name ``entity_number`` (or ``site_numbers``, by default its -1, -2, …)."""
    person = leader()
    entity = Entity(EntityType.INDIVIDUAL, "张三", CertificateType.RESIDENT_ID,
                    "11010519491231002X", "CN-ZJ", "浙江省杭州市西湖区文三路100号", person,
                    mailing_address="浙江省杭州市西湖区文三路100号")
    names = ("美食分享日记", "旅行摄影小站", "读书笔记天地", "家常菜谱大全")
    websites = [Website(names[i % len(names)], domain, "personal", person,
                        languages=("zh-Hans",), domain_holder="entity")
                for i, domain in enumerate(domains)]
    if order_type in ON_ENTITY:
        entity.filing_number = entity_number
    if order_type in ON_WEBSITE:
        numbers = site_numbers or tuple(f"{entity_number}-{i}"
                                        for i in range(1, len(websites) + 1))
        for site, number in zip(websites, numbers, strict=True):
            site.filing_number = number
    if order_type in WITHOUT_WEBSITES:
        websites = []
    access = Access("32a43232-a888-88e8-b9ec-00888be81234") if order_type in WITH_ACCESS \
        else None
    # A Beijing ID filing in Zhejiang brings a local residence permit.
    materials = [Material("residence_permit", "permit.jpg", "image/jpeg", 1, "k", "s")]
    return FilingOrder("", order_type, applicant, entity, websites, access, materials,
                       details=dict(DETAILS.get(order_type, {})))
