"""What /forget does to orders, by the rule it announces: an order under review stays with
the reviewers until its review ends and is anonymised then; any other order is anonymised
now. Anonymised: only the order's number, type, region, status, filing number and the dates
and actors of its history remain."""

from __future__ import annotations

from dataclasses import dataclass, replace

from filing.lifecycle import WAITING, Status
from filing.model import FilingOrder, Person


@dataclass(frozen=True)
class Forgotten:
    kept: tuple[str, ...]  # under review: anonymised when the review ends
    anonymised: tuple[str, ...]
    kept_files: frozenset[str]  # storage keys the kept orders still need


def under_review(order: FilingOrder) -> bool:
    return Status(order.status) in WAITING


def is_anonymised(order: FilingOrder) -> bool:
    return not (order.entity.name or order.entity.certificate_number or order.materials)


def anonymise(order: FilingOrder) -> None:
    """Remove every personal value from the order (its files go with its materials)."""
    entity = order.entity
    nobody = Person("", entity.leader.certificate_type, "", "", "")
    order.entity = replace(entity, name="", certificate_number="", address="", landline="",
                           leader=nobody)
    order.websites = [replace(site, leader=None) for site in order.websites]
    order.materials = []
    order.remarks = ""
    order.details = {}
    order.history = [replace(change, note=None) for change in order.history]
    order.anonymised = True
