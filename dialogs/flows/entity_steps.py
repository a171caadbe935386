"""Steps about the entity (主办单位) and its leader (主体负责人), ref §3.2.

Checks that depend on the province run at the step (``check``): a non-local individual where
only local IDs file, an entity leader who is not the legal representative where that is not
allowed, a mailing address outside the province. Older provincial rules only add a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dialogs import parsers as p
from dialogs.flows.shows import label_or_masked, masked, show_file, show_label
from dialogs.labels import CERTIFICATES, ENTITY_TYPES
from dialogs.steps import Answers, Step
from filing import people_rules as people
from filing import validation as v
from filing.data.entities import CERTIFICATES_BY_ENTITY, USCC_AUTHORITY
from filing.invalid import Note
from filing.masking import mask_email, mask_id, mask_name, mask_phone
from filing.text import N_
from filing.types import USCC_CERTIFICATES, CertificateType, EntityType
from knowledge.regions import REGIONS

YES_NO = (("yes", N_("Yes")), ("no", N_("No")))


def _region(answers: Answers) -> str:
    return str(answers.get("region", ""))


def _region_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    return [(region.code, region.short_zh if lang == "zh" else region.name_en)
            for region in REGIONS]


def _certificate_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    if p.is_individual(answers):
        allowed = people.individual_certificates(_region(answers))
    else:
        allowed = CERTIFICATES_BY_ENTITY.get(
            EntityType(answers.get("entity_type", "individual")), ())
    return [(certificate.value, CERTIFICATES[certificate]) for certificate in allowed]


def _several_certificates(answers: Answers) -> bool:
    return len(_certificate_choices(answers, "en")) > 1


def _name_fits_certificate(value: Any, answers: Answers) -> None:
    """A resident ID shows a Chinese name: the individual's name typed before must be one."""
    name = str(answers.get("entity_name", ""))
    if p.is_individual(answers) and name and value == CertificateType.RESIDENT_ID:
        v.person_name(name, CertificateType.RESIDENT_ID)


def _certificate_note(value: Any, answers: Answers) -> Note | None:
    return people.certificate_notes(_region(answers), CertificateType(value),
                                    p.is_individual(answers))


def _local_individual(value: Any, answers: Answers) -> None:
    if p.is_individual(answers):
        people.check_local(_region(answers), p.certificate_type_of(answers), str(value))


def _number_note(value: Any, answers: Answers) -> Note | None:
    certificate = p.certificate_type_of(answers)
    found = v.certificate_note(certificate, str(value))
    if found is not None or certificate not in USCC_CERTIFICATES:
        return found
    expected = USCC_AUTHORITY.get(EntityType(answers["entity_type"]), "")
    if expected and not str(value).startswith(expected):
        return (N_("This code looks like it was issued for another kind of organisation than "
                   "“{kind}”; check the entity type."),
                {"kind": str(answers["entity_type"])})
    return None


def _address_in_province(value: Any, answers: Answers) -> None:
    """Individuals: the local-ID rule; organisations file where they are registered (§6.2)."""
    if p.is_individual(answers):
        people.check_local(_region(answers), p.certificate_type_of(answers),
                           str(answers.get("certificate_number", "")), str(value))
        return
    named = v.province_of_address(str(value))
    if named is not None and named.code != _region(answers):
        raise v.Invalid(N_("An organisation files in the province of its registered address; "
                           "this address is in {home}. Choose {home} as the province, or give "
                           "the address on the certificate."),
                        home=named.code, region=_region(answers))


def _mailing_in_province(value: Any, answers: Answers) -> None:
    typed = answers.get("address", "") if value == "same" else value
    v.mailing_address(str(typed), _region(answers))


def _is_resident_individual(answers: Answers) -> bool:
    return p.is_individual(answers) and p.certificate_type_of(answers) is (
        CertificateType.RESIDENT_ID)


def needs_residence_permit(answers: Answers) -> bool:
    """A non-local individual where a local residence permit is required (§6.2, 2022+)."""
    return (_is_resident_individual(answers)
            and people.is_non_local(_region(answers), p.certificate_type_of(answers),
                                    str(answers.get("certificate_number", "")),
                                    str(answers.get("address", "")))
            and people.permit_required(_region(answers)))


def advises_residence_permit(answers: Answers) -> bool:
    """A residence permit the province asked for in older rules, or does not document."""
    return p.is_individual(answers) and people.permit_advised(
        _region(answers), p.certificate_type_of(answers),
        str(answers.get("certificate_number", "")), str(answers.get("address", "")))


def _investor_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    if answers.get("entity_type") in (EntityType.ENTERPRISE, EntityType.INDIVIDUAL_BUSINESS,
                                      EntityType.LAW_FIRM):
        return tuple(INVESTORS.items())
    return ()


def _leader_not_legal_rep(value: Any, answers: Answers) -> None:
    if value == "no":
        people.check_leader_not_legal_rep(_region(answers))


def _leader_certificate_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    return [(c.value, CERTIFICATES[c]) for c in people.leader_certificates(_region(answers))]


def _several_leader_certificates(answers: Answers) -> bool:
    return p.is_organisation(answers) and len(_leader_certificate_choices(answers, "en")) > 1


def _leader_certificate_note(value: Any, answers: Answers) -> Note | None:
    return people.certificate_notes(_region(answers), CertificateType(value), False)


def _needs_landline(answers: Answers) -> bool:
    # Organisations give a real office landline; Tianjin asks individuals for one too (§3.2).
    return p.is_organisation(answers) or answers.get("region") == "CN-TJ"


INVESTORS = {"self": N_("The organisation itself"), "leader": N_("Its legal representative")}
# A validity is a date, or the word the validator stores for a long-term certificate.
SHOW_VALIDITY = label_or_masked({v.LONG_TERM: N_("Long-term")}, str)
VALID_UNTIL_PROMPT = N_("Until when is the certificate valid? Give the date printed on it "
                        "(year-month-day), or “long-term” (长期). It must stay valid for more "
                        "than 3 months.")

REGION = Step("region", N_("In which province is the entity domiciled? Its Communications "
                           "Administration reviews the filing."),
              N_("Province"), "entity", parse=p.region, choices=_region_choices,
              translate_choices=False)
ENTITY_TYPE = Step("entity_type", N_("Who is filing?"), N_("Entity type"), "entity",
                   choices=tuple(ENTITY_TYPES.items()), display=show_label(ENTITY_TYPES))
ENTITY_NAME = Step("entity_name", N_("The entity's name, exactly as on its certificate (for an "
                                     "individual: your full name)."),
                   N_("Entity name"), "entity", parse=p.entity_name, sensitive=True,
                   display=masked(mask_name))
CERTIFICATE_TYPE = Step("certificate_type", N_("Which certificate identifies the entity?"),
                        N_("Certificate type"), "entity", choices=_certificate_choices,
                        when=_several_certificates, display=show_label(CERTIFICATES),
                        check=_name_fits_certificate, note=_certificate_note)
CERTIFICATE_NUMBER = Step("certificate_number", N_("The certificate number, exactly as printed "
                                                   "(capital X at the end of an ID number)."),
                          N_("Certificate number"), "entity", parse=p.certificate_number,
                          sensitive=True, display=masked(mask_id), check=_local_individual,
                          note=_number_note)
CERTIFICATE_VALID_UNTIL = Step("certificate_valid_until", VALID_UNTIL_PROMPT,
                               N_("Certificate valid until"), "entity", parse=p.valid_until,
                               when=p.is_individual, display=SHOW_VALIDITY)
ADDRESS = Step("address", N_("The entity's address as on the certificate, down to the house "
                             "number."),
               N_("Address"), "entity", parse=p.address, sensitive=True,
               display=masked(lambda value: value[:6] + "…"), check=_address_in_province)
RESIDENCE_PERMIT = Step("residence_permit", N_(
    "Your ID or address is from another province: this province files non-local individuals "
    "only with a local residence permit (居住证), valid at least one more month (Shanghai "
    "does not take a student ID). Please send a photo of it (Sichuan also takes a local "
    "student ID, social-security card or labour contract; Shandong a local student ID)."),
    N_("Residence permit"), "entity", when=needs_residence_permit,
    file_kind="residence_permit", display=show_file)
RESIDENCE_PERMIT_ADVISED = Step("residence_permit_advised", N_(
    "Your certificate or address is from outside this province. Many provinces ask such "
    "applicants for a local residence permit (居住证); this one's rule is old or not "
    "documented. Send a photo of your residence permit if you have one, or skip."),
    N_("Residence permit"), "entity", optional=True, when=advises_residence_permit,
    file_kind="residence_permit", display=show_file)
def _mailing_needed(answers: Answers) -> bool:
    """Asked only when the address is not plainly in the filing province: otherwise post
    reaches the entity there, and the mailing address is the address (one question less)."""
    home = v.province_of_address(str(answers.get("address", "")))
    return home is None or home.code != answers.get("region")


MAILING_ADDRESS = Step("mailing_address", N_(
    "The mailing address (通信地址), where post reaches the entity: it must lie in the "
    "province you file in, down to the house number."),
    N_("Mailing address"), "entity", parse=p.mailing_address, when=_mailing_needed,
    choices=(("same", N_("Same as the address above")),), sensitive=True,
    display=label_or_masked({"same": N_("Same as the address above")},
                            lambda value: value[:6] + "…"),
    check=_mailing_in_province)
INVESTOR = Step("investor", N_(
    "The investor or superior unit (投资人或主管单位): for an enterprise usually itself or its "
    "legal representative; for a government body, public institution or association the "
    "unit it reports to. Tap a button or type the full name."),
    N_("Investor or superior unit"), "entity", parse=p.organisation_or_person,
    choices=_investor_choices, when=p.is_organisation, sensitive=True,
    display=label_or_masked(INVESTORS, mask_name))
LEADER_IS_LEGAL_REP = Step("leader_is_legal_rep", N_(
    "Is the entity leader (主体负责人) the legal representative? Most provinces want the legal "
    "representative; otherwise a letter of authorisation is needed."),
    N_("Leader is the legal representative"), "entity", choices=YES_NO,
    when=p.is_organisation, display=show_label(dict(YES_NO)), check=_leader_not_legal_rep)
LEADER_CERTIFICATE_TYPE = Step("leader_certificate_type", N_(
    "Which certificate does the entity leader have? (A foreign legal representative usually "
    "files with the passport.)"),
    N_("Leader's certificate type"), "entity", choices=_leader_certificate_choices,
    when=_several_leader_certificates, display=show_label(CERTIFICATES),
    note=_leader_certificate_note)
LEADER_NAME = Step("leader_name", N_("Name of the entity leader (主体负责人), exactly as on the "
                                     "certificate."),
                   N_("Entity leader"), "entity", parse=p.leader_name, when=p.is_organisation,
                   sensitive=True, display=masked(mask_name))
LEADER_ID = Step("leader_id_number", N_("The entity leader's certificate number."),
                 N_("Entity leader's certificate number"), "entity", parse=p.leader_id_number,
                 when=p.is_organisation, sensitive=True, display=masked(mask_id))
LEADER_VALID_UNTIL = Step("leader_valid_until", VALID_UNTIL_PROMPT,
                          N_("Leader's certificate valid until"), "entity",
                          parse=p.valid_until, when=p.is_organisation,
                          display=SHOW_VALIDITY)
LEADER_MOBILE = Step("leader_mobile", N_("A mainland mobile number of the person in charge; "
                                         "MIIT sends the verification SMS to it."),
                     N_("Mobile number"), "entity", parse=p.mobile, sensitive=True,
                     display=masked(mask_phone))
LEADER_EMAIL = Step("leader_email", N_("An e-mail address for review results."),
                    N_("E-mail"), "entity", parse=p.email, sensitive=True,
                    display=masked(mask_email))
EMERGENCY_PHONE = Step("emergency_phone", N_("An emergency contact mobile that belongs to "
                                             "someone other than the person in charge."),
                       N_("Emergency phone"), "entity", parse=p.emergency_phone, sensitive=True,
                       display=masked(mask_phone))
LANDLINE = Step("landline", N_("An office landline with its area code."), N_("Landline"),
                "entity", parse=p.landline, when=_needs_landline, sensitive=True,
                display=masked(mask_phone))

ENTITY_ID_STEPS = (REGION, ENTITY_TYPE, ENTITY_NAME, CERTIFICATE_TYPE, CERTIFICATE_NUMBER)
LEADER_STEPS = (LEADER_IS_LEGAL_REP, LEADER_CERTIFICATE_TYPE, LEADER_NAME, LEADER_ID,
                LEADER_VALID_UNTIL)
CONTACT_STEPS = (*LEADER_STEPS, LEADER_MOBILE, LEADER_EMAIL)
ENTITY_STEPS = (*ENTITY_ID_STEPS, CERTIFICATE_VALID_UNTIL, ADDRESS, RESIDENCE_PERMIT,
                RESIDENCE_PERMIT_ADVISED, MAILING_ADDRESS, INVESTOR, *CONTACT_STEPS, LANDLINE,
                EMERGENCY_PHONE)
