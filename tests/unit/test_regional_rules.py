"""The pre-submission check: each rule with an order that passes and one that is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

from stdnum.cn import ric

from filing.model import Access, Entity, FilingOrder, Person, Website
from filing.order_rules import order_problems
from filing.regional_rules import regional_problems
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
                    number if individual else "91330100716105852F", region, address, leader)
    sites = [Website("美食分享日记", domain, "personal", leader, "") for domain in domains]
    return FilingOrder("", kind, "test:1", entity, sites, Access(SERVICE_CODE), details=details)


def fields(problems: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return [field for field, _, _ in problems]


def test_non_local_individual_is_refused_in_a_local_id_only_province() -> None:
    [(field, msgid, params)] = regional_problems(order("CN-CQ"), TODAY)
    assert field == "certificate_number"
    assert "Rule of {region} (as of {as_of}" in msgid and params["region"] == "CN-CQ"
    assert params["home"] == "CN-BJ"


def test_local_individual_files_in_a_local_id_only_province() -> None:
    assert regional_problems(order("CN-CQ", number=resident_id("50", "20000101")), TODAY) == []


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
    young = resident_id("44", "20150101")  # Guangdong: 16 for organisation leaders
    assert regional_problems(order("CN-GD", number=young), TODAY) == []
    company = order("CN-GD", EntityType.ENTERPRISE, leader_id=young)
    assert fields(regional_problems(company, TODAY)) == ["leader_id_number"]


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


def test_chongqing_individual_cannot_file_an_org_domain() -> None:
    local = resident_id("50", "20000101")
    [(field, msgid, _)] = regional_problems(order("CN-CQ", number=local,
                                                  domains=("example.org",)), TODAY)
    assert field == "domain" and "as of 2020" in msgid
    company = order("CN-CQ", EntityType.ENTERPRISE, domains=("example.org",))
    assert regional_problems(company, TODAY) == []


def test_ningxia_refuses_org_domains_only_for_access_filings() -> None:
    company = order("CN-NX", EntityType.ENTERPRISE, domains=("example.org",))
    assert regional_problems(company, TODAY) == []
    access = order("CN-NX", EntityType.ENTERPRISE, domains=("example.org",),
                   kind=OrderType.NEW_ACCESS)
    assert fields(regional_problems(access, TODAY)) == ["domain"]


def test_address_without_house_number_is_flagged() -> None:
    assert fields(regional_problems(order(address="浙江省杭州市西湖区文三路"), TODAY)) == [
        "address"]
    assert regional_problems(order(address="浙江省杭州市西湖区文三路一百号"), TODAY) == []


def test_emergency_phone_must_differ_from_the_leaders_mobile() -> None:
    same = order(emergency_phone="13812345678")
    assert fields(regional_problems(same, TODAY)) == ["emergency_phone"]
    assert regional_problems(order(emergency_phone="13912345678"), TODAY) == []


def test_domain_held_by_someone_else_is_a_problem_with_the_fix() -> None:
    [(field, msgid, params)] = regional_problems(
        order(domain_holder="other", domains_not_held="example.com"), TODAY)
    assert field == "domain_holder" and "registrar" in msgid
    assert params["domains"] == "example.com"
    assert regional_problems(order(domain_holder="entity"), TODAY) == []


def test_domain_held_by_the_legal_representative_only_where_the_province_allows() -> None:
    company = order("CN-ZJ", EntityType.ENTERPRISE, domain_holder="leader",
                    domains_not_held="example.com")
    assert regional_problems(company, TODAY) == []
    shaanxi = order("CN-SN", EntityType.ENTERPRISE, domain_holder="leader",
                    domains_not_held="example.com")
    assert fields(regional_problems(shaanxi, TODAY)) == ["domain_holder"]


def test_filing_number_of_another_province_is_flagged() -> None:
    moved = order(kind=OrderType.CANCEL_WEBSITE)
    moved.websites[0].filing_number = "京ICP备12345678号-1"
    assert fields(regional_problems(moved, TODAY)) == ["filing_number"]
    moved.websites[0].filing_number = "浙ICP备12345678号-1"
    assert regional_problems(moved, TODAY) == []


def test_order_rules_run_the_regional_check_on_submit() -> None:
    assert "certificate_number" in fields(order_problems(order("CN-CQ"), TODAY))
    assert order_problems(order("CN-ZJ"), TODAY) == []
