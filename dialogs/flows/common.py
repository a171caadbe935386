"""Steps several flows share: who files, how to reach them, which website, which instance,
which materials; and the helpers that turn those answers into parts of a ``FilingOrder``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from dialogs import parsers as p
from dialogs.i18n import Translator
from dialogs.labels import (
    CERTIFICATES,
    ENTITY_TYPES,
    ORGANISATION_ONLY_CONTENT,
    WEBSITE_CONTENT,
)
from dialogs.steps import Answers, Display, Step
from filing.masking import mask_email, mask_id, mask_name, mask_phone
from filing.model import Entity, Material, Person, Website
from filing.regional_rules import NON_LOCAL_WITH_PERMIT, needs_domain_certificate
from filing.text import N_
from filing.types import CERTIFICATES_BY_ENTITY, CertificateType, EntityType
from knowledge.regions import REGIONS, region_of_resident_id


def _region_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    return [(region.code, region.short_zh if lang == "zh" else region.name_en)
            for region in REGIONS]


def _certificate_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    allowed = CERTIFICATES_BY_ENTITY.get(EntityType(answers.get("entity_type", "individual")), ())
    return [(certificate.value, CERTIFICATES[certificate]) for certificate in allowed]


def _content_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    individual = p.is_individual(answers)
    return [(value, label) for value, label in WEBSITE_CONTENT.items()
            if not (individual and value in ORGANISATION_ONLY_CONTENT)]


def _several_certificates(answers: Answers) -> bool:
    return len(_certificate_choices(answers, "en")) > 1


def _show_label(labels: dict[str, str]) -> Display:
    def show(value: object, translator: Translator) -> str:
        return translator.gettext(labels[str(value)]) if value in labels else str(value)

    return show


def _masked(mask: Callable[[str], str]) -> Display:
    def show(value: object, _: Translator) -> str:
        return mask(str(value))

    return show


def _needs_landline(answers: Answers) -> bool:
    # Organisations give a real office landline; Tianjin asks individuals for one too (§3.2).
    return p.is_organisation(answers) or answers.get("region") == "CN-TJ"


REGION = Step("region", N_("In which province is the entity domiciled? Its Communications "
                           "Administration reviews the filing."),
              N_("Province"), "entity", parse=p.region, choices=_region_choices,
              translate_choices=False)
ENTITY_TYPE = Step("entity_type", N_("Who is filing?"), N_("Entity type"), "entity",
                   choices=tuple(ENTITY_TYPES.items()), display=_show_label(ENTITY_TYPES))
ENTITY_NAME = Step("entity_name", N_("The entity's name, exactly as on its certificate (for an "
                                     "individual: your full name)."),
                   N_("Entity name"), "entity", parse=p.entity_name, sensitive=True,
                   display=_masked(mask_name))
CERTIFICATE_TYPE = Step("certificate_type", N_("Which certificate identifies the entity?"),
                        N_("Certificate type"), "entity", choices=_certificate_choices,
                        when=_several_certificates, display=_show_label(CERTIFICATES))
CERTIFICATE_NUMBER = Step("certificate_number", N_("The certificate number, exactly as printed "
                                                   "(capital X at the end of an ID number)."),
                          N_("Certificate number"), "entity", parse=p.certificate_number,
                          sensitive=True, display=_masked(mask_id))
ADDRESS = Step("address", N_("The entity's address as on the certificate, down to the house "
                             "number."),
               N_("Address"), "entity", parse=p.address, sensitive=True,
               display=_masked(lambda value: value[:6] + "…"))
LEADER_NAME = Step("leader_name", N_("Name of the entity leader (主体负责人), usually the legal "
                                     "representative."),
                   N_("Entity leader"), "entity", parse=p.person_name, when=p.is_organisation,
                   sensitive=True, display=_masked(mask_name))
LEADER_ID = Step("leader_id_number", N_("The entity leader's resident ID number."),
                 N_("Entity leader's ID number"), "entity", parse=p.resident_id,
                 when=p.is_organisation, sensitive=True, display=_masked(mask_id))
LEADER_MOBILE = Step("leader_mobile", N_("A mainland mobile number of the person in charge; "
                                         "MIIT sends the verification SMS to it."),
                     N_("Mobile number"), "entity", parse=p.mobile, sensitive=True,
                     display=_masked(mask_phone))
LEADER_EMAIL = Step("leader_email", N_("An e-mail address for review results."),
                    N_("E-mail"), "entity", parse=p.email, sensitive=True,
                    display=_masked(mask_email))
LANDLINE = Step("landline", N_("An office landline with its area code."), N_("Landline"),
                "entity", parse=p.landline, when=_needs_landline, sensitive=True,
                display=_masked(mask_phone))
WEBSITE_NAME = Step("website_name", N_("The website's name: at least 3 Chinese characters that "
                                       "describe its content."),
                    N_("Website name"), "website", parse=p.website_name)
DOMAIN = Step("domain", N_("The website's domain, e.g. example.com (one domain per website, no "
                           "www, no IP address)."),
              N_("Domain"), "website", parse=p.domain)
WEBSITE_CONTENT_STEP = Step("website_content", N_("What will the website offer?"),
                            N_("Website content"), "website", choices=_content_choices,
                            display=_show_label(WEBSITE_CONTENT))
SERVICE_CODE = Step("service_code", N_("The filing service code of your mainland instance "
                                       "(generated in the provider console)."),
                    N_("Service code"), "access", parse=p.service_code)
EMERGENCY_PHONE = Step("emergency_phone", N_("An emergency contact mobile that belongs to "
                                             "someone other than the person in charge."),
                       N_("Emergency phone"), "entity", parse=p.mobile, sensitive=True,
                       display=_masked(mask_phone))
ENTITY_FILING_NUMBER = Step("entity_filing_number", N_("The entity's filing number, e.g. "
                                                       "浙ICP备12345678号."),
                            N_("Entity filing number"), "entity", parse=p.entity_filing_number)
WEBSITE_FILING_NUMBER = Step("filing_number", N_("The website's filing number, e.g. "
                                                 "浙ICP备12345678号-1."),
                             N_("Website filing number"), "website",
                             parse=p.website_filing_number)


def _holder_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    if p.is_individual(answers):
        return (("entity", N_("Yes, to me (same name and ID)")),
                ("other", N_("No, to someone else")))
    return (("entity", N_("Yes, to the organisation itself")),
            ("leader", N_("To its legal representative")),
            ("other", N_("No, to someone else")))


def _show_file(value: Any, _: Translator) -> str:
    return str(value.get("file_name", "")) if isinstance(value, dict) else str(value)


def _wants_domain_certificate(answers: Answers) -> bool:
    return needs_domain_certificate(answers.get("region", ""),
                                    len(answers.get("websites", [])) + 1)


DOMAIN_HOLDER = Step("domain_holder", N_("Is this domain real-name registered to the entity "
                                         "(same name and certificate) at the registrar?"),
                     N_("Domain holder"), "website", choices=_holder_choices,
                     display=_show_label({"entity": N_("The entity"),
                                          "leader": N_("The legal representative"),
                                          "other": N_("Someone else")}))
DOMAIN_CERTIFICATE = Step("domain_certificate", N_("This province may ask for the domain "
                                                   "certificate (from your registrar). Send it "
                                                   "as a photo or PDF, or skip."),
                          N_("Domain certificate"), "materials", optional=True,
                          when=_wants_domain_certificate, file_kind="domain_certificate",
                          display=_show_file)
YES_NO = (("yes", N_("Yes")), ("no", N_("No")))


def another_website(group: tuple[str, ...], loop_to: str) -> Step:
    """The "one more website?" step: yes files this website away and asks the next one."""
    # Optional: no answer means no further website (e.g. an order corrected after review).
    return Step("another_website", N_("Add another website to this order?"),
                N_("Another website"), "website",
                choices=(("no", N_("No, that's all")), ("yes", N_("Yes, add another"))),
                optional=True, loop_to=loop_to, group=group, collect_as="websites")


def _resident_id_holder(answers: Answers) -> bool:
    return p.is_individual(answers) and (
        p.certificate_type_of(answers) is CertificateType.RESIDENT_ID)


def _other_personal_document(answers: Answers) -> bool:
    return p.is_individual(answers) and not _resident_id_holder(answers)


def needs_residence_permit(answers: Answers) -> bool:
    """A non-local individual in a province that takes non-locals with a permit (§6.2)."""
    if not _resident_id_holder(answers) or answers.get("region") not in NON_LOCAL_WITH_PERMIT:
        return False
    issued = region_of_resident_id(str(answers.get("certificate_number", "")))
    return issued is not None and issued.code != answers.get("region")


def _material(field: str, prompt: str, label: str, kind: str, when: Any) -> Step:
    return Step(field, prompt, label, "materials", when=when, file_kind=kind,
                display=_show_file)


ID_FRONT = _material("id_card_front", N_("Please send a photo of the front of your ID card "
                                         "(the side with your photo), taken from the original."),
                     N_("ID card, front"), "id_card_front", _resident_id_holder)
ID_BACK = _material("id_card_back", N_("Now the back of your ID card (the side with the "
                                       "national emblem)."),
                    N_("ID card, back"), "id_card_back", _resident_id_holder)
IDENTITY_DOCUMENT = _material("identity_document", N_("Please send a scan of your identity "
                                                      "document (the pages with your photo "
                                                      "and number)."),
                              N_("Identity document"), "identity_document",
                              _other_personal_document)
ENTITY_CERTIFICATE = _material("entity_certificate", N_("Please send a photo or scan of the "
                                                        "entity's certificate (the original, "
                                                        "e.g. the business licence)."),
                               N_("Entity certificate"), "entity_certificate", p.is_organisation)
LEADER_ID_FRONT = _material("leader_id_front", N_("A photo of the front of the entity leader's "
                                                  "ID card."),
                            N_("Leader's ID card, front"), "leader_id_front", p.is_organisation)
LEADER_ID_BACK = _material("leader_id_back", N_("And the back of the entity leader's ID card."),
                           N_("Leader's ID card, back"), "leader_id_back", p.is_organisation)
RESIDENCE_PERMIT = _material("residence_permit", N_(
    "Your ID was issued in another province: this province accepts you with a local residence "
    "permit or temporary residence permit. Please send a photo of it (Sichuan also takes a "
    "local student ID, social-security card or labour contract; Shandong a local student ID)."),
    N_("Residence permit"), "residence_permit", needs_residence_permit)
IDENTITY_MATERIALS = (ID_FRONT, ID_BACK, IDENTITY_DOCUMENT, ENTITY_CERTIFICATE, LEADER_ID_FRONT,
                      LEADER_ID_BACK, RESIDENCE_PERMIT)

REMARKS = Step("remarks", N_("Anything the reviewer should know? (optional)"), N_("Remarks"),
               "website", parse=p.free_text, optional=True)

ENTITY_ID_STEPS = (REGION, ENTITY_TYPE, ENTITY_NAME, CERTIFICATE_TYPE, CERTIFICATE_NUMBER)
CONTACT_STEPS = (LEADER_NAME, LEADER_ID, LEADER_MOBILE, LEADER_EMAIL)
ENTITY_STEPS = (*ENTITY_ID_STEPS, ADDRESS, *CONTACT_STEPS, LANDLINE, EMERGENCY_PHONE)
WEBSITE_GROUP = ("website_name", "domain", "website_content", "domain_holder",
                 "domain_certificate")
WEBSITE_STEPS = (WEBSITE_NAME, DOMAIN, WEBSITE_CONTENT_STEP, DOMAIN_HOLDER, DOMAIN_CERTIFICATE,
                 another_website(WEBSITE_GROUP, "website_name"))


def all_items(answers: Answers) -> list[Answers]:
    """The websites of the order: those collected by the loop, then the current one."""
    return [*answers.get("websites", []), answers]


def websites_from(answers: Answers, leader: Person | None = None) -> list[Website]:
    return [Website(item.get("website_name", ""), item["domain"], item.get("website_content", ""),
                    leader, item.get("filing_number", ""))
            for item in all_items(answers) if item.get("domain")]


def materials_from(answers: Answers) -> list[Material]:
    """Every uploaded file of the order, including those of earlier websites."""
    metas = [value for item in all_items(answers) for value in item.values()
             if isinstance(value, dict) and "storage_key" in value]
    return [Material(meta["kind"], meta["file_name"], meta["content_type"], meta["size"],
                     meta["storage_key"], meta["sha256"]) for meta in metas]


HOLDER_RANK = {"entity": 0, "leader": 1, "other": 2}


def holder_details(answers: Answers) -> dict[str, str]:
    """The weakest domain-holder answer of the order and the domains it concerns."""
    items = [item for item in all_items(answers) if item.get("domain_holder")]
    if not items:
        return {}
    worst = max((item["domain_holder"] for item in items), key=lambda h: HOLDER_RANK.get(h, 0))
    domains = [item["domain"] for item in items if item["domain_holder"] == worst]
    return {"domain_holder": worst, "domains_not_held": ", ".join(domains)}


certificate_type_of = p.certificate_type_of


def entity_from(answers: Answers) -> Entity:
    """The entity as the answers describe it (for an individual the leader is the person)."""
    certificate = certificate_type_of(answers)
    if p.is_individual(answers):
        leader = Person(answers["entity_name"], certificate, answers["certificate_number"],
                        answers.get("leader_mobile", ""), answers.get("leader_email", ""))
    else:
        leader = Person(answers.get("leader_name", ""), CertificateType.RESIDENT_ID,
                        answers.get("leader_id_number", ""), answers.get("leader_mobile", ""),
                        answers.get("leader_email", ""))
    return Entity(EntityType(answers["entity_type"]), answers["entity_name"], certificate,
                  answers["certificate_number"], answers["region"], answers.get("address", ""),
                  leader, answers.get("landline", ""), answers.get("entity_filing_number", ""))


def details_from(answers: Answers, *fields: str) -> dict[str, str]:
    """Type-specific facts kept on the order under their step names (see dialogs.resubmit)."""
    return {name: str(answers[name]) for name in fields if answers.get(name) not in (None, "")}


def gated(condition: Callable[[Answers], bool], *steps: Step) -> tuple[Step, ...]:
    """``steps`` asked only while ``condition`` holds (on top of their own conditions)."""
    def both(step: Step) -> Callable[[Answers], bool]:
        own = step.when
        return lambda answers: condition(answers) and (own is None or own(answers))

    return tuple(replace(step, when=both(step)) for step in steps)


def only_if(field: str, *values: str) -> Callable[[Answers], bool]:
    return lambda answers: answers.get(field) in values


def refusal(field: str, prompt: str, when: Callable[[Answers], bool]) -> Step:
    """An explained refusal: its one button leads on to the recommended operation."""
    return Step(field, prompt, N_("Why this does not fit"), "check", when=when,
                choices=(("ok", N_("Show me the right operation")),))
