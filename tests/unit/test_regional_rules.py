"""The pre-submission check: each rule with an order that passes and one that is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

from stdnum.cn import ric

from filing.model import Access, Entity, FilingOrder, Person, Website
from filing.order_rules import order_problems
from filing.regional_rules import regional_notes, regional_problems
from filing.types import CertificateType, EntityType, OrderType

TODAY = date(2026, 11, 29)
BEIJING_ID = "11010519491231002X"  # born 1949, issued in Beijing
SERVICE_CODE = "32a43232-a888-88e8-b9ec-00888be81234"


def resident_id(region_digits: str, born: str) -> str:
    """A valid resident ID number issued in ``region_digits`` for someone born on ``born``."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    for county in (f"{city:02d}{district:02d}" for city in range(1, 30)
                   for district in range(1, 30)):
        body = f"{region_digits}{county}{born}001"
        check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
        try:
            return ric.validate(body + check)  # a county code that existed on that birth date
        except (ValueError, KeyError):
            continue
    raise AssertionError(f"no valid ID for {region_digits} {born}")


def order(region: str = "CN-ZJ", entity_type: EntityType = EntityType.INDIVIDUAL,
          number: str = BEIJING_ID, domains: tuple[str, ...] = ("example.com",),
          kind: OrderType = OrderType.FIRST_FILING, address: str = "文三路100号西湖区杭州市",
          leader_id: str = BEIJING_ID, **details: str) -> FilingOrder:
    individual = entity_type is EntityType.INDIVIDUAL
    certificate = CertificateType.RESIDENT_ID if individual else CertificateType.BUSINESS_LICENSE
    leader = Person("张三", CertificateType.RESIDENT_ID, number if individual else leader_id,
                    "13812345678")
    entity = Entity(entity_type, "张三" if individual else "杭州示例科技有限公司", certificate,
                    number if individual else "91330100716105852F", region, address, leader,
                    mailing_address=address, investor="" if individual else "杭州示例科技有限公司")
    holder = details.pop("domain_holder", "entity")
    sites = [Website("美食分享日记", domain, "personal", leader, "", ("zh-Hans",),
                     domain_holder=holder) for domain in domains]
    return FilingOrder("", kind, "test:1", entity, sites, Access(SERVICE_CODE), details=details)


def fields(problems: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return [field for field, _, _ in problems]


def test_non_local_individual_is_refused_where_a_2025_rule_says_local_ids_only() -> None:
    [(field, msgid, params)] = regional_problems(order("CN-XJ"), TODAY)
    assert field == "certificate_number"
    assert "Rule of {region} (as of {as_of}" in msgid and params["region"] == "CN-XJ"
    assert params["home"] == "CN-BJ" and params["as_of"] == "2025"


def test_non_local_individual_gets_only_a_note_under_a_2020_rule() -> None:
    assert regional_problems(order("CN-CQ"), TODAY) == []
    [(_, _, params)] = [n for n in regional_notes(order("CN-CQ"), TODAY)
                        if n[0] == "certificate_number"]
    assert params["as_of"] == "2020"


def test_local_individual_files_in_a_local_id_only_province() -> None:
    assert regional_problems(order("CN-XJ", number=resident_id("65", "20000101")), TODAY) == []


def test_non_local_individual_in_a_permit_province_is_left_to_the_permit_material() -> None:
    assert regional_problems(order("CN-ZJ"), TODAY) == []


def test_leader_under_the_provincial_minimum_age_is_refused() -> None:
    young = resident_id("13", "20100101")  # Hebei, 16 years old: Hebei wants 18
    [(field, _, params)] = regional_problems(order("CN-HE", number=young), TODAY)
    assert field == "certificate_number" and params["minimum"] == 18 and params["age"] == 16


def test_leader_of_the_minimum_age_is_accepted() -> None:
    adult = resident_id("13", "20081129")  # 18 today
    assert regional_problems(order("CN-HE", number=adult), TODAY) == []


def test_age_rule_for_organisation_leaders_only_spares_individuals() -> None:
    young = resident_id("44", "20150101")  # Guangdong (2020 source): 16 for org leaders
    assert "leader_id_number" not in fields(regional_notes(order("CN-GD", number=young), TODAY))
    company = order("CN-GD", EntityType.ENTERPRISE, leader_id=young)
    assert regional_problems(company, TODAY) == []  # the source predates 2022: a note
    assert "leader_id_number" in fields(regional_notes(company, TODAY))


def test_government_body_needs_a_gov_cn_domain() -> None:
    bad = order("CN-BJ", EntityType.GOVERNMENT, domains=("example.com",))
    assert fields(regional_problems(bad, TODAY)) == ["domain"]
    good = order("CN-BJ", EntityType.GOVERNMENT, domains=("beijing.gov.cn", "示例.政务"))
    assert regional_problems(good, TODAY) == []


def test_public_institution_needs_a_cn_or_gongyi_domain() -> None:
    bad = order("CN-SH", EntityType.PUBLIC_INSTITUTION, domains=("example.com",))
    assert fields(regional_problems(bad, TODAY)) == ["domain"]
    good = order("CN-SH", EntityType.PUBLIC_INSTITUTION, domains=("example.org.cn",))
    assert regional_problems(good, TODAY) == []


def test_address_without_house_number_is_noted_for_a_remark() -> None:
    no_number = order(address="浙江省杭州市西湖区文三路")
    assert regional_problems(no_number, TODAY) == []
    noted = fields(regional_notes(no_number, TODAY))
    assert "address" in noted and "mailing_address" in noted
    numbered = fields(regional_notes(order(address="浙江省杭州市西湖区文三路一百号"), TODAY))
    assert "address" not in numbered


def test_emergency_phone_must_differ_from_the_leaders_mobile() -> None:
    same = order(emergency_phone="13812345678")  # as orders before #19 kept it
    assert fields(regional_problems(same, TODAY)) == ["emergency_phone"]
    assert regional_problems(order(emergency_phone="13912345678"), TODAY) == []


def test_domain_held_by_someone_else_is_a_problem_with_the_fix() -> None:
    [(field, msgid, params)] = regional_problems(order(domain_holder="other"), TODAY)
    assert field == "domain_holder" and "registrar" in msgid
    assert params["domains"] == "example.com"
    assert regional_problems(order(domain_holder="entity"), TODAY) == []


def test_domain_held_by_the_legal_representative_only_where_the_province_allows() -> None:
    company = order("CN-ZJ", EntityType.ENTERPRISE, domain_holder="leader")
    assert regional_problems(company, TODAY) == []
    tibet = order("CN-XZ", EntityType.ENTERPRISE, domain_holder="leader")  # 2025: blocks
    assert fields(regional_problems(tibet, TODAY)) == ["domain_holder"]
    shaanxi = order("CN-SN", EntityType.ENTERPRISE, domain_holder="leader")  # 2020: a note
    assert regional_problems(shaanxi, TODAY) == []
    assert "domain_holder" in fields(regional_notes(shaanxi, TODAY))


def test_filing_number_of_another_province_is_flagged() -> None:
    moved = order(kind=OrderType.CANCEL_WEBSITE)
    moved.websites[0].filing_number = "京ICP备12345678号-1"
    assert fields(regional_problems(moved, TODAY)) == ["filing_number"]
    moved.websites[0].filing_number = "浙ICP备12345678号-1"
    assert regional_problems(moved, TODAY) == []


def test_order_rules_run_the_regional_check_on_submit() -> None:
    assert "certificate_number" in fields(order_problems(order("CN-XJ"), TODAY))
    local = resident_id("33", "19900101")  # a Beijing ID would need its residence permit
    assert order_problems(order("CN-ZJ", number=local), TODAY) == []
