"""Field validators shared by the dialogue (per answer) and the core (whole order on submit).

Each validator takes the user's text and returns the normalised value, or raises ``Invalid``
with a message id, its parameters and an example of a valid answer for the hint.
Well-kept libraries do the real checks: python-stdnum, phonenumbers, idna.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
import uuid
from typing import Any

import idna
import phonenumbers
from confusable_homoglyphs import categories, confusables
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from filing.text import N_
from filing.types import USCC_CERTIFICATES, CertificateType, EntityType
from knowledge.regions import ALL_ICP_PREFIXES


class Invalid(ValueError):
    """An answer that cannot be accepted, with the reason as a message id."""

    def __init__(self, msgid: str, example: str | None = None, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params
        self.example = example


def clean(text: str) -> str:
    """NFKC-normalise (full-width digits and letters become ASCII) and trim."""
    normalised = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normalised if unicodedata.category(ch)[0] != "C").strip()


def resident_id(text: str) -> str:
    value = clean(text).upper().replace(" ", "")
    example = "11010519491231002X"
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise Invalid(
            N_("A resident ID number has 18 characters: 17 digits and then a digit or X."),
            example,
        )
    try:
        ric.validate(value)
    except stdnum_errors.InvalidChecksum:
        raise Invalid(
            N_("The last character of this ID number does not match the others; "
               "please check every digit."),
            example,
        ) from None
    except stdnum_errors.ValidationError:
        raise Invalid(
            N_("This ID number does not contain a valid birth date or region code."), example
        ) from None
    return value


def credit_code(text: str) -> str:
    value = clean(text).upper().replace(" ", "")
    example = "91330100716105852F"
    if len(value) != 18:
        raise Invalid(
            N_("A Unified Social Credit Code has exactly 18 characters (you gave {count})."),
            example,
            count=len(value),
        )
    try:
        uscc.validate(value)
    except stdnum_errors.InvalidChecksum:
        raise Invalid(
            N_("The check character of this Unified Social Credit Code is wrong; "
               "please copy it exactly from the certificate."),
            example,
        ) from None
    except stdnum_errors.ValidationError:
        raise Invalid(
            N_("A Unified Social Credit Code uses digits and capital letters except I, O, S, V "
               "and Z."),
            example,
        ) from None
    return value


_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organization_code(text: str) -> str:
    value = clean(text).upper().replace(" ", "")
    example = "D2143569-X"
    match = re.fullmatch(r"([0-9A-Z]{8})-?([0-9X])", value)
    if not match:
        raise Invalid(N_("An organisation code looks like XXXXXXXX-X (8 characters, a hyphen, "
                         "then a check character)."), example)
    body, check = match.groups()
    total = sum(int(ch, 36) * w for ch, w in zip(body, _ORG_CODE_WEIGHTS, strict=True))
    expected = 11 - total % 11
    expected_char = {10: "X", 11: "0"}.get(expected, str(expected))
    if check != expected_char:
        raise Invalid(N_("The check character of this organisation code is wrong."), example)
    return f"{body}-{check}"


def certificate_number(certificate: CertificateType, text: str) -> str:
    """Validate a certificate number by the rules of its certificate type."""
    if certificate is CertificateType.RESIDENT_ID:
        return resident_id(text)
    if certificate in USCC_CERTIFICATES:
        return credit_code(text)
    if certificate is CertificateType.ORGANIZATION_CODE:
        return organization_code(text)
    value = clean(text).upper().replace(" ", "")
    if certificate is CertificateType.HK_MACAO_PERMIT:
        if not re.fullmatch(r"[HM]\d{8}(\d{2})?", value):
            raise Invalid(N_("A Mainland Travel Permit for Hong Kong and Macao Residents starts "
                             "with H or M followed by 8 or 10 digits."), "H12345678")
        return value
    if certificate is CertificateType.TAIWAN_PERMIT:
        if not re.fullmatch(r"\d{8}(\d{2})?", value):
            raise Invalid(N_("A Mainland Travel Permit for Taiwan Residents has 8 or 10 digits."),
                          "12345678")
        return value
    if not re.fullmatch(r"[A-Z0-9]{5,20}", value):
        raise Invalid(N_("A passport number has 5 to 20 letters and digits."), "E12345678")
    return value


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
    value = clean(text).replace(" ", "")
    example = "022-12345678"
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise Invalid(N_("Please enter a landline with its area code."), example) from None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        raise Invalid(N_("Please enter a landline with its area code."), example)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@([^@\s]+)")


def email(text: str) -> str:
    value = clean(text)
    match = _EMAIL.fullmatch(value)
    if not match:
        raise Invalid(N_("Please enter an e-mail address such as name@example.com."),
                      "name@example.com")
    _idna_domain(match.group(1), "name@example.com")
    return value.lower()


def _idna_domain(value: str, example: str) -> str:
    try:
        ascii_form = idna.encode(value, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise Invalid(N_("{domain} is not a valid domain name."), example, domain=value) from None
    if "." not in ascii_form or len(ascii_form) > 253:
        raise Invalid(N_("{domain} is not a valid domain name."), example, domain=value)
    return ascii_form


def _looks_like_ip(value: str) -> bool:
    """True for an IP address, also when typed as a URL or with a port."""
    host = value.split("://", 1)[-1].split("/", 1)[0]
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def domain(text: str) -> str:
    """A registrable domain name (Unicode form, lower case); IP addresses are refused."""
    value = clean(text).lower().rstrip(".").replace("。", ".")
    example = "example.com"
    if not value:
        raise Invalid(N_("Please enter the website's domain name."), example)
    if _looks_like_ip(value):
        raise Invalid(
            N_("An IP address cannot be filed: the ICP filing system accepts domain names only. "
               "Please enter the domain that points to your server."),
            example,
        )
    if "://" in value or "/" in value or " " in value:
        raise Invalid(
            N_("Please enter only the domain, without http://, paths or spaces."), example
        )
    if value.startswith("www."):
        raise Invalid(
            N_("Please enter the domain without www. (for example example.com): the filing "
               "covers its sub-domains."),
            example,
        )
    ascii_form = _idna_domain(value, example)
    labels = ascii_form.split(".")
    if any(not label or len(label) > 63 for label in labels) or labels[-1].isdigit():
        raise Invalid(N_("{domain} is not a valid domain name."), example, domain=value)
    unicode_form = idna.decode(ascii_form)
    if looks_alike(unicode_form):
        raise Invalid(N_("{domain} mixes letters of different scripts (such as Latin and "
                         "Cyrillic) or imitates a Latin name, so it could pass for another "
                         "site ({ascii}). Please type the domain in one script."),
                      example, domain=unicode_form, ascii=ascii_form)
    return unicode_form


def domain_ascii(value: str) -> str:
    """The Punycode form of a validated domain, e.g. 中文.com → xn--fiq228c.com."""
    return idna.encode(value, uts46=True).decode("ascii")


# UTS #39 "highly restrictive": one script per label, or Latin with the scripts Chinese,
# Japanese and Korean names are written in. The confusable-homoglyphs package gives the
# script of each character and the confusables data (Python's unicodedata has neither).
_SCRIPT_MIXES = (frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
                 frozenset({"LATIN", "HAN", "BOPOMOFO"}), frozenset({"LATIN", "HAN", "HANGUL"}))
_NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED"})


def looks_alike(value: str) -> bool:
    """True if a label of ``value`` mixes scripts (аpple: Cyrillic а, Latin pple) or is
    written wholly in another script's letters that each look like Latin ones (аррӏе)."""
    return any(_mixed_script(label) or _latin_lookalike(label) for label in value.split("."))


def _mixed_script(label: str) -> bool:
    scripts = frozenset(categories.unique_aliases(label)) - _NEUTRAL_SCRIPTS
    return len(scripts) > 1 and not any(scripts <= allowed for allowed in _SCRIPT_MIXES)


def _latin_lookalike(label: str) -> bool:
    scripts = frozenset(categories.unique_aliases(label)) - _NEUTRAL_SCRIPTS
    if not scripts or scripts & {"LATIN", "HAN", "HIRAGANA", "KATAKANA", "HANGUL"}:
        return False
    letters = [ch for ch in label if categories.alias(ch) not in _NEUTRAL_SCRIPTS]
    found = confusables.is_confusable(label, greedy=True, preferred_aliases=["latin"]) or []
    like_ascii = {hit["character"] for hit in found
                  if any(glyph["c"].isascii() and glyph["c"].isalnum()
                         for glyph in hit["homoglyphs"])}
    return like_ascii >= set(letters)


def for_reviewers(value: str) -> str:
    """A domain as reviewers see it: the Punycode beside any non-ASCII form, and a warning
    sign on a look-alike (orders filed before look-alikes were refused)."""
    try:
        ascii_form = domain_ascii(value)
    except idna.IDNAError:
        return f"{value} ⚠"
    shown = value if ascii_form == value else f"{value} ({ascii_form})"
    return f"{shown} ⚠" if looks_alike(value) else shown


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


def person_name(text: str) -> str:
    value = re.sub(r"\s+", " ", clean(text))
    if not 2 <= len(value) <= 40 or not re.fullmatch(r"[\w·.\- ]+", value) or any(
        ch.isdigit() for ch in value
    ):
        raise Invalid(N_("Please enter the name exactly as on the certificate."), "张三")
    return value


def organization_name(text: str) -> str:
    value = clean(text)
    if not 4 <= len(value) <= 100 or value.isdigit():
        raise Invalid(
            N_("Please enter the organisation's full name exactly as on its certificate."),
            "杭州示例科技有限公司",
        )
    return value


def address(text: str) -> str:
    value = re.sub(r"\s+", " ", clean(text))
    if len(value) < 8:
        raise Invalid(
            N_("Please give the full address down to the street and house number."),
            "浙江省杭州市西湖区文三路100号",
        )
    return value


_CJK = re.compile(r"[\u4e00-\u9fff]")
_NATIONAL_WORDS = ("中国", "中华", "中央", "国家", "人大", "人民")
_INDIVIDUAL_BANNED = (
    "公司", "企业", "官网", "商城", "论坛", "平台", "导航", "工作室", "社区", "资讯", "新闻",
    "门户", "交流", "服务", "网络", "网址", "在线", "博客", "热线", "社团", "爱好者",
)


def website_name(text: str, entity_type: EntityType | None = None) -> str:
    """A website name that follows the naming rules common to all providers (§3.3)."""
    value = clean(text)
    example = "美食分享日记"
    if len(_CJK.findall(value)) < 3:
        raise Invalid(
            N_("A website name needs at least 3 Chinese characters and must describe the "
               "content; English letters or digits alone are not accepted."),
            example,
        )
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
        for word in _INDIVIDUAL_BANNED:
            if word in value:
                raise Invalid(
                    N_("A personal website's name may not contain “{word}”: it suggests a "
                       "company, commerce or a community, which individuals cannot file."),
                    example,
                    word=word,
                )
    return value
