"""Certificate numbers of persons and organisations (ref §7, filing-details §1.2 and §2.2).

python-stdnum checks resident IDs (``stdnum.cn.ric``) and USCCs (``stdnum.cn.uscc``); the
formats stdnum does not know follow filing-details §1.2. Numbers that real people hold but a
strict check would refuse (a county code created after the birth year, USCC pilot codes,
old Taiwan booklets) are accepted with a note, never refused.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from filing.invalid import Invalid, Note, compact
from filing.text import N_
from filing.types import USCC_CERTIFICATES, CertificateType
from knowledge.regions import region_of_resident_id

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_DATE_PART = r"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"


def mod11_2_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 over an 18-character ID-structured number (ref §7.1)."""
    total = sum(int(d) * w for d, w in zip(number[:17], _RIC_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17]


def _birth_date_ok(number: str) -> bool:
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return True


def resident_id(text: str) -> str:
    value = compact(text)
    example = "11010519491231002X"
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise Invalid(
            N_("A resident ID number has 18 characters: 17 digits and then a digit or X."),
            example,
        )
    if value[:2] in ("81", "82", "83"):
        raise Invalid(N_("This is the number of a residence permit for Hong Kong, Macao and "
                         "Taiwan residents: choose that certificate type instead."), example)
    if value.startswith("9"):
        raise Invalid(N_("A number starting with 9 is a foreigner's permanent residence ID: "
                         "choose that certificate type instead."), example)
    if not mod11_2_ok(value):
        raise Invalid(
            N_("The last character of this ID number does not match the others; "
               "please check every digit."),
            example,
        )
    if not _birth_date_ok(value):
        raise Invalid(N_("This ID number does not contain a valid birth date."), example)
    if region_of_resident_id(value) is None:
        raise Invalid(N_("This ID number does not start with a valid region code."), example)
    return value


def resident_id_note(value: str) -> Note | None:
    """A note when stdnum dates the county code outside the birth year (§7.1: people keep
    the code of their first registration, which can be newer than their birth)."""
    if not _county_listed(value):
        return (N_("The region code of this ID is not listed for the birth year in our "
                   "reference data; that happens when the ID was first issued after a county "
                   "was renamed. It is accepted; make sure it matches the card."), {})
    return None


@functools.lru_cache(maxsize=1024)
def _county_listed(value: str) -> bool:
    """stdnum's check of the county code against the birth year (a walk of its region
    database, ~40 µs): asked when the number is answered, at the summary and on submission."""
    try:
        ric.validate(value)
    except stdnum_errors.ValidationError:
        return False
    return True


def credit_code(text: str) -> str:
    value = compact(text)
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
        if _is_pilot_code(value):
            return value  # §7.2: early pilot codes fail the checksum but are legal
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


def _is_pilot_code(value: str) -> bool:
    # ref §7.2: pilot codes such as Fujian/Xiamen 9135…M000… (an "M0" in the organisation
    # code part) do not satisfy the checksum.
    return "M0" in value[8:17] and re.fullmatch(r"[0-9A-HJ-NP-RTUW-Y]{18}", value) is not None


def credit_code_note(value: str) -> Note | None:
    if _is_pilot_code(value) and not uscc.is_valid(value):
        return (N_("This looks like an early pilot credit code whose check character does not "
                   "follow the national standard; it is accepted, but copy it exactly from "
                   "the certificate."), {})
    return None


_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organization_code(text: str) -> str:
    value = compact(text)
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


def hk_macao_permit(text: str) -> str:
    # MPS rule 2010: H/M + 8-digit lifelong number (+ 2-digit renewal counter on the old card).
    value = compact(text)
    if not re.fullmatch(r"[HM]\d{8}(\d{2})?", value):
        raise Invalid(N_("A Mainland Travel Permit for Hong Kong and Macao Residents starts "
                         "with H or M followed by 8 or 10 digits."), "H12345678")
    return value


def taiwan_permit(text: str) -> str:
    value = compact(text)
    # The card has 8 digits; older booklets (letters, or 10 digits) are still seen (§1.2).
    if not re.fullmatch(r"\d{8}|\d{10}|[A-Z]\d{7,9}|\d{8}\([A-Z0-9]\)", value):
        raise Invalid(N_("A Mainland Travel Permit for Taiwan Residents has 8 digits (older "
                         "booklets: 10 digits, or a letter and digits)."), "12345678")
    return value


def taiwan_permit_note(value: str) -> Note | None:
    if re.fullmatch(r"\d{8}", value):
        return None
    return (N_("This is the number format of an older Taiwan permit booklet. If you have the "
               "newer card, enter its 8-digit number; the reviewer compares it with the "
               "image."), {})


def residence_permit_hmt(text: str) -> str:
    """港澳台居民居住证: an ID-structured number with address code 810000/820000/830000."""
    value = compact(text)
    example = "810000199408230021"
    if not re.fullmatch(r"8[123]0000" + _DATE_PART + r"\d{3}[\dX]", value):
        raise Invalid(N_("A residence permit for Hong Kong, Macao and Taiwan residents has 18 "
                         "characters starting with 810000, 820000 or 830000."), example)
    if not mod11_2_ok(value):
        raise Invalid(N_("The last character of this permit number does not match the others "
                         "(check character); please check every digit."), example)
    if not _birth_date_ok(value):
        raise Invalid(N_("This ID number does not contain a valid birth date."), example)
    return value


def foreign_permanent_id(text: str) -> str:
    """外国人永久居留身份证: the 2017 card (3 letters + 12 digits) or the 2023 card (18
    characters starting with 9, MOD 11-2 check) — both remain valid (filing-details §1.2)."""
    value = compact(text)
    if re.fullmatch(r"[A-Z]{3}\d{12}", value):
        return value
    if re.fullmatch(r"9\d{16}[\dX]", value):
        if not mod11_2_ok(value):
            raise Invalid(N_("The last character of this permanent residence ID does not match "
                             "the others (check character); please check every digit."),
                          "USA123456789012")
        return value
    raise Invalid(N_("A foreigner's permanent residence ID has 15 characters (3 letters and 12 "
                     "digits) or, since 2023, 18 characters starting with 9."),
                  "USA123456789012")


def passport(text: str) -> str:
    value = compact(text)
    if not re.fullmatch(r"[A-Z0-9]{5,20}", value):
        raise Invalid(N_("A passport number has 5 to 20 letters and digits."), "E12345678")
    return value


def representative_office(text: str) -> str:
    """外国企业常驻代表机构登记证: its number format was not found (filing-details §2.1);
    offices registered since 2015 carry a USCC, which is checked when given."""
    value = compact(text)
    if len(value) == 18:
        return credit_code(value)
    if not re.fullmatch(r"[0-9A-Z\-]{6,30}", value):
        raise Invalid(N_("Please enter the registration number exactly as on the certificate."),
                      "91310000MA1K312345")
    return value


_PERSONAL = {
    CertificateType.RESIDENT_ID: resident_id,
    CertificateType.HK_MACAO_PERMIT: hk_macao_permit,
    CertificateType.TAIWAN_PERMIT: taiwan_permit,
    CertificateType.RESIDENCE_PERMIT_HMT: residence_permit_hmt,
    CertificateType.FOREIGN_PERMANENT_ID: foreign_permanent_id,
    CertificateType.PASSPORT: passport,
    CertificateType.ORGANIZATION_CODE: organization_code,
    CertificateType.FOREIGN_REPRESENTATIVE_OFFICE: representative_office,
}


def certificate_number(certificate: CertificateType, text: str) -> str:
    """Validate a certificate number by the rules of its certificate type."""
    if certificate in USCC_CERTIFICATES:
        return credit_code(text)
    return _PERSONAL[certificate](text)


def certificate_note(certificate: CertificateType, value: str) -> Note | None:
    """A remark on an accepted number that is unusual but real."""
    if certificate is CertificateType.RESIDENT_ID:
        return resident_id_note(value)
    if certificate is CertificateType.TAIWAN_PERMIT:
        return taiwan_permit_note(value)
    if certificate in USCC_CERTIFICATES:
        return credit_code_note(value)
    return None
