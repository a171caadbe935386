"""Steps about one website (ref §3.3, filing-details §4): its name, domain, content, languages,
pre-approval and administrator (网站负责人). They form the group that the "another website?"
loop files away, so every website of an order has all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dialogs import parsers as p
from dialogs.flows.entity_steps import SHOW_VALIDITY, VALID_UNTIL_PROMPT
from dialogs.flows.shows import masked, show_file, show_label, show_labels
from dialogs.labels import CERTIFICATES, PRE_APPROVALS, WEBSITE_CONTENT, WEBSITE_LANGUAGES
from dialogs.steps import Answers, Step
from filing import people_rules as people
from filing import validation as v
from filing.data import pre_approvals
from filing.data import province_rules as province
from filing.data.website_options import ORGANISATION_ONLY_CONTENT
from filing.invalid import Note
from filing.masking import mask_email, mask_id, mask_name, mask_phone
from filing.regional_rules import needs_domain_certificate
from filing.site_rules import approval_missing_for_name
from filing.text import N_
from filing.types import PERSONAL_CERTIFICATES, CertificateType


def _region(answers: Answers) -> str:
    return str(answers.get("region", ""))


def _content_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    individual = p.is_individual(answers)
    return [(value, label) for value, label in WEBSITE_CONTENT.items()
            if not (individual and value in ORGANISATION_ONLY_CONTENT)]


ABROAD = ("abroad", N_("It is at a registrar outside the mainland"))


def _holder_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    if p.is_individual(answers):
        return (("entity", N_("Yes, to me (same name and ID)")),
                ("other", N_("No, to someone else")), ABROAD)
    return (("entity", N_("Yes, to the organisation itself")),
            ("leader", N_("To its legal representative")),
            ("other", N_("No, to someone else")), ABROAD)


def _holder_is_entity(value: Any, answers: Answers) -> None:
    """ref §4.2: a mainland registrar, and the real-name holder is the entity (or, where
    allowed, its leader)."""
    if value == "abroad":
        raise v.Invalid(N_("Only domains at a registrar licensed by MIIT in the mainland can be "
                           "filed. Transfer the domain to a mainland registrar (e.g. Alibaba "
                           "Cloud China site, Tencent Cloud, Huawei Cloud) first."))
    if value == "other":
        raise v.Invalid(N_("The domain's real-name holder must be the filing entity itself "
                           "(same name, certificate type and number). Transfer the domain to "
                           "the entity or update its real-name verification at the registrar "
                           "first, then wait 2–3 days until MIIT has the data."))
    rule = province.HOLDER_MUST_BE_ORGANISATION.get(_region(answers))
    if value == "leader" and rule is not None and rule.blocks:
        raise v.Invalid(N_("Rule of {region} (as of {as_of}, confirm in the console): the "
                           "domain must be registered to the organisation itself, not to its "
                           "legal representative. Transfer it at the registrar first."),
                        region=_region(answers), as_of=rule.as_of)


def _pre_approval_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    return (("none", N_("None of these")), *PRE_APPROVALS.items())


def _pre_approval_fits(value: Any, answers: Answers) -> None:
    if value != "none":
        v.pre_approval_allowed(str(value), p.entity_type_of(answers))
    missing = approval_missing_for_name(str(answers.get("website_name", "")),
                                        "" if value == "none" else str(value),
                                        _region(answers))
    if missing is not None:
        raise v.Invalid(missing[0], **missing[1])


def _pre_approval_note(value: Any, answers: Answers) -> Note | None:
    category = pre_approvals.BY_KEY.get(str(value))
    if category is None:
        return None
    if category.abolished or (category.kept_in and _region(answers) not in category.kept_in):
        return (N_("Most provinces no longer ask for this approval (abolished by 2017); add "
                   "it only if your province or the console asks for it."), {})
    return None


def _not_individual(answers: Answers) -> bool:
    return not p.is_individual(answers)


def _has_pre_approval(answers: Answers) -> bool:
    return answers.get("pre_approval") not in (None, "", "none")


def _finance_commitment(answers: Answers) -> bool:
    return answers.get("pre_approval") == "finance" and (
        _region(answers) in province.FINANCE_COMMITMENT)


def _other_admin(answers: Answers) -> bool:
    """The administrator's own data is asked only when it is another person (organisations:
    for an individual the administrator is the applicant, ref §3.3 [TC-site-fields])."""
    return p.is_organisation(answers) and answers.get("admin_same") == "other"


def _admin_other_person(value: Any, answers: Answers) -> None:
    if value == "other":
        people.check_admin_other_person(_region(answers))


def _admin_certificate_choices(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    return [(c.value, CERTIFICATES[c]) for c in PERSONAL_CERTIFICATES]


def _admin_resident_id(answers: Answers) -> bool:
    return _other_admin(answers) and p.admin_certificate_of(answers) is (
        CertificateType.RESIDENT_ID)


def _admin_other_document(answers: Answers) -> bool:
    return _other_admin(answers) and not _admin_resident_id(answers)


def _admin_mobile_differs(value: Any, answers: Answers) -> None:
    if value == answers.get("leader_mobile"):
        raise v.Invalid(N_("The website administrator is another person than the entity "
                           "leader, so the two need different mobile numbers."))


def _admin_emergency(text: str, answers: Answers) -> str:
    return v.emergency_phone(text, p.mobiles_given(answers))


def _admin_authorization_required(answers: Answers) -> bool:
    rule = people.needs_admin_authorization(_region(answers))
    return _other_admin(answers) and rule is not None and rule.blocks


def _admin_authorization_advised(answers: Answers) -> bool:
    rule = people.needs_admin_authorization(_region(answers))
    return _other_admin(answers) and (rule is None or not rule.blocks)


def _wants_domain_certificate(answers: Answers) -> bool:
    return needs_domain_certificate(_region(answers), len(answers.get("websites", [])) + 1)


WEBSITE_NAME = Step("website_name", N_("The website's name: at least 3 Chinese characters that "
                                       "describe its content."),
                    N_("Website name"), "website", parse=p.website_name)
DOMAIN = Step("domain", N_("The website's registered domain, e.g. example.com (one domain per "
                           "website; not www. or a sub-domain, no IP address)."),
              N_("Domain"), "website", parse=p.domain)
DOMAIN_HOLDER = Step("domain_holder", N_("Is this domain real-name registered to the entity "
                                         "(same name and certificate) at its registrar? The "
                                         "registrar must be one in the Chinese mainland (e.g. "
                                         "Alibaba Cloud China site, Tencent Cloud, Huawei "
                                         "Cloud)."),
                     N_("Domain holder"), "website", choices=_holder_choices,
                     display=show_label({"entity": N_("The entity"),
                                         "leader": N_("The legal representative"),
                                         "other": N_("Someone else")}),
                     check=_holder_is_entity)
DOMAIN_EXPIRY = Step("domain_expiry", N_("When does the domain's registration expire? "
                                         "(year-month-day, as the registrar shows it; at least "
                                         "3 months must be left)"),
                     N_("Domain expires"), "website", parse=p.domain_expiry)
WEBSITE_CONTENT_STEP = Step("website_content", N_("What will the website offer?"),
                            N_("Website content"), "website", choices=_content_choices,
                            display=show_label(WEBSITE_CONTENT))
LANGUAGES = Step("languages", N_("In which languages is the website? Tap one, or type them "
                                 "all, e.g. Chinese, English, Uyghur."),
                 N_("Languages"), "website", parse=p.languages,
                 # Nearly every site is in Chinese: shown on the summary to change there.
                 at_summary=True, default="zh-Hans",
                 choices=(("zh-Hans", N_("Chinese (Simplified)")),
                          ("zh-Hans,en", N_("Chinese and English")),
                          ("en", N_("English"))),
                 display=show_labels(WEBSITE_LANGUAGES))
PRE_APPROVAL = Step("pre_approval", N_(
    "Does the website offer content that needs a sector approval (前置审批) before filing? "
    "Choose the sector, or “None of these”. Only organisations can hold such approvals."),
    N_("Pre-approval"), "website", choices=_pre_approval_choices,
    when=_not_individual,  # individuals cannot hold any (§3.3): their name step checks
    display=show_label({"none": N_("None of these"), **PRE_APPROVALS}),
    check=_pre_approval_fits, note=_pre_approval_note, listed=True)
PRE_APPROVAL_NUMBER = Step("pre_approval_number", N_("The approval document's number, exactly "
                                                     "as printed (“none” if it has none)."),
                           N_("Approval number"), "website", parse=p.approval_number,
                           when=_has_pre_approval)
PRE_APPROVAL_DOCUMENT = Step("pre_approval_document", N_("Please send a scan or photo of the "
                                                         "approval document."),
                             N_("Approval document"), "website", when=_has_pre_approval,
                             file_kind="pre_approval_document", display=show_file)
FINANCE_COMMITMENT = Step("finance_commitment", N_(
    "Guangdong asks finance websites for a commitment letter (承诺书) not to offer online "
    "financial services without the regulator's approval, sealed and signed by the legal "
    "representative (rule since 2016, confirm in the console). Send it, or skip."),
    N_("Finance commitment letter"), "website", optional=True, when=_finance_commitment,
    file_kind="finance_commitment", display=show_file)
ADMIN_SAME = Step("admin_same", N_(
    "Who is the website administrator (网站负责人)? MIIT's verification SMS for this website "
    "goes to the administrator's mobile, and the administrator does the face check."),
    N_("Website administrator"), "website",
    choices=(("leader", N_("Same as the entity leader")), ("other", N_("Someone else"))),
    when=p.is_organisation,
    display=show_label({"leader": N_("Same as the entity leader"),
                        "other": N_("Someone else")}),
    check=_admin_other_person, listed=True)
ADMIN_CERTIFICATE_TYPE = Step("admin_certificate_type", N_("Which certificate does the website "
                                                           "administrator have?"),
                              N_("Administrator's certificate type"), "website",
                              choices=_admin_certificate_choices, when=_other_admin,
                              display=show_label(CERTIFICATES))
ADMIN_NAME = Step("admin_name", N_("The website administrator's name, exactly as on the "
                                   "certificate."),
                  N_("Administrator's name"), "website", parse=p.admin_name, when=_other_admin,
                  sensitive=True, display=masked(mask_name), listed=True)
ADMIN_ID = Step("admin_id_number", N_("The website administrator's certificate number."),
                N_("Administrator's certificate number"), "website", parse=p.admin_id_number,
                when=_other_admin, sensitive=True, display=masked(mask_id))
ADMIN_VALID_UNTIL = Step("admin_valid_until", VALID_UNTIL_PROMPT,
                         N_("Administrator's certificate valid until"), "website",
                         parse=p.valid_until, when=_other_admin, display=SHOW_VALIDITY)
ADMIN_MOBILE = Step("admin_mobile", N_("The website administrator's mainland mobile number "
                                       "(the MIIT SMS goes to it)."),
                    N_("Administrator's mobile"), "website", parse=p.mobile, when=_other_admin,
                    sensitive=True, display=masked(mask_phone), check=_admin_mobile_differs)
ADMIN_EMAIL = Step("admin_email", N_("The website administrator's e-mail address."),
                   N_("Administrator's e-mail"), "website", parse=p.email, when=_other_admin,
                   sensitive=True, display=masked(mask_email))
ADMIN_EMERGENCY = Step("admin_emergency_phone", N_(
    "An emergency mobile for the website administrator: another person's number, different "
    "from the mobiles given so far."),
    N_("Administrator's emergency phone"), "website", parse=_admin_emergency, when=_other_admin,
    sensitive=True, display=masked(mask_phone))
ADMIN_ID_FRONT = Step("admin_id_front", N_("A photo of the front of the website "
                                           "administrator's ID card (the side with the photo)."),
                      N_("Administrator's ID card, front"), "website", when=_admin_resident_id,
                      file_kind="admin_id_front", display=show_file)
ADMIN_ID_BACK = Step("admin_id_back", N_("And the back of the website administrator's ID card "
                                         "(the side with the national emblem)."),
                     N_("Administrator's ID card, back"), "website", when=_admin_resident_id,
                     file_kind="admin_id_back", display=show_file)
ADMIN_DOCUMENT = Step("admin_document", N_("A scan of the website administrator's certificate "
                                           "(the page with the photo and number)."),
                      N_("Administrator's certificate, scan"), "website",
                      when=_admin_other_document, file_kind="admin_document", display=show_file)
ADMIN_AUTHORIZATION = Step("admin_authorization", N_(
    "This province wants a letter of authorisation (ICP负责人授权书) in which the legal "
    "representative appoints the website administrator, signed and sealed; Shanghai has its "
    "own form (上海非经营性互联网信息服务备案ICP负责人授权书). Please send it."),
    N_("Administrator's authorisation"), "website", when=_admin_authorization_required,
    file_kind="admin_authorization", display=show_file)
ADMIN_AUTHORIZATION_ADVISED = Step("admin_authorization_advised", N_(
    "An administrator who is not the legal representative usually needs a letter of "
    "authorisation (ICP负责人授权书) signed by the legal representative. Send it if you have it, "
    "or skip."),
    N_("Administrator's authorisation"), "website", optional=True,
    when=_admin_authorization_advised, file_kind="admin_authorization", display=show_file)
DOMAIN_CERTIFICATE = Step("domain_certificate", N_("This province may ask for the domain "
                                                   "certificate (from your registrar). Send it "
                                                   "as a photo or PDF, or skip."),
                          N_("Domain certificate"), "website", optional=True,
                          when=_wants_domain_certificate, file_kind="domain_certificate",
                          display=show_file)

ADMIN_STEPS = (ADMIN_SAME, ADMIN_CERTIFICATE_TYPE, ADMIN_NAME, ADMIN_ID, ADMIN_VALID_UNTIL,
               ADMIN_MOBILE, ADMIN_EMAIL, ADMIN_EMERGENCY, ADMIN_ID_FRONT, ADMIN_ID_BACK,
               ADMIN_DOCUMENT, ADMIN_AUTHORIZATION, ADMIN_AUTHORIZATION_ADVISED)
SITE_STEPS = (WEBSITE_NAME, DOMAIN, DOMAIN_HOLDER, DOMAIN_EXPIRY,
              WEBSITE_CONTENT_STEP, LANGUAGES, PRE_APPROVAL, PRE_APPROVAL_NUMBER,
              PRE_APPROVAL_DOCUMENT, FINANCE_COMMITMENT, *ADMIN_STEPS, DOMAIN_CERTIFICATE)
WEBSITE_GROUP = tuple(step.field for step in SITE_STEPS)
