"""Field validators shared by the dialogue (per answer) and the core (whole order on submit).

Each validator takes the user's text and returns the normalised value, or raises ``Invalid``
with a message id, its parameters and an example of a valid answer for the hint.
Well-kept libraries do the real checks: python-stdnum (``filing.certificates``), phonenumbers,
idna (``filing.domains``). Validators that depend on the day take ``today`` (pure).
"""

from __future__ import annotations

import calendar
import functools
import re
import uuid
from collections.abc import Iterable
from datetime import date

import phonenumbers

from filing.certificates import (
    certificate_note,
    certificate_number,
    credit_code,
    organization_code,
    resident_id,
)
from filing.data import pre_approvals
from filing.domains import domain, domain_ascii, idna_ascii
from filing.invalid import Invalid, Note, clean
from filing.text import N_
from filing.types import CertificateType, EntityType
from knowledge.regions import ALL_ICP_PREFIXES, REGIONS, Region

__all__ = [
    "Invalid",
    "Note",
    "address",
    "certificate_expiry",
    "certificate_note",
    "certificate_number",
    "clean",
    "credit_code",
    "domain",
    "domain_ascii",
    "domain_expiry",
    "email",
    "emergency_phone",
    "icp_number",
    "landline",
    "mailing_address",
    "mobile",
    "organization_code",
    "organization_name",
    "person_name",
    "pre_approval_allowed",
    "province_of_address",
    "resident_id",
    "service_code",
    "website_name",
]


# Pure (text → number or Invalid): an answer is checked again at the summary and on
# submission; the phone library's parse and checks are ~0.1 ms each (#16).
@functools.lru_cache(maxsize=1024)
def mobile(text: str) -> str:
    """A mainland mobile number, returned as 11 digits."""
    value = clean(text).replace(" ", "").replace("-", "")
    example = "13812345678"
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise Invalid(N_("Please enter an 11-digit mainland mobile number."), example) from None
    kind = phonenumbers.number_type(number)
    if (
        number.country_code != 86
        or not phonenumbers.is_valid_number(number)
        or kind not in (phonenumbers.PhoneNumberType.MOBILE,
                        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    ):
        raise Invalid(
            N_("This is not a mainland mobile number; MIIT sends its verification SMS only to "
               "mainland mobiles."),
            example,
        )
    return str(number.national_number)


def landline(text: str) -> str:
    """An office landline with its area code; a mobile number is refused (ref §3.2)."""
    value = clean(text).replace(" ", "")
    example = "022-12345678"
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise Invalid(N_("Please enter a landline with its area code."), example) from None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        raise Invalid(N_("Please enter a landline with its area code."), example)
    if phonenumbers.number_type(number) is phonenumbers.PhoneNumberType.MOBILE:
        raise Invalid(N_("This is a mobile number; please give the office landline (area code "
                         "and number), which the reviewer may call."), example)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def emergency_phone(text: str, others: Iterable[str]) -> str:
    """A mobile that differs from the mobiles of the people in charge (ref §3.2, §7.4)."""
    value = mobile(text)
    if value in set(others):
        raise Invalid(N_("The emergency number must differ from the mobile numbers of the "
                         "people in charge; give another person's number."), "13912345678")
    return value


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@([^@\s]+)")


@functools.lru_cache(maxsize=1024)  # pure, as mobile(): IDNA checks of the domain
def email(text: str) -> str:
    value = clean(text)
    match = _EMAIL.fullmatch(value)
    if not match:
        raise Invalid(N_("Please enter an e-mail address such as name@example.com."),
                      "name@example.com")
    idna_ascii(match.group(1), "name@example.com")
    return value.lower()


_SERVICE_CODE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def service_code(text: str) -> str:
    value = clean(text).lower()
    if not _SERVICE_CODE.fullmatch(value):
        raise Invalid(
            N_("A filing service code looks like 32a43232-a888-88e8-b9ec-00888be81234 "
               "(generate it in the console from your mainland instance)."),
            str(uuid.UUID(int=0x32A43232A88888E8B9EC00888BE81234)),
        )
    return value


_ICP_NUMBER = re.compile(
    r"(?P<prefix>.)ICP备(?P<serial>\d{8}|\d{10})号(?:-(?P<site>\d+[AXK]?))?"
)


def icp_number(text: str) -> str:
    value = clean(text).replace(" ", "")
    match = _ICP_NUMBER.fullmatch(value)
    if not match or match.group("prefix") not in ALL_ICP_PREFIXES:
        raise Invalid(N_("A filing number looks like 浙ICP备12345678号-1."), "浙ICP备12345678号-1")
    return value


_CJK = re.compile(r"[\u4e00-\u9fff]")


def has_chinese(value: str) -> bool:
    return _CJK.search(value) is not None


def person_name(text: str, certificate: CertificateType | None = None) -> str:
    """A person's name as on the certificate: Chinese characters on a resident ID."""
    value = re.sub(r"\s+", " ", clean(text))
    if not 2 <= len(value) <= 40 or not re.fullmatch(r"[\w·.\- ]+", value) or any(
        ch.isdigit() for ch in value
    ):
        raise Invalid(N_("Please enter the name exactly as on the certificate."), "张三")
    if certificate is CertificateType.RESIDENT_ID and not re.fullmatch(
            r"[\u4e00-\u9fff·]+", value.replace(" ", "")):
        raise Invalid(N_("A resident ID shows the name in Chinese characters; please enter it "
                         "exactly as on the ID."), "张三")
    return value


def organization_name(text: str) -> str:
    """A mainland organisation's registered name: in Chinese, as on its certificate."""
    value = clean(text)
    example = "杭州示例科技有限公司"
    if not 4 <= len(value) <= 100 or value.isdigit():
        raise Invalid(
            N_("Please enter the organisation's full name exactly as on its certificate."),
            example,
        )
    if not has_chinese(value):
        raise Invalid(N_("Mainland organisations file under their registered Chinese name; "
                         "please enter it exactly as on the certificate."), example)
    return value


def address(text: str) -> str:
    value = re.sub(r"\s+", " ", clean(text))
    example = "浙江省杭州市西湖区文三路100号"
    if len(value) < 8:
        raise Invalid(
            N_("Please give the full address down to the street and house number."), example)
    if not has_chinese(value):
        raise Invalid(N_("Please give the address in Chinese, as it is written on the "
                         "certificate or on mail in the mainland."), example)
    return value


def province_of_address(value: str) -> Region | None:
    """The province an address starts with (after an optional 中国), if it names one."""
    text = value.removeprefix("中国").lstrip()
    for region in REGIONS:
        if text.startswith((region.name_zh, region.short_zh)):
            return region
    return None


def mailing_address(text: str, region: str) -> str:
    """通信地址: a real address in the filing province (ref §3.2)."""
    value = address(text)
    named = province_of_address(value)
    if named is not None and named.code != region:
        raise Invalid(N_("The mailing address must lie in the province where the entity files "
                         "({region}); this one is in {home}. Give an address in {region}."),
                      "浙江省杭州市西湖区文三路100号", region=region, home=named.code)
    return value


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
LONG_TERM = "long-term"
_LONG_TERM_WORDS = ("长期", "long-term", "long term", "permanent", "永久")
MONTHS_LEFT = 3  # ID and domain: valid > 3 months (ref §3.5 [ALI-R-qinghai], §4.2)


def parse_date(text: str) -> date:
    """A calendar date such as 2031-03-15 (also 2031/3/15, 2031年3月15日)."""
    match = _DATE.fullmatch(clean(text))
    try:
        if match is None:
            raise ValueError(text)
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise Invalid(N_("Please give the date as year-month-day, e.g. 2031-03-15."),
                      "2031-03-15") from None


def certificate_expiry(text: str, today: date | None = None) -> str:
    """证件有效期: the last day of validity, or long-term; more than 3 months left."""
    if clean(text).lower() in _LONG_TERM_WORDS:
        return LONG_TERM
    until = parse_date(text)
    today = today or date.today()
    if until < _add_months(today, MONTHS_LEFT):
        raise Invalid(N_("The certificate must remain valid for more than 3 months after the "
                         "filing; this one expires on {date}. Renew it first, or choose a "
                         "person whose certificate is valid longer."),
                      "2031-03-15", date=until.isoformat())
    return until.isoformat()


def domain_expiry(text: str, today: date | None = None) -> str:
    """The domain's expiry date: at least 3 months left (ref §4.2 [ALI-R-qinghai][HW])."""
    until = parse_date(text)
    today = today or date.today()
    if until < _add_months(today, MONTHS_LEFT):
        raise Invalid(N_("The domain expires on {date}: providers want at least 3 months of "
                         "registration left. Renew it at the registrar first, then give the "
                         "new expiry date."), "2031-03-15", date=until.isoformat())
    return until.isoformat()


def pre_approval_allowed(category: str, entity_type: EntityType | None) -> str:
    """Individuals cannot hold any sector approval (ref §3.3, filing-details §3.2)."""
    found = pre_approvals.BY_KEY[category]
    if entity_type is EntityType.INDIVIDUAL:
        raise Invalid(N_("Individuals cannot obtain the approval for “{category}” content, so a "
                         "personal website cannot offer it. Leave that content out, or let an "
                         "organisation that holds the approval file the website."),
                      category=found.key)
    return category


def approval_number(text: str) -> str:
    """The approval document's number as printed ("无" where the document has none: §3.2)."""
    value = re.sub(r"\s+", " ", clean(text))
    if value in ("无", "none", "None"):
        return "无"
    if not 3 <= len(value) <= 60:
        raise Invalid(N_("Please enter the approval number exactly as on the document (or "
                         "“none” if it has none)."), "京网文〔2024〕1234-123号")
    return value


_NATIONAL_WORDS = ("中国", "中华", "中央", "国家", "人大", "人民")
# Words providers refuse in an individual's website name (ref §3.3 [TC-names][XINNET-name]
# [QINGCLOUD-name]): they suggest a company, commerce, a community or an official body.
_INDIVIDUAL_BANNED = (
    "公司", "企业", "官网", "官方", "政府", "政务", "商城", "论坛", "平台", "导航", "工作室",
    "社区", "资讯", "门户", "交流", "服务", "网络", "网址", "网站", "主页", "在线", "热线",
    "社团", "爱好者", "作品展示", "游戏",
)
# Providers also list these; a personal blog is fine as content (filing.data.website_options).
_BLOG_WORDS = ("博客", "个人空间")
NAME_MAX = 30  # (D) the form's limit is not confirmed (filing-details §8 q1); 30 keeps
# every real name seen in the references and stops sentences pasted as names.


def website_name(text: str, entity_type: EntityType | None = None,
                 owner_name: str = "") -> str:
    """A website name that follows the naming rules common to all providers (§3.3)."""
    value = clean(text)
    example = "美食分享日记"
    if len(_CJK.findall(value)) < 3:
        raise Invalid(
            N_("A website name needs at least 3 Chinese characters and must describe the "
               "content; English letters or digits alone are not accepted."),
            example,
        )
    if len(value) > NAME_MAX:
        raise Invalid(N_("A website name has at most {limit} characters; yours has {count}."),
                      example, limit=NAME_MAX, count=len(value))
    if not re.fullmatch(r"[\w\u4e00-\u9fff()（）\-·]+", value):
        raise Invalid(N_("A website name may not contain special symbols or spaces."), example)
    for word in _NATIONAL_WORDS:
        if word in value:
            raise Invalid(
                N_("Only national-level bodies may use “{word}” in a website name."),
                example,
                word=word,
            )
    if entity_type is EntityType.INDIVIDUAL:
        _personal_name_rules(value, owner_name)
    return value


def _personal_name_rules(value: str, owner_name: str) -> None:
    example = "美食分享日记"
    if owner_name and has_chinese(owner_name) and owner_name in value:
        raise Invalid(N_("A personal website's name may not contain your own name; name what "
                         "the site is about instead."), example)
    for word in _BLOG_WORDS:
        if word in value:
            raise Invalid(N_("The website may be a personal blog, but its name may not say "
                             "“{word}”: name its topic instead."), example, word=word)
    for word in _INDIVIDUAL_BANNED:
        if word in value:
            raise Invalid(
                N_("A personal website's name may not contain “{word}”: it suggests a "
                   "company, commerce or a community, which individuals cannot file."),
                example,
                word=word,
            )
    found = pre_approvals.category_in_name(value)
    if found is not None:
        category, word = found
        raise Invalid(N_("A personal website's name may not contain “{word}”: it points to "
                         "“{category}” content, which needs an approval individuals cannot "
                         "obtain."), example, word=word, category=category.key)
    for region in REGIONS:
        if region.short_zh in value:
            raise Invalid(N_("A personal website's name may not contain a place name such as "
                             "“{word}”."), example, word=region.short_zh)
