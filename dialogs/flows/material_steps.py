"""The entity's materials (资料, ref §3.5): certificates, authorisations, the authenticity
commitment and the documents some provinces add. Each prompt says in one sentence what the
document is. A material from a rule dated 2022 or later is required; from an older rule it is
asked but can be skipped (``filing.data.province_rules``).
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs import parsers as p
from dialogs.flows.shows import show_file
from dialogs.steps import Answers, Step
from filing import people_rules as people
from filing.data import province_rules as province
from filing.data.province_rules import Dated
from filing.text import N_
from filing.types import CertificateType


def _region(answers: Answers) -> str:
    return str(answers.get("region", ""))


def _material(field: str, prompt: str, label: str, kind: str,
              when: Callable[[Answers], bool], optional: bool = False,
              at_summary: bool = False) -> Step:
    return Step(field, prompt, label, "materials", when=when, file_kind=kind,
                display=show_file, optional=optional, at_summary=at_summary)


def _resident_id_holder(answers: Answers) -> bool:
    return p.is_individual(answers) and (
        p.certificate_type_of(answers) is CertificateType.RESIDENT_ID)


def _other_personal_document(answers: Answers) -> bool:
    return p.is_individual(answers) and not _resident_id_holder(answers)


def _leader_resident_id(answers: Answers) -> bool:
    return p.is_organisation(answers) and (
        p.leader_certificate_of(answers) is CertificateType.RESIDENT_ID)


def _leader_other_document(answers: Answers) -> bool:
    return p.is_organisation(answers) and not _leader_resident_id(answers)


def _not_legal_rep(answers: Answers) -> bool:
    return p.is_organisation(answers) and answers.get("leader_is_legal_rep") == "no"


def _rule(table: dict[str, Dated], answers: Answers) -> Dated | None:
    return table.get(_region(answers))


def _leader_authorization_required(answers: Answers) -> bool:
    rule = people.needs_leader_authorization(_region(answers))
    return _not_legal_rep(answers) and rule is not None and rule.blocks


def _leader_authorization_advised(answers: Answers) -> bool:
    rule = people.needs_leader_authorization(_region(answers))
    return _not_legal_rep(answers) and (rule is None or not rule.blocks)


def _jiangsu_documents(answers: Answers) -> bool:
    rule = _rule(province.AUTHENTICITY_NOTICE_AND_COMMITMENT, answers)
    return rule is not None and rule.blocks


def _party_building(answers: Answers) -> bool:
    return _rule(province.PARTY_BUILDING_CERTIFICATE, answers) is not None


def _websites(answers: Answers) -> int:
    return len(answers.get("websites", [])) + (1 if answers.get("domain") else 0)


def _proposal_limit(answers: Answers) -> tuple[int | None, Dated | None]:
    rule = province.CONSTRUCTION_PROPOSAL.get(_region(answers))
    if rule is None:
        return None, None
    limit = rule.organisations_above if p.is_organisation(answers) else rule.individuals_above
    return limit, rule.dated


def _proposal_required(answers: Answers) -> bool:
    # An older rule's proposal is a note on the summary (regional_rules), not a step.
    limit, dated = _proposal_limit(answers)
    return (limit is not None and dated is not None and dated.blocks
            and _websites(answers) > limit)


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
                                                        "entity's certificate (the paper "
                                                        "original, e.g. the business licence)."),
                               N_("Entity certificate"), "entity_certificate", p.is_organisation)
LEADER_ID_FRONT = _material("leader_id_front", N_("A photo of the front of the entity leader's "
                                                  "ID card."),
                            N_("Leader's ID card, front"), "leader_id_front", _leader_resident_id)
LEADER_ID_BACK = _material("leader_id_back", N_("And the back of the entity leader's ID card."),
                           N_("Leader's ID card, back"), "leader_id_back", _leader_resident_id)
LEADER_DOCUMENT = _material("leader_document", N_("A scan of the entity leader's certificate "
                                                  "(for a passport: the page with the photo)."),
                            N_("Leader's certificate, scan"), "leader_document",
                            _leader_other_document)
LEADER_AUTHORIZATION = _material("leader_authorization", N_(
    "The entity leader is not the legal representative: this province wants a letter of "
    "authorisation (主体负责人授权书) signed by the legal representative and sealed. Please "
    "send it."), N_("Leader's authorisation"), "leader_authorization",
    _leader_authorization_required)
LEADER_AUTHORIZATION_ADVISED = _material("leader_authorization_advised", N_(
    "The entity leader is not the legal representative: a letter of authorisation "
    "(主体负责人授权书) signed by the legal representative is usually needed. Send it, or "
    "skip."), N_("Leader's authorisation"), "leader_authorization",
    _leader_authorization_advised, optional=True)
AUTHENTICITY_FORM = _material("authenticity_form", N_(
    "If the console generated an authenticity verification form (真实性核验单) or commitment "
    "letter for you to sign, send a photo of the signed page; where the app's face check "
    "replaced it, skip."), N_("Authenticity form"), "authenticity_form",
    # Mostly replaced by the app's face check: offered on the summary, not asked.
    lambda answers: not _jiangsu_documents(answers), optional=True, at_summary=True)
JIANGSU_NOTICE = _material("authenticity_notice", N_(
    "Jiangsu asks for the 《ICP备案信息真实性责任告知书》: the website administrator prints it, "
    "copies its last paragraph by hand and signs it. Please send a photo."),
    N_("Responsibility notice (Jiangsu)"), "authenticity_notice", _jiangsu_documents)
JIANGSU_COMMITMENT = _material("authenticity_commitment", N_(
    "And the signed 《ICP备案信息真实性承诺书》 (commitment that the data is true)."),
    N_("Authenticity commitment (Jiangsu)"), "authenticity_commitment", _jiangsu_documents)
PARTY_BUILDING = _material("party_building", N_(
    "Xinjiang asked for a party-building certificate (党建证明) from the Xinjiang Party "
    "Committee's Cyberspace Administration for first filings and new websites (older rule, "
    "confirm in the console). Send it, or skip."),
    N_("Party-building certificate"), "party_building", _party_building, optional=True)
CONSTRUCTION_PROPOSAL = _material("construction_proposal", N_(
    "With this many websites the province wants a website construction proposal "
    "(网站建设方案书) describing each website. Please send it."),
    N_("Construction proposal"), "construction_proposal", _proposal_required)
IDENTITY_MATERIALS = (ID_FRONT, ID_BACK, IDENTITY_DOCUMENT, ENTITY_CERTIFICATE, LEADER_ID_FRONT,
                      LEADER_ID_BACK, LEADER_DOCUMENT)
ENTITY_MATERIALS = (*IDENTITY_MATERIALS, LEADER_AUTHORIZATION, LEADER_AUTHORIZATION_ADVISED,
                    AUTHENTICITY_FORM, JIANGSU_NOTICE, JIANGSU_COMMITMENT, PARTY_BUILDING,
                    CONSTRUCTION_PROPOSAL)
