"""What an order's final approval does to the ICP numbers, per order type's outcome
(``filing.lifecycle.Outcome``; filing-details.md §6).

``record_approval`` changes the register (``filing.registry``) through its port and returns
the facts for the applicant's message: the numbers issued, kept, retired, moved or now in
the account. It runs inside the decision's transaction, so a refused number writes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from filing.errors import DomainError
from filing.icp_numbers import entity_number, number_year, split_number, website_number
from filing.lifecycle import PATHS, Outcome
from filing.model import Entity, FilingOrder, Website
from filing.ports import FilingRegistry
from filing.regional_rules import Problem
from filing.registry import EntityState, FiledEntity, FiledWebsite, SiteState
from filing.text import N_
from filing.types import OrderType
from filing.validation import Invalid, icp_number

CANCELLED_NUMBER = N_("The filing {number} was cancelled and cannot be used again; file the "
                      "entity again as a first filing.")


@dataclass(frozen=True)
class NumberChanges:
    entity_number: str = ""
    issued: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    access_removed: tuple[str, ...] = ()
    in_account: tuple[str, ...] = ()


def _snapshot(entity: Entity, number: str) -> Entity:
    kept = copy.deepcopy(entity)
    kept.filing_number = number
    return kept


class _Book:
    """The entities one approval touches, read once (and locked), saved together."""

    def __init__(self, registry: FilingRegistry, order: FilingOrder) -> None:
        self.registry = registry
        self.order = order
        self.touched: dict[str, FiledEntity] = {}

    def entity(self, number: str) -> FiledEntity:
        """The filed entity, recorded now if it was filed before we knew of it (elsewhere,
        or before this register existed)."""
        if number not in self.touched:
            order = self.order
            self.touched[number] = self.registry.entity(number) or FiledEntity(
                number, order.region, order.applicant, _snapshot(order.entity, number),
                order_id=order.id)
        return self.touched[number]

    def live_entity(self, number: str) -> FiledEntity:
        filed = self.entity(number)
        if filed.standing is EntityState.CANCELLED:
            raise DomainError(CANCELLED_NUMBER, number=number)
        return filed

    def live_site(self, site: Website) -> tuple[FiledEntity, FiledWebsite]:
        number, serial = split_number(site.filing_number)
        if serial is None:
            raise DomainError(N_("{number} is an entity's number; give the website's number "
                                 "(ending in -1, -2, …)."), number=site.filing_number)
        filed = self.live_entity(number)
        known = filed.known_website(serial, site.domain, self.order.id)
        if known.standing is SiteState.CANCELLED:
            raise DomainError(CANCELLED_NUMBER, number=site.filing_number)
        return filed, known

    def save(self) -> None:
        for filed in self.touched.values():
            filed.order_id = self.order.id
            self.registry.save(filed)


def _given(number: str | None) -> tuple[str, int | None] | None:
    """The number MIIT issued, when the back office reports it, split and checked."""
    if not number:
        return None
    try:
        return split_number(icp_number(number))
    except Invalid as invalid:
        raise DomainError(invalid.msgid, **invalid.params) from None


def _issue(book: _Book, filed: FiledEntity, first: int | None) -> tuple[str, ...]:
    if first is not None and first <= filed.last_serial:
        raise DomainError(N_("The serial -{serial} of {number} was used before; a serial is "
                             "never issued twice."), serial=first, number=filed.number)
    numbers = []
    for index, site in enumerate(book.order.websites):
        added = filed.add_website(site.domain, site.name, site.content, book.order.id,
                                  first if index == 0 else None)
        site.filing_number = filed.site_number(added)
        numbers.append(site.filing_number)
    book.order.entity.filing_number = filed.number
    filed.entity = _snapshot(book.order.entity, filed.number)
    return tuple(numbers)


def _new_entity(book: _Book, now: datetime, given: str | None) -> NumberChanges:
    order, registry = book.order, book.registry
    wanted = _given(given)
    if wanted is not None:
        number, first = wanted
        if registry.entity(number) is not None:
            raise DomainError(N_("The number {number} already belongs to a filed entity."),
                              number=number)
    else:
        year, first = number_year(now), None
        number = entity_number(order.region, year, registry.next_entity_serial(order.region,
                                                                               year))
        while registry.entity(number) is not None:  # a number the back office gave earlier
            number = entity_number(order.region, year,
                                   registry.next_entity_serial(order.region, year))
    filed = book.entity(number)
    issued = _issue(book, filed, first)
    return NumberChanges(number, issued=issued)


def _new_websites(book: _Book, now: datetime, given: str | None) -> NumberChanges:
    number, _ = split_number(book.order.entity.filing_number)
    filed = book.live_entity(number)
    wanted = _given(given)
    if wanted is not None and wanted[0] != number:
        raise DomainError(N_("The number {given} is not under the entity's number {number}."),
                          given=given, number=number)
    return NumberChanges(number, issued=_issue(book, filed, wanted[1] if wanted else None))


def _sites_kept(book: _Book) -> NumberChanges:
    order, kept = book.order, []
    for site in order.websites:
        filed, known = book.live_site(site)
        if order.order_type is OrderType.NEW_ACCESS:  # hosted here now, in this account
            known.standing, filed.applicant = SiteState.FILED, order.applicant
        if order.details.get("website_change") == "name":
            known.name = site.name
        if order.details.get("website_change") == "content":
            known.content = site.content
        known.order_id = order.id
        kept.append(site.filing_number)
    return NumberChanges(split_number(kept[0])[0] if kept else "", kept=tuple(kept))


def _entity_kept(book: _Book) -> NumberChanges:
    order = book.order
    number, _ = split_number(order.entity.filing_number)
    filed = book.live_entity(number)
    changed = _snapshot(order.entity, number)
    if order.details.get("new_entity_name"):
        changed.name = order.details["new_entity_name"]
    filed.entity = changed
    return NumberChanges(number, kept=(number,))


def _numbers_kept(book: _Book, now: datetime, given: str | None) -> NumberChanges:
    if book.order.websites:
        return _sites_kept(book)
    return _entity_kept(book)


def _website_cancelled(book: _Book, now: datetime, given: str | None) -> NumberChanges:
    retired = []
    for site in book.order.websites:
        _, known = book.live_site(site)
        known.standing, known.order_id = SiteState.CANCELLED, book.order.id
        retired.append(site.filing_number)
    entity = split_number(retired[0])[0] if retired else ""
    return NumberChanges(entity, retired=tuple(retired))


def _entity_cancelled(book: _Book, now: datetime, given: str | None) -> NumberChanges:
    number, _ = split_number(book.order.entity.filing_number)
    filed = book.live_entity(number)
    sites = [filed.site_number(site) for site in filed.live_websites()]
    for site in filed.live_websites():
        site.standing, site.order_id = SiteState.CANCELLED, book.order.id
    filed.standing = EntityState.CANCELLED
    return NumberChanges(number, retired=(number, *sites))


def _access_removed(book: _Book, now: datetime, given: str | None) -> NumberChanges:
    moved = []
    for site in book.order.websites:
        _, known = book.live_site(site)
        known.standing, known.order_id = SiteState.ACCESS_REMOVED, book.order.id
        moved.append(site.filing_number)
    entity = split_number(moved[0])[0] if moved else ""
    return NumberChanges(entity, access_removed=tuple(moved))


def _in_account(book: _Book, now: datetime, given: str | None) -> NumberChanges:
    order = book.order
    if order.websites:  # a claim names the website
        shown = []
        for site in order.websites:
            filed, _ = book.live_site(site)
            filed.applicant = order.applicant
            shown.append(site.filing_number)
        return NumberChanges(split_number(shown[0])[0], in_account=tuple(shown))
    number, _ = split_number(order.entity.filing_number)  # an import names the entity
    filed = book.live_entity(number)
    filed.applicant = order.applicant
    sites = [website_number(number, site.serial) for site in filed.live_websites()]
    return NumberChanges(number, in_account=(number, *sites))


_RECORDERS: dict[Outcome, Callable[[_Book, datetime, str | None], NumberChanges]] = {
    Outcome.NEW_ENTITY: _new_entity,
    Outcome.NEW_WEBSITES: _new_websites,
    Outcome.NUMBERS_KEPT: _numbers_kept,
    Outcome.WEBSITE_CANCELLED: _website_cancelled,
    Outcome.ENTITY_CANCELLED: _entity_cancelled,
    Outcome.ACCESS_REMOVED: _access_removed,
    Outcome.IN_ACCOUNT: _in_account,
}


def filed_problems(order: FilingOrder, registry: FilingRegistry) -> list[Problem]:
    """What the register already knows against ``order``: a number it names was cancelled
    (checked at submission, so the applicant hears it before any review)."""
    problems: list[Problem] = []
    if order.entity.filing_number:
        number, _ = split_number(order.entity.filing_number)
        filed = registry.entity(number)
        if filed is not None and filed.standing is EntityState.CANCELLED:
            problems.append(("entity_filing_number", CANCELLED_NUMBER, {"number": number}))
    for site in order.websites:
        if not site.filing_number:
            continue
        number, serial = split_number(site.filing_number)
        filed = registry.entity(number)
        known = filed.site(serial) if filed is not None and serial is not None else None
        if filed is not None and (filed.standing is EntityState.CANCELLED or (
                known is not None and known.standing is SiteState.CANCELLED)):
            problems.append(("filing_number", CANCELLED_NUMBER,
                             {"number": site.filing_number}))
    return problems


def record_approval(order: FilingOrder, registry: FilingRegistry, now: datetime,
                    given: str | None = None) -> NumberChanges:
    """Apply the final approval of ``order`` to the register; ``given``: the number MIIT
    issued, when the back office reports it (only a first filing or new website uses it)."""
    book = _Book(registry, order)
    changes = _RECORDERS[PATHS[order.order_type].outcome](book, now, given)
    book.save()
    if changes.issued:
        order.icp_number = ", ".join(changes.issued)
    return changes
