"""Modify access information: the website moves to another instance of this provider."""

from __future__ import annotations

from dialogs import parsers as p
from dialogs.flows.access_steps import instance_details
from dialogs.flows.common import (
    ACCESS_STEPS,
    DOMAIN,
    ENTITY_ID_STEPS,
    REMARKS,
    WEBSITE_FILING_NUMBER,
    details_from,
    entity_from,
    gated,
    only_if,
    websites_from,
)
from dialogs.steps import Answers, Flow, Step
from filing.model import Access, FilingOrder
from filing.text import N_
from filing.types import OrderType

ACCESS_CHANGE = Step("access_change", N_("What changes?"), N_("Change"), "change",
                     choices=(("instance", N_("The website moves to another instance")),
                              ("ip", N_("The server's public IP address changed"))))
NEW_IP = Step("new_ip", N_("The server's new public IP address."), N_("New IP address"),
              "access", parse=p.ip_address, when=only_if("access_change", "ip"))


def build_modify_access(answers: Answers, applicant: str) -> FilingOrder:
    entity = entity_from(answers)
    code = answers.get("service_code")
    access = Access(code, answers.get("instance_region", "")) if code else None
    return FilingOrder("", OrderType.MODIFY_ACCESS, applicant, entity,
                       websites_from(answers, entity.leader), access,
                       remarks=answers.get("remarks", ""),
                       details={**details_from(answers, "access_change", "new_ip"),
                                **instance_details(answers)})


MODIFY_ACCESS = Flow(
    OrderType.MODIFY_ACCESS.value,
    N_("Modify access information"),
    (WEBSITE_FILING_NUMBER, *ENTITY_ID_STEPS, DOMAIN, ACCESS_CHANGE,
     *gated(only_if("access_change", "instance"), *ACCESS_STEPS), NEW_IP, REMARKS),
    build_modify_access,
    intro=N_("Let's update the access data of a website filed through this provider, e.g. "
             "when it moves to another instance."),
)
