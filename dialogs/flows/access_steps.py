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

REGIONS = {MAINLAND: N_("A mainland China region (e.g. Hangzhou, Beijing, Shenzhen)"),
           "hongkong": N_("Hong Kong"), "overseas": N_("Outside China")}
BILLING = {SUBSCRIPTION: N_("Subscription, at least 3 months bought in total"),
           "short": N_("Subscription, less than 3 months so far"),
           "payg": N_("Pay-as-you-go")}


def _mainland(value: Any, answers: Answers) -> None:
    if value != MAINLAND:
        raise v.Invalid(N_("Only an instance in a mainland China region can be filed: websites "
                           "on Hong Kong or overseas servers need no filing, and such instances "
                           "cannot generate a service code. Choose a mainland instance."))


def _subscription(value: Any, answers: Answers) -> None:
    if value == "short":
        raise v.Invalid(N_("The provider wants at least 3 months of subscription in total "
                           "(renewals count). Renew the instance first, then continue."))
    if value != SUBSCRIPTION:
        raise v.Invalid(N_("Pay-as-you-go instances cannot generate a service code. Convert the "
                           "instance to a subscription (包年包月) of at least 3 months first."))


INSTANCE_REGION = Step("instance_region", N_("Where is the instance (ECS or Simple Application "
                                             "Server) that will host the websites?"),
                       N_("Instance region"), "access", choices=tuple(REGIONS.items()),
                       display=show_label(REGIONS), check=_mainland)
INSTANCE_BILLING = Step("instance_billing", N_("How is the instance billed? It also needs a "
                                               "public IP address (bandwidth bought)."),
                        N_("Instance billing"), "access", choices=tuple(BILLING.items()),
                        display=show_label(BILLING), check=_subscription)
SERVICE_CODE = Step("service_code", N_("The filing service code (备案服务码) of that instance: "
                                       "generate it in the console (up to 5 per instance; a "
                                       "code is used up once a filing with it succeeds)."),
                    N_("Service code"), "access", parse=p.service_code)
ACCESS_STEPS = (INSTANCE_REGION, INSTANCE_BILLING, SERVICE_CODE)
