"""Modify entity information of a filing obtained through this provider (§2.2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dialogs import parsers as p
from dialogs.flows.common import (
    ADDRESS,
    ENTITY_FILING_NUMBER,
    ENTITY_ID_STEPS,
    LEADER_CERTIFICATE_TYPE,
    LEADER_DOCUMENT,
    LEADER_EMAIL,
    LEADER_ID,
    LEADER_ID_BACK,
    LEADER_ID_FRONT,
    LEADER_MOBILE,
    LEADER_NAME,
    LEADER_VALID_UNTIL,
    REMARKS,
    details_from,
    entity_from,
    gated,
    materials_from,
    only_if,
)
from dialogs.steps import Answers, Flow, Step
from filing.model import FilingOrder
from filing.text import N_
from filing.types import OrderType


def _changes(answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
    contact = (("address", N_("The address")),
               ("contact", N_("The mobile number or e-mail")))
    if p.is_individual(answers):
        return contact
    return (("name", N_("The organisation's name")), *contact,
            ("leader", N_("The entity leader")))


ENTITY_CHANGE = Step("entity_change", N_("What changes?"), N_("Change"), "change",
                     choices=_changes)
NEW_NAME = Step("new_entity_name", N_("The new name, exactly as on the updated certificate."),
                N_("New name"), "change", parse=p.entity_name, when=only_if("entity_change",
                                                                             "name"))
CHANGE_CERTIFICATE = Step("change_certificate", N_(
    "A name change is reviewed only with the change certificate (变更证明) issued by the "
    "registration authority. Please send a photo or scan of it."),
    N_("Change certificate"), "materials", when=only_if("entity_change", "name"),
    file_kind="change_certificate")
NEW_ADDRESS = replace(ADDRESS, prompt=N_("The new address as on the certificate, down to the "
                                         "house number."),
                      when=only_if("entity_change", "address"))
LEADER = gated(only_if("entity_change", "leader"), LEADER_CERTIFICATE_TYPE, LEADER_NAME,
               LEADER_ID, LEADER_VALID_UNTIL)
CONTACT = gated(only_if("entity_change", "leader", "contact"), LEADER_MOBILE, LEADER_EMAIL)
LEADER_MATERIALS = gated(only_if("entity_change", "leader"), LEADER_ID_FRONT, LEADER_ID_BACK,
                         LEADER_DOCUMENT)


def build_modify_entity(answers: Answers, applicant: str) -> FilingOrder:
    return FilingOrder("", OrderType.MODIFY_ENTITY, applicant, entity_from(answers),
                       materials=materials_from(answers), remarks=answers.get("remarks", ""),
                       details=details_from(answers, "entity_change", "new_entity_name"))


MODIFY_ENTITY = Flow(
    OrderType.MODIFY_ENTITY.value,
    N_("Modify entity information"),
    (ENTITY_FILING_NUMBER, *ENTITY_ID_STEPS, ENTITY_CHANGE, NEW_NAME, CHANGE_CERTIFICATE,
     NEW_ADDRESS, *LEADER, *CONTACT, *LEADER_MATERIALS, REMARKS),
    build_modify_entity,
    intro=N_("Let's change the entity data of a filing made through this provider. Enter the "
             "entity as it is filed now; then tell me what changes. Changes cannot be made "
             "while another order of this entity is under review."),
)
