"""Steps several flows share: who files, how to reach them, which website, which instance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dialogs import parsers as p
from dialogs.i18n import Translator
from dialogs.labels import (
    CERTIFICATES,
    ENTITY_TYPES,
    ORGANISATION_ONLY_CONTENT,
    WEBSITE_CONTENT,
)
from dialogs.steps import Answers, Step
from filing.masking import mask_email, mask_id, mask_name, mask_phone
from filing.text import N_
from filing.types import CERTIFICATES_BY_ENTITY, EntityType
from knowledge.regions import REGIONS, region_by_code


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


def _show_region(value: Any, _: Translator) -> str:
    region = region_by_code(value)
    return f"{region.short_zh} {region.name_en}"


def _show_label(labels: dict[str, str]) -> Any:
    def show(value: Any, translator: Translator) -> str:
        return translator.gettext(labels[value]) if value in labels else str(value)

    return show


def _masked(mask: Any) -> Any:
    def show(value: Any, _: Translator) -> str:
        return mask(str(value))

    return show


def _needs_landline(answers: Answers) -> bool:
    # Organisations give a real office landline; Tianjin asks individuals for one too (§3.2).
    return p.is_organisation(answers) or answers.get("region") == "CN-TJ"


REGION = Step("region", N_("In which province is the entity domiciled? Its Communications "
                           "Administration reviews the filing."),
              N_("Province"), "entity", parse=p.region, choices=_region_choices,
              translate_choices=False, display=_show_region)
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
REMARKS = Step("remarks", N_("Anything the reviewer should know? (optional)"), N_("Remarks"),
               "website", parse=p.free_text, optional=True)

ENTITY_STEPS = (REGION, ENTITY_TYPE, ENTITY_NAME, CERTIFICATE_TYPE, CERTIFICATE_NUMBER, ADDRESS,
                LEADER_NAME, LEADER_ID, LEADER_MOBILE, LEADER_EMAIL, LANDLINE)
WEBSITE_STEPS = (WEBSITE_NAME, DOMAIN, WEBSITE_CONTENT_STEP)


certificate_type_of = p.certificate_type_of
