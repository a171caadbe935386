"""Who may file, lead and administer, with which certificate, in which province.

Pure functions on plain values, used twice: by the form at the step (to offer only what the
province allows and to refuse at once) and by ``regional_rules`` on the whole order.
A rule whose source predates 2022 never refuses (``Dated.blocks``): it only adds a note.
"""

from __future__ import annotations

from filing.data import province_rules as rules
from filing.data.province_rules import Dated
from filing.invalid import Invalid, Note
from filing.text import N_
from filing.types import (
    FOREIGNER_CERTIFICATES,
    PERSONAL_CERTIFICATES,
    CertificateType,
)
from filing.validation import province_of_address
from knowledge.regions import region_of_resident_id


def _blocking(table: dict[str, Dated], region: str) -> Dated | None:
    dated = table.get(region)
    return dated if dated is not None and dated.blocks else None


def individual_certificates(region: str) -> tuple[CertificateType, ...]:
    """The certificates an individual can file with in ``region``."""
    if _blocking(rules.FOREIGN_INDIVIDUALS_REFUSED, region):
        return tuple(c for c in PERSONAL_CERTIFICATES if c not in FOREIGNER_CERTIFICATES)
    return PERSONAL_CERTIFICATES


def leader_certificates(region: str) -> tuple[CertificateType, ...]:
    """The certificates an organisation's entity leader can have in ``region``."""
    if _blocking(rules.LEADER_NEEDS_RESIDENT_ID, region):
        return (CertificateType.RESIDENT_ID,)
    return PERSONAL_CERTIFICATES


def home_region(certificate: CertificateType, number: str, address: str = "") -> str | None:
    """The province a person comes from: the resident ID's region, else the address's."""
    if certificate is CertificateType.RESIDENT_ID:
        issued = region_of_resident_id(number)
        if issued is not None:
            return issued.code
    named = province_of_address(address) if address else None
    return named.code if named is not None else None


def is_non_local(region: str, certificate: CertificateType, number: str,
                 address: str = "") -> bool:
    """A mainland resident whose ID or address is from another province (§6.2)."""
    if certificate is not CertificateType.RESIDENT_ID:
        return False
    issued = region_of_resident_id(number)
    named = home_region(certificate, "", address)
    return any(home is not None and home != region
               for home in (issued.code if issued else None, named))


def local_only(region: str) -> Dated | None:
    return rules.LOCAL_ID_ONLY.get(region)


def check_local(region: str, certificate: CertificateType, number: str,
                address: str = "") -> None:
    """Refuse a non-local individual where only local IDs file (a source of 2022 or later)."""
    dated = _blocking(rules.LOCAL_ID_ONLY, region)
    if dated is None or not is_non_local(region, certificate, number, address):
        return
    raise Invalid(N_("Rule of {region} (as of {as_of}, confirm in the console): "
                     "individuals file here only with a resident ID issued in "
                     "{region}; yours is from {home}. File in {home} instead, or let an "
                     "organisation domiciled in {region} file the website."),
                  region=region, as_of=dated.as_of,
                  home=home_region(certificate, number, address) or "")


def permit_required(region: str) -> bool:
    """A non-local individual must send a local residence permit (source 2022 or later)."""
    return _blocking(rules.NON_LOCAL_WITH_PERMIT, region) is not None


def permit_advised(region: str, certificate: CertificateType, number: str,
                   address: str = "") -> bool:
    """A residence permit is asked, skippable: older rules, or none documented (§6.2)."""
    if certificate in FOREIGNER_CERTIFICATES:
        return region in rules.FOREIGN_INDIVIDUAL_WITH_PERMIT
    if not is_non_local(region, certificate, number, address) or region in rules.LOCAL_ID_ONLY:
        return False
    return not permit_required(region)


def check_leader_not_legal_rep(region: str) -> None:
    dated = _blocking(rules.LEADER_MUST_BE_LEGAL_REP, region)
    if dated is not None:
        raise Invalid(N_("Rule of {region} (as of {as_of}, confirm in the console): "
                         "the entity leader must be the legal representative. "
                         "Enter the legal representative as the entity leader."),
                      region=region, as_of=dated.as_of)


def check_admin_other_person(region: str) -> None:
    dated = _blocking(rules.ADMIN_MUST_BE_LEGAL_REP, region)
    if dated is not None:
        raise Invalid(N_("Rule of {region} (as of {as_of}, confirm in the console): "
                         "the website administrator must be the legal "
                         "representative, who is also the entity leader."),
                      region=region, as_of=dated.as_of)


def needs_leader_authorization(region: str) -> Dated | None:
    return rules.LEADER_AUTHORIZATION.get(region)


def needs_admin_authorization(region: str) -> Dated | None:
    return rules.ADMIN_AUTHORIZATION.get(region)


def certificate_notes(region: str, certificate: CertificateType, individual: bool) -> Note | None:
    """Older provincial rules about a certificate type, shown when it is chosen."""
    params: dict[str, str]
    dated = rules.HK_RESIDENTS_USE_PASSPORT.get(region)
    if dated is not None and certificate is CertificateType.HK_MACAO_PERMIT:
        params = {"region": region, "as_of": dated.as_of}
        return (N_("Rule of {region} (as of {as_of}, confirm in the console): "
                   "Hong Kong residents file with their passport, not the "
                   "home-return permit."), params)
    dated = rules.FOREIGN_INDIVIDUAL_WITH_PERMIT.get(region)
    if individual and dated is not None and certificate in FOREIGNER_CERTIFICATES:
        params = {"region": region, "as_of": dated.as_of}
        return (N_("Rule of {region} (as of {as_of}, confirm in the console): "
                   "foreigners file as individuals with their passport and a "
                   "local residence permit."), params)
    if individual and certificate is not CertificateType.RESIDENT_ID and local_only(region):
        dated = rules.LOCAL_ID_ONLY[region]
        params = {"region": region, "as_of": dated.as_of}
        return (N_("Rule of {region} (as of {as_of}, confirm in the console): "
                   "individuals file here with a local resident ID; how other "
                   "certificates are treated is not documented, so ask the provider first."),
                params)
    return None
