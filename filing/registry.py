"""The filed entities and websites this bot knows of, with their ICP numbers.

It is the product's picture of MIIT's register: an entity gets its number once, each of its
websites the next serial on it; a retired serial or entity number is kept (marked
``cancelled``) so that it is never issued again. The applicant whose order filed, claimed or
imported an entity sees it in /status and may start the next order from its data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from filing.icp_numbers import website_number
from filing.model import Entity


class EntityState(StrEnum):
    FILED = "filed"
    CANCELLED = "cancelled"


class SiteState(StrEnum):
    FILED = "filed"  # filed and hosted by this provider
    ACCESS_REMOVED = "access_removed"  # still filed at MIIT, no longer hosted here
    CANCELLED = "cancelled"  # the number is retired for good


@dataclass
class FiledWebsite:
    serial: int
    domain: str
    name: str = ""
    content: str = ""
    standing: SiteState = SiteState.FILED
    order_id: str = ""  # the order that last changed it


@dataclass
class FiledEntity:
    number: str  # e.g. 浙ICP备2026000001号
    region: str
    applicant: str  # "channel:id" of the chat whose account holds the filing
    entity: Entity  # as last filed: what the next order is prefilled with
    standing: EntityState = EntityState.FILED
    last_serial: int = 0  # the highest website serial ever used: never issued again
    websites: list[FiledWebsite] = field(default_factory=list)
    order_id: str = ""
    id: int | None = None  # the store's key, None until saved
    version: int = 0

    def site(self, serial: int) -> FiledWebsite | None:
        return next((site for site in self.websites if site.serial == serial), None)

    def site_number(self, site: FiledWebsite) -> str:
        return website_number(self.number, site.serial)

    def live_websites(self) -> list[FiledWebsite]:
        return [site for site in self.websites if site.standing is not SiteState.CANCELLED]

    def add_website(self, domain: str, name: str, content: str, order_id: str,
                    serial: int | None = None) -> FiledWebsite:
        """A new website on the next free serial (or on ``serial`` when MIIT's number is
        given); serials only grow, so a retired one never comes back."""
        serial = self.last_serial + 1 if serial is None else serial
        self.last_serial = max(self.last_serial, serial)
        site = FiledWebsite(serial, domain, name, content, order_id=order_id)
        self.websites.append(site)
        return site

    def known_website(self, serial: int, domain: str, order_id: str) -> FiledWebsite:
        """The website on ``serial``, recorded now if it was filed before we knew of it."""
        site = self.site(serial)
        if site is None:
            site = self.add_website(domain, "", "", order_id, serial)
        return site
