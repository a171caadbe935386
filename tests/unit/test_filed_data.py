"""What a Communications Administration accepts (issue #19): one row per rule, each naming the
section of the domain reference (``ref``) or of filing-details (``fd``) it comes from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from dialogs import parsers as p
from filing import validation as v
from filing.model import Access, Entity, FilingOrder, Material, Person, PreApproval, Website
from filing.order_rules import order_notes, order_problems
from filing.types import CertificateType, EntityType, OrderType
from tests.unit.test_filed_data_heldout import mod11_2

TODAY = date(2026, 12, 1)
C = CertificateType


def certificate(kind: CertificateType) -> Callable[[str], Any]:
    return lambda text: v.certificate_number(kind, text)


def personal_name(owner: str = "") -> Callable[[str], Any]:
    return lambda text: v.website_name(text, EntityType.INDIVIDUAL, owner_name=owner)


def after(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


# (section, check, answer, expected): "ok", "ok:<normalised>" or a word of the refusal.
ANSWERS: list[tuple[str, Callable[[str], Any], str, str]] = [
    ("fd §1.2 HK/Macao permit is normalised to capitals",
     certificate(C.HK_MACAO_PERMIT), "h12345678", "ok:H12345678"),
    ("fd §1.2 old Taiwan booklet number accepted", certificate(C.TAIWAN_PERMIT),
     "1234567890", "ok"),
    ("fd §1.2 residence permit with an impossible birth date",
     certificate(C.RESIDENCE_PERMIT_HMT), mod11_2("81000019941332002"), "18 characters"),
    ("fd §1.2 residence permit number typed as a resident ID", v.resident_id,
     "810000199408230021", "residence permit"),
    ("fd §1.2 permanent residence ID typed as a resident ID", v.resident_id,
     mod11_2("93310019900101001"), "permanent residence"),
    ("ref §7.1 upper-case X", v.resident_id, "11010519491231002x", "ok:11010519491231002X"),
    ("ref §7.3 organisation code check character", v.organization_code, "D2143569-X",
     "ok:D2143569-X"),
    ("fd §2.1 representative office with a credit code",
     certificate(C.FOREIGN_REPRESENTATIVE_OFFICE), "91330100716105852F", "ok"),
    ("fd §5.1 provincial .zj.cn suffix", v.domain, "example.zj.cn", "ok"),
    ("fd §5.1 Chinese TLD .公司", v.domain, "示例.公司", "ok"),
    ("fd §4 third-level .gov.cn is a sub-domain", v.domain, "a.hangzhou.gov.cn",
     "hangzhou.gov.cn"),
    ("seed: an IP address cannot be filed", v.domain, "http://1.2.3.4/", "IP address"),
    ("fd §4 name length limit (D)", personal_name(), "美食" * 16, "at most"),
    ("ref §3.3 博客 in a personal name: the topic instead", personal_name(), "美食博客日记",
     "personal blog"),
    ("ref §3.3 place name in a personal name", personal_name(), "浙江美食分享日记", "place"),
    ("ref §3.3 官方 in a personal name", personal_name(), "美食官方日记", "官方"),
    ("ref §3.3 finance word in a personal name", personal_name(), "个人理财笔记本", "理财"),
    ("ref §3.3 national word in any name",
     lambda text: v.website_name(text, EntityType.ENTERPRISE), "中华美食分享", "national"),
    ("ref §3.2 a landline is accepted", v.landline, "021-62345678", "ok"),
    ("ref §3.2 mailing address in the province",
     lambda text: v.mailing_address(text, "CN-SH"), "上海市黄浦区南京东路100号", "ok"),
    ("ref §3.2 mailing address without a province name",
     lambda text: v.mailing_address(text, "CN-SH"), "黄浦区南京东路100号", "ok"),
    ("ref §3.2 organisation name in Chinese", v.organization_name, "Example Tech Co., Ltd.",
     "Chinese"),
    ("ref §3.2 address in Chinese", v.address, "100 Nanjing Road, Shanghai", "Chinese"),
    ("ref §7.1 resident-ID name in Chinese",
     lambda text: v.person_name(text, C.RESIDENT_ID), "Zhang San", "Chinese"),
    ("fd §1.1 passport name in Latin letters",
     lambda text: v.person_name(text, C.PASSPORT), "John Smith", "ok"),
    ("ref §3.5 long-term certificate", lambda t: v.certificate_expiry(t, TODAY), "长期",
     "ok:long-term"),
    ("ref §3.5 certificate valid for years", lambda t: v.certificate_expiry(t, TODAY),
     after(800), "ok"),
    ("ref §4.2 domain with less than 3 months", lambda t: v.domain_expiry(t, TODAY), after(60),
     "3 months"),
    ("ref §4.2 domain valid for a year", lambda t: v.domain_expiry(t, TODAY), after(365), "ok"),
    ("ref §3.2 emergency phone is another person's",
     lambda t: v.emergency_phone(t, ["13812345678"]), "138 1234 5678", "differ"),
    ("fd §3.2 approval number 无 where the document has none", v.approval_number, "none",
     "ok:无"),
    ("fd §3.2 individuals hold no pre-approval",
     lambda t: v.pre_approval_allowed(t, EntityType.INDIVIDUAL), "news", "Individuals"),
    ("fd §3.2 organisations may hold one",
     lambda t: v.pre_approval_allowed(t, EntityType.ENTERPRISE), "news", "ok"),
    ("fd §4 languages typed as a list", lambda t: p.languages(t, {}), "中文、English 和 维吾尔文",
     "ok:zh-Hans,en,ug"),
    ("fd §4 an unknown language", lambda t: p.languages(t, {}), "Klingon", "Klingon"),
]


@pytest.mark.parametrize("section, check, answer, expected", ANSWERS,
                         ids=[row[0] for row in ANSWERS])
def test_answer_is_accepted_or_refused_with_its_reason(
        section: str, check: Callable[[str], Any], answer: str, expected: str) -> None:
    if expected.startswith("ok"):
        value = check(answer)
        assert expected == "ok" or value == expected[3:], section
        return
    with pytest.raises(v.Invalid) as refused:
        check(answer)
    reason = refused.value.msgid.format(**refused.value.params)
    assert expected.lower() in f"{reason} {refused.value.suggestion}".lower(), section


# --- whole orders ------------------------------------------------------------------------

LEADER = Person("李四", C.RESIDENT_ID, "11010519491231002X", "13812345678",
                "li@example.com", "13912345678", "long-term")
OTHER = Person("王五", C.RESIDENT_ID, mod11_2("33010619900101001"), "13712345678",
               "wang@example.com", "13612345678", "long-term")
FOREIGNER = Person("John Smith", C.PASSPORT, "E12345678", "13812345678", "", "13912345678")
ADDRESSES = {"CN-ZJ": "浙江省杭州市西湖区文三路100号", "CN-SH": "上海市黄浦区南京东路100号",
             "CN-BJ": "北京市朝阳区建国路100号", "CN-XZ": "西藏拉萨市城关区北京路100号",
             "CN-HE": "河北省石家庄市长安区中山路100号", "CN-JS": "江苏省南京市玄武区中山路100号",
             "CN-HN": "湖南省长沙市岳麓区麓山南路100号", "CN-SX": "山西省太原市小店区长风街100号",
             "CN-GD": "广东省广州市天河区体育西路100号", "CN-CQ": "重庆市渝中区解放碑路100号"}


def company(region: str = "CN-ZJ", *, leader: Person = LEADER, admin: Person | None = LEADER,
            legal_rep: bool = True, sites: int = 1, materials: tuple[str, ...] | list[str] = (),
            **site: Any) -> FilingOrder:
    entity = Entity(EntityType.ENTERPRISE, "杭州示例科技有限公司", C.BUSINESS_LICENSE,
                    "91330100716105852F", region, ADDRESSES[region], leader,
                    "0571-88888888", mailing_address=ADDRESSES[region],
                    investor="杭州示例科技有限公司", leader_is_legal_representative=legal_rep)
    base = Website("示例科技官网", "example.com", "company", admin, "", ("zh-Hans",),
                   None, "entity", "2030-12-31")
    websites = [replace(base, domain=f"example{i}.com") for i in range(1, sites)]
    return FilingOrder("", OrderType.FIRST_FILING, "test:1", entity,
                       [replace(base, **site), *websites],
                       Access("32a43232-a888-88e8-b9ec-00888be81234", "mainland"),
                       [Material(kind, f"{kind}.jpg", "image/jpeg", 1, kind, kind)
                        for kind in materials],
                       details={"instance_billing": "subscription"})


def individual(region: str, person: Person) -> FilingOrder:
    order = company(region)
    order.entity = Entity(EntityType.INDIVIDUAL, person.name, person.certificate_type,
                          person.certificate_number, region, ADDRESSES[region], person,
                          mailing_address=ADDRESSES[region])
    order.websites = [Website("美食分享日记", "example.com", "personal", person, "",
                              ("zh-Hans",), None, "entity", "2030-12-31")]
    return order


def _with(order: FilingOrder, change: Callable[[FilingOrder], None]) -> FilingOrder:
    change(order)
    return order


def _set(**values: Any) -> Callable[[FilingOrder], None]:
    def change(order: FilingOrder) -> None:
        for name, value in values.items():
            target, _, attribute = name.rpartition("__")
            obj: Any = {"": order, "entity": order.entity, "access": order.access}[target]
            setattr(obj, attribute, value)

    return change


# (section, order, field, blocks): the field the finding names and whether it blocks.
ORDERS: list[tuple[str, FilingOrder, str, bool]] = [
    ("ref §4.3 instance outside the mainland",
     _with(company(), _set(access__instance_region="hongkong")), "instance_region", True),
    ("ref §4.3 pay-as-you-go instance",
     _with(company(), _set(details={"instance_billing": "payg"})), "instance_billing", True),
    ("ref §3.3 'other' content needs a remark", company(content="other"), "remarks", True),
    ("ref §3.3 sector word in the name without its approval",
     company(name="示例新闻中心"), "pre_approval", True),
    ("fd §3.1 education approval kept in Zhejiang", company(name="示例教育中心"),
     "pre_approval", True),
    ("fd §3.1 education approval abolished in Guangdong", company("CN-GD", name="示例教育中心"),
     "", False),
    ("fd §3.2 an approval needs its document",
     company(pre_approval=PreApproval("news", "国新网许可〔2024〕1号"), name="示例新闻中心"),
     "pre_approval_document", True),
    ("ref §3.2 mailing address in another province",
     _with(company(), _set(entity__mailing_address=ADDRESSES["CN-HN"])), "mailing_address",
     True),
    ("ref §3.2 organisations name an investor or superior unit",
     _with(company(), _set(entity__investor="")), "investor", True),
    ("fd §4 every website has an administrator", company(leader=LEADER, admin=None),
     "admin_same", True),
    ("ref §7.4 two people in charge, two mobiles",
     company(admin=replace(OTHER, mobile=LEADER.mobile)), "admin_mobile", True),
    ("ref §3.2 emergency phone differs from every mobile",
     company(admin=replace(OTHER, emergency_phone=LEADER.mobile)), "emergency_phone", True),
    ("ref §6.3 Tibet (2025): leader is the legal representative",
     company("CN-XZ", legal_rep=False), "leader_is_legal_rep", True),
    ("ref §6.3 Beijing (2018): leader is the legal representative, a note",
     company("CN-BJ", legal_rep=False), "leader_is_legal_rep", False),
    ("ref §6.3 Hebei (2025): the administrator is the legal representative",
     company("CN-HE", admin=OTHER), "admin_same", True),
    ("ref §6.3 Jiangsu (2023): a non-legal leader administers the websites",
     company("CN-JS", legal_rep=False, admin=OTHER), "admin_same", True),
    ("fd §1.3 Shanxi (2025): leader holds a mainland resident ID",
     company("CN-SX", leader=FOREIGNER, admin=OTHER), "leader_certificate_type", True),
    ("fd §1.3 Shanghai: a foreign legal representative files with the passport",
     company("CN-SH", leader=FOREIGNER, admin=OTHER, materials=["admin_authorization"]), "",
     False),
    ("ref §6.3 Shanghai (2025): ICP负责人授权书 for another administrator",
     company("CN-SH", leader=FOREIGNER, admin=OTHER), "admin_authorization", True),
    ("ref §3.5 Jiangsu (2023): 告知书 and 承诺书", company("CN-JS"), "authenticity_notice",
     True),
    ("fd §1.3 Hebei (2025): foreigners cannot file as individuals",
     individual("CN-HE", FOREIGNER), "certificate_type", True),
    ("ref §6.3 Beijing (2020): HK residents use the passport, a note",
     individual("CN-BJ", replace(LEADER, name="陈大文", certificate_type=C.HK_MACAO_PERMIT,
                                 certificate_number="H12345678")), "certificate_type", False),
    ("ref §6.3 Hunan (2025): organisations file one website per order",
     company("CN-HN", sites=2), "websites", True),
    ("ref §6.3 Shanghai (2025): a proposal above 29 websites",
     company("CN-SH", sites=30), "construction_proposal", True),
    ("ref §6.3 Shanghai (2025): paper licence, not the electronic one",
     company("CN-SH"), "entity_certificate", False),
    ("ref §6.2 Chongqing (2020): local IDs only, a note",
     individual("CN-CQ", LEADER), "certificate_number", False),
]


def findings(order: FilingOrder) -> tuple[list[str], list[str]]:
    return ([f for f, _, _ in order_problems(order, TODAY)],
            [f for f, _, _ in order_notes(order, TODAY)])


@pytest.mark.parametrize("section, order, field, blocks", ORDERS,
                         ids=[row[0] for row in ORDERS])
def test_order_rule_blocks_or_notes_as_its_source_allows(
        section: str, order: FilingOrder, field: str, blocks: bool) -> None:
    problems, notes = findings(order)
    if not field:
        assert problems == [], section
        return
    if blocks:
        assert field in problems, (section, problems)
    else:
        assert field in notes and field not in problems, (section, problems, notes)


def test_the_complete_company_order_has_no_problem() -> None:
    assert findings(company()) == ([], [])
