"""What an approval tells the applicant, per operation: which numbers are new, kept, retired,
moved or now in the account, and what to do next (the footer, the public-security filing).
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.i18n import Translator
from dialogs.messages import code
from filing.events import OrderApproved
from filing.lifecycle import PATHS, Outcome
from filing.types import OrderType

# Guangdong wants the entity's number in the footer, other provinces each website's own
# (icp-filing.md §5.5 [ALI-after][TC-number]).
ENTITY_NUMBER_IN_FOOTER = frozenset({"CN-GD"})


def _numbers(numbers: tuple[str, ...]) -> str:
    return ", ".join(code(number) for number in numbers) or "—"


def _footer(event: OrderApproved, t: Translator) -> str:
    if event.region in ENTITY_NUMBER_IN_FOOTER:
        return t.gettext("Guangdong's rule: show the entity's number {number} (without the -1, "
                         "-2 …) at the bottom of each homepage, linked to "
                         "https://beian.miit.gov.cn.").format(number=code(event.entity_number))
    return t.gettext("Show each website's own number at the bottom of its homepage, linked to "
                     "https://beian.miit.gov.cn.")


def _issued(event: OrderApproved, t: Translator) -> list[str]:
    if event.order_type == OrderType.NEW_WEBSITE:
        first = t.gettext("New website numbers under your entity's number {entity}: "
                          "{numbers}.")
    else:
        first = t.gettext("Your entity's filing number is {entity}; your websites' numbers: "
                          "{numbers}.")
    return [first.format(entity=code(event.entity_number), numbers=_numbers(event.issued)),
            _footer(event, t),
            t.gettext("Complete the public-security filing at beian.mps.gov.cn within 30 days "
                      "of going live; I will remind you.")]


def _kept(event: OrderApproved, t: Translator) -> list[str]:
    if event.order_type == OrderType.NEW_ACCESS:
        return [t.gettext("This provider now hosts {numbers}; the filing numbers stay the "
                          "same.").format(numbers=_numbers(event.kept))]
    return [t.gettext("The change is filed. The filing numbers stay the same: "
                      "{numbers}.").format(numbers=_numbers(event.kept))]


def _website_cancelled(event: OrderApproved, t: Translator) -> list[str]:
    return [t.gettext("The website's filing {numbers} is cancelled and the number will never "
                      "be used again; remove it from the website. The entity {entity} and its "
                      "other websites keep their numbers.").format(
        numbers=_numbers(event.retired), entity=code(event.entity_number))]


def _entity_cancelled(event: OrderApproved, t: Translator) -> list[str]:
    return [t.gettext("The entity's filing {entity} is cancelled together with every website "
                      "under it ({numbers}); these numbers cannot be restored. Filing again "
                      "later is a first filing.").format(
        entity=code(event.entity_number), numbers=_numbers(event.retired[1:]))]


def _access_removed(event: OrderApproved, t: Translator) -> list[str]:
    return [t.gettext("This provider no longer hosts {numbers}; the filing numbers stay with "
                      "the filing. Keep the new provider's access in place, or the filing may "
                      "be cancelled as an empty shell.").format(
        numbers=_numbers(event.access_removed))]


def _in_account(event: OrderApproved, t: Translator) -> list[str]:
    return [t.gettext("The existing filing {numbers} is now in your account, with its numbers "
                      "unchanged. You can change it or add websites to it from here.").format(
        numbers=_numbers(event.in_account))]


LINES: dict[Outcome, Callable[[OrderApproved, Translator], list[str]]] = {
    Outcome.NEW_ENTITY: _issued,
    Outcome.NEW_WEBSITES: _issued,
    Outcome.NUMBERS_KEPT: _kept,
    Outcome.WEBSITE_CANCELLED: _website_cancelled,
    Outcome.ENTITY_CANCELLED: _entity_cancelled,
    Outcome.ACCESS_REMOVED: _access_removed,
    Outcome.IN_ACCOUNT: _in_account,
}


def approval_lines(event: OrderApproved, t: Translator) -> list[str]:
    """What changed, in the reader's language."""
    return LINES[PATHS[OrderType(event.order_type)].outcome](event, t)
