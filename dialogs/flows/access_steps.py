"""The instance the websites are hosted on (接入信息, ref §3.4 and §4.3): what the provider
checks before it issues a service code, asked and explained before the code itself."""

from __future__ import annotations

from typing import Any

from dialogs import parsers as p
from dialogs.flows.shows import show_label
from dialogs.steps import Answers, Step
from filing import validation as v
from filing.site_rules import MAINLAND, SUBSCRIPTION
from filing.text import N_

# One question for the two things the provider checks before it issues a service code
# (region and billing, §4.3): every answer but the first is refused with what to do.
INSTANCES = {MAINLAND: N_("Mainland China (e.g. Hangzhou, Beijing), subscription with at "
                          "least 3 months bought in total"),
             "mainland_short": N_("Mainland China, subscription with less than 3 months "
                                  "so far"),
             "mainland_payg": N_("Mainland China, pay-as-you-go"),
             "hongkong": N_("Hong Kong"), "overseas": N_("Outside China")}
SHOWN = {MAINLAND: N_("Mainland China, subscription of 3 months or more")}


def _eligible(value: Any, answers: Answers) -> None:
    if value == "mainland_short":
        raise v.Invalid(N_("The provider wants at least 3 months of subscription in total "
                           "(renewals count). Renew the instance first, then continue."))
    if value == "mainland_payg":
        raise v.Invalid(N_("Pay-as-you-go instances cannot generate a service code. Convert the "
                           "instance to a subscription (包年包月) of at least 3 months first."))
    if value != MAINLAND:
        raise v.Invalid(N_("Only an instance in a mainland China region can be filed: websites "
                           "on Hong Kong or overseas servers need no filing, and such instances "
                           "cannot generate a service code. Choose a mainland instance."))


def instance_details(answers: Answers) -> dict[str, str]:
    """What the order keeps of the instance: the instance question accepts a subscription
    only (drafts from before it was one question may still hold their billing answer)."""
    if answers.get("instance_region") != MAINLAND:
        return {}
    return {"instance_billing": str(answers.get("instance_billing") or SUBSCRIPTION)}


INSTANCE_REGION = Step("instance_region", N_("Which instance (ECS or Simple Application Server) "
                                             "will host the websites? It needs a public IP "
                                             "address (bandwidth bought)."),
                       N_("Instance"), "access", choices=tuple(INSTANCES.items()),
                       display=show_label(SHOWN), check=_eligible)
SERVICE_CODE = Step("service_code", N_("The filing service code (备案服务码) of that instance: "
                                       "generate it in the console (up to 5 per instance; a "
                                       "code is used up once a filing with it succeeds)."),
                    N_("Service code"), "access", parse=p.service_code)
ACCESS_STEPS = (INSTANCE_REGION, SERVICE_CODE)
