"""Held-out acceptance check for issue #19, written from the domain reference alone before the
implementation was run: 30 realistic answers, each accepted or refused with its reason.

Each row: (reference section, check, answer, expected). ``expected`` is "ok" for an accepted
answer, or a word the refusal's reason must contain (case-insensitive) for a refused one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from filing import validation as v
from filing.types import CertificateType, EntityType

TODAY = date(2026, 12, 1)
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def mod11_2(body: str) -> str:
    """The check character of an 18-character ID-structured number (ref §7.1)."""
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _RIC_WEIGHTS,
                                                                strict=True)) % 11]


def wrong_uscc_check(body: str) -> str:
    """``body`` (17 chars) with a check character that fails the GB 32100 checksum (§7.2)."""
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    right = _USCC_ALPHABET[(31 - total % 31) % 31]
    return body + next(c for c in "0123456789ABCDEF" if c != right)


def certificate(kind: CertificateType) -> Callable[[str], Any]:
    return lambda text: v.certificate_number(kind, text)


def site_name(entity_type: EntityType, owner: str = "") -> Callable[[str], Any]:
    return lambda text: v.website_name(text, entity_type, owner_name=owner)


def in_days(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


CASES: list[tuple[str, Callable[[str], Any], str, str]] = [
    ("§1.2 HK/Macao permit, 9-char card", certificate(CertificateType.HK_MACAO_PERMIT),
     "H12345678", "ok"),
    ("§1.2 HK/Macao permit with renewal counter", certificate(CertificateType.HK_MACAO_PERMIT),
     "M1234567801", "ok"),
    ("§1.2 HK/Macao permit starts with H or M", certificate(CertificateType.HK_MACAO_PERMIT),
     "12345678", "H or M"),
    ("§1.2 Taiwan permit, 8 digits", certificate(CertificateType.TAIWAN_PERMIT),
     "12345678", "ok"),
    ("§1.2 residence permit, Beijing PSB sample (HK)",
     certificate(CertificateType.RESIDENCE_PERMIT_HMT), "810000199408230021", "ok"),
    ("§1.2 residence permit, Beijing PSB sample (Taiwan)",
     certificate(CertificateType.RESIDENCE_PERMIT_HMT), "830000199201300022", "ok"),
    ("§1.2 residence permit checksum", certificate(CertificateType.RESIDENCE_PERMIT_HMT),
     "810000199408230022", "check"),
    ("§1.2 permanent residence ID, 2017 card", certificate(CertificateType.FOREIGN_PERMANENT_ID),
     "USA123456789012", "ok"),
    ("§1.2 permanent residence ID, 2023 card", certificate(CertificateType.FOREIGN_PERMANENT_ID),
     mod11_2("93310019900101001"), "ok"),
    ("§1.2 permanent residence ID, 2023 card checksum",
     certificate(CertificateType.FOREIGN_PERMANENT_ID),
     mod11_2("93310019900101001")[:-1] + ("1" if mod11_2("93310019900101001")[-1] != "1"
                                          else "2"), "check"),
    ("§1.2 passport, lenient format", certificate(CertificateType.PASSPORT), "E12345678", "ok"),
    ("§1.2 passport too short", certificate(CertificateType.PASSPORT), "E1", "passport"),
    ("§7.1 region code dated after the birth is accepted", v.resident_id,
     mod11_2("33011019900101001"), "ok"),
    ("§7.1 checksum", v.resident_id, "110105194912310021", "match"),
    ("§7.2 pilot code …M0… failing the checksum is accepted", v.credit_code,
     wrong_uscc_check("91350100M0001000X"), "ok"),
    ("§7.2 ordinary code failing the checksum", v.credit_code, "91330100716105852A", "check"),
    ("§5.1 suffix not on MIIT's list (.io)", v.domain, "example.io", "suffix"),
    ("§5.1 .org not on the 2020 list", v.domain, "example.org", "suffix"),
    ("§5.1 Chinese TLD on the list", v.domain, "示例.中国", "ok"),
    ("§5.1 second-level .com.cn", v.domain, "example.com.cn", "ok"),
    ("§4 sub-domain is covered by its domain", v.domain, "blog.example.com", "example.com"),
    ("§4 URL typed instead of the domain", v.domain, "https://zhangwei-blog.cn/about",
     "zhangwei-blog.cn"),
    ("§4 www. typed", v.domain, "www.x.cn", "x.cn"),
    ("§3.3 own name in a personal site's name", site_name(EntityType.INDIVIDUAL, "张伟"),
     "张伟的美食日记", "name"),
    ("§3.3 sector word 新闻 for an individual", site_name(EntityType.INDIVIDUAL),
     "新闻分享日记", "新闻"),
    ("§3.3 sector word 医药 for an individual", site_name(EntityType.INDIVIDUAL),
     "健康医药小站", "医药"),
    ("§3.3 an enterprise may name its news site (approval asked later)",
     site_name(EntityType.ENTERPRISE), "示例科技新闻中心", "ok"),
    ("§3.2 a landline is not a mobile", v.landline, "13812345678", "landline"),
    ("§3.2 mailing address in another province",
     lambda text: v.mailing_address(text, "CN-GD"), "湖南省长沙市岳麓区麓山南路100号",
     "province"),
    ("§3.5 certificate valid less than 3 months",
     lambda text: v.certificate_expiry(text, TODAY), in_days(40), "3 months"),
]


def run(check: Callable[[str], Any], answer: str) -> tuple[bool, str]:
    try:
        check(answer)
    except v.Invalid as refused:
        return False, " ".join([refused.msgid.format(**refused.params),
                                str(getattr(refused, "suggestion", "") or "")])
    return True, ""


@pytest.mark.parametrize("section, check, answer, expected", CASES,
                         ids=[case[0] for case in CASES])
def test_heldout_answer(section: str, check: Callable[[str], Any], answer: str,
                        expected: str) -> None:
    accepted, reason = run(check, answer)
    if expected == "ok":
        assert accepted, f"{section}: {answer!r} refused: {reason}"
    else:
        assert not accepted, f"{section}: {answer!r} accepted"
        assert expected.lower() in reason.lower(), f"{section}: reason was {reason!r}"
