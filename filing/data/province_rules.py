"""Provincial rules that can be checked, each with the date and key of its source.

Source: the domain reference §6.2, §6.3, §3.5, §4.2, §4.4 and filing-details §1.3, §2.3
(keys resolve in their source lists). As of: 2026-12 (compilation of the reference).

A rule *blocks* only when its source is dated 2022 or later (``Dated.blocks``); older rules
are shown as notes that point to the provider console, because provincial rules change
often and silently (ref, opening note). Covered fully: Beijing, Shanghai, Guangdong,
Zhejiang, Jiangsu, Sichuan, Tibet, Xinjiang; the other regions where the reference names a
checkable rule.
"""

from __future__ import annotations

from dataclasses import dataclass

BLOCKING_SINCE = "2022"


@dataclass(frozen=True, slots=True)
class Dated:
    as_of: str  # the year (or date) of the source
    source: str  # key in the reference's source list

    @property
    def blocks(self) -> bool:
        return self.as_of >= BLOCKING_SINCE


TCEN = Dated("2020", "TC-prov-en")  # Tencent international rules page, ~2019–20
TCZH = Dated("2018", "TC-prov-zh")  # Tencent Chinese rules page, ~2017–18
HW = Dated("2025", "HW-KB-REGION")  # Huawei knowledge base, 2025
ALI_NEW = Dated("2023", "ALI-regional")  # current Alibaba regional pages, 2023–2026
ALI_2018 = Dated("2018", "ALI-faq-2018")
TC_MAT = Dated("2020", "TC-mat-org")  # Tencent material lists, P-old

# §6.2: individuals may file only with a resident ID issued in the province.
LOCAL_ID_ONLY: dict[str, Dated] = {
    "CN-SX": TCEN, "CN-NM": HW, "CN-HA": HW, "CN-CQ": TCEN, "CN-GX": HW, "CN-GZ": TCEN,
    "CN-YN": TCEN, "CN-GS": TCEN, "CN-QH": HW, "CN-NX": HW, "CN-XJ": HW,
}
# §6.2: non-local individuals accepted with a local residence (or temporary residence)
# permit; Sichuan and Shandong also take other proof of study, work or residence.
NON_LOCAL_WITH_PERMIT: dict[str, Dated] = {
    "CN-SH": HW, "CN-JS": TCEN, "CN-ZJ": HW, "CN-FJ": TCEN, "CN-JX": HW, "CN-HB": HW,
    "CN-SC": TCEN, "CN-SD": HW,
}
# filing-details §1.3: foreigners cannot file as individuals.
FOREIGN_INDIVIDUALS_REFUSED: dict[str, Dated] = {"CN-HE": HW}
# filing-details §1.3: a foreign or HK/Macao/Taiwan legal representative authorises a holder
# of a mainland resident ID, who is then the entity leader.
LEADER_NEEDS_RESIDENT_ID: dict[str, Dated] = {"CN-HE": HW, "CN-SX": HW}
# ref §6.3 Beijing: HK residents use a passport, not the home-return permit.
HK_RESIDENTS_USE_PASSPORT: dict[str, Dated] = {"CN-BJ": TCEN}
# ref §6.3 Shanghai: foreigners file as individuals with a passport plus a residence permit.
FOREIGN_INDIVIDUAL_WITH_PERMIT: dict[str, Dated] = {"CN-SH": TCEN}


@dataclass(frozen=True, slots=True)
class AgeRule:
    minimum: int
    dated: Dated
    individuals: bool = True  # applies to individuals' filings
    organisations: bool = True  # applies to organisations' leaders


# ref §4.4: minimum age of the entity leader / individual, from the ID's birth date.
MIN_AGE: dict[str, AgeRule] = {
    "CN-FJ": AgeRule(14, ALI_NEW), "CN-GZ": AgeRule(14, ALI_NEW), "CN-QH": AgeRule(14, ALI_NEW),
    "CN-GD": AgeRule(16, TCEN, individuals=False),
    "CN-JS": AgeRule(16, TCEN, organisations=False),
    "CN-SD": AgeRule(17, HW),
    "CN-HE": AgeRule(18, HW), "CN-NM": AgeRule(18, HW), "CN-HN": AgeRule(18, HW),
    "CN-XZ": AgeRule(18, HW), "CN-HL": AgeRule(18, HW), "CN-TJ": AgeRule(18, ALI_2018),
}

# ref §6.3 and filing-details §2.3: the entity leader must be the legal representative.
LEADER_MUST_BE_LEGAL_REP: dict[str, Dated] = {
    "CN-BJ": ALI_2018, "CN-TJ": TCEN, "CN-HE": HW, "CN-NM": TCEN, "CN-HL": TCEN,
    "CN-SH": TCEN, "CN-ZJ": TCEN, "CN-FJ": ALI_NEW, "CN-SD": ALI_2018, "CN-HA": HW,
    "CN-HB": TCEN, "CN-HN": TCEN, "CN-CQ": TCEN, "CN-GZ": TCEN, "CN-YN": TCEN, "CN-XZ": HW,
    "CN-QH": ALI_NEW, "CN-NX": HW,
}
# ref §2.3: a leader who is not the legal representative needs a 主体负责人授权书.
LEADER_AUTHORIZATION: dict[str, Dated] = {
    "CN-HA": TC_MAT, "CN-SC": TCEN, "CN-GS": TCEN, "CN-AH": HW, "CN-JS": ALI_NEW,
    "CN-SX": HW, "CN-JX": TCEN,
}
# …and then must be the website administrator himself (Jiangsu, Anhui, Hainan) …
NON_LEGAL_LEADER_IS_ADMIN: dict[str, Dated] = {"CN-JS": ALI_NEW, "CN-AH": HW, "CN-HI": TCEN}
# … or must not be (Gansu).
NON_LEGAL_LEADER_NOT_ADMIN: dict[str, Dated] = {"CN-GS": TCEN}
# The website administrator must be the legal representative (Hebei).
ADMIN_MUST_BE_LEGAL_REP: dict[str, Dated] = {"CN-HE": HW}
# ref §2.3, §6.3: an administrator who is not the legal representative needs an ICP负责人
# 授权书 (Shanghai's own form: 上海非经营性互联网信息服务备案ICP负责人授权书).
ADMIN_AUTHORIZATION: dict[str, Dated] = {
    "CN-HN": TCEN, "CN-HB": TCEN, "CN-TJ": TCEN, "CN-FJ": ALI_NEW, "CN-SH": HW,
    "CN-QH": HW, "CN-NX": HW, "CN-GZ": ALI_NEW,
}
# Tianjin: the website administrator is another person than the entity leader.
ADMIN_OTHER_THAN_LEADER: dict[str, Dated] = {"CN-TJ": ALI_2018}

# ref §3.5: provinces that want a domain certificate (Shandong above 4, Henan above 10).
DOMAIN_CERTIFICATE_REGIONS = frozenset({"CN-HN", "CN-GZ", "CN-JS", "CN-SN"})
DOMAIN_CERTIFICATE_ABOVE: dict[str, int] = {"CN-SD": 4, "CN-HA": 10}
# ref §4.2: only the organisation itself may hold the domain (not its legal representative).
HOLDER_MUST_BE_ORGANISATION: dict[str, Dated] = {
    "CN-NX": TCEN, "CN-SN": TCEN, "CN-XJ": TCEN, "CN-XZ": HW,
}
# ref §4.4: organisations file one website per order (Hunan).
ONE_WEBSITE_PER_ORDER: dict[str, Dated] = {"CN-HN": HW}


@dataclass(frozen=True, slots=True)
class ProposalRule:
    """A website construction proposal (网站建设方案书) above this many websites."""

    individuals_above: int | None
    organisations_above: int | None
    dated: Dated


CONSTRUCTION_PROPOSAL: dict[str, ProposalRule] = {
    "CN-GD": ProposalRule(10, 30, TC_MAT),
    "CN-SH": ProposalRule(None, 29, HW),  # "≥30 websites"
    "CN-HN": ProposalRule(None, 1, HW),  # organisations with more than one website
    "CN-NX": ProposalRule(4, 4, HW),  # "≥5 filed sites → website description"
}
# Individuals must describe the intended content in the remarks (a pledge in some).
REMARKS_FOR_INDIVIDUALS: dict[str, Dated] = {
    "CN-GD": TCEN, "CN-TJ": TCEN, "CN-GX": TCEN, "CN-SD": TCEN, "CN-HL": TCEN,
    "CN-QH": TCEN, "CN-JS": TCEN,
}
# ref §3.5 Jiangsu 2023: 《ICP备案信息真实性责任告知书》 + 《ICP备案信息真实性承诺书》.
AUTHENTICITY_NOTICE_AND_COMMITMENT: dict[str, Dated] = {"CN-JS": ALI_NEW}
# ref §6.3 Xinjiang: party-building certificate for first filings and new websites.
PARTY_BUILDING_CERTIFICATE: dict[str, Dated] = {"CN-XJ": Dated("2019", "TC-prov-faq")}
# ref §6.3 Guangdong: finance content files with a commitment letter (since 2016-06-20).
FINANCE_COMMITMENT: dict[str, Dated] = {"CN-GD": Dated("2016", "ALI-gd-fin")}
# ref §6.3: a paper original, not the electronic licence (Shanghai, Huawei 2025).
NO_ELECTRONIC_LICENCE: dict[str, Dated] = {"CN-SH": HW}
# ref §3.2: sole proprietors without a trade name file as an individual with a remark …
SOLE_PROPRIETOR_AS_INDIVIDUAL: dict[str, Dated] = {
    "CN-HE": HW, "CN-FJ": TCZH, "CN-HN": HW, "CN-SX": TCEN,
}
# … or as an enterprise named "张三（个体工商户）".
SOLE_PROPRIETOR_NAMED: dict[str, Dated] = {
    "CN-ZJ": HW, "CN-AH": HW, "CN-HB": HW, "CN-HA": HW, "CN-LN": HW, "CN-HL": HW,
}
# ref §6.3 Sichuan: a transfer-in uses the certificate of the original filing.
ACCESS_SAME_CERTIFICATE: dict[str, Dated] = {"CN-SC": TCEN}
# ref §6.3 Xinjiang: the CA checks the ticked languages and calls applicants at random.
LANGUAGES_CHECKED: dict[str, Dated] = {"CN-XJ": TCEN}
