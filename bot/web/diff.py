"""Side-by-side comparison of two submissions of one order, field by field, in the words of
the order page (``Website 1 · Website name``): a submission is read back into an order and
both are shown through the same reader, so the diff never shows a key, a path or a code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from dialogs.order_fields import OrderReader
from filing.model import Access, Entity, FilingOrder, Person, PreApproval, Website
from filing.types import CertificateType, EntityType, OrderType


@dataclass(frozen=True)
class Change:
    field: str  # as the page labels it, e.g. "Website 1 · Website name"
    before: str
    after: str


def _person(data: dict[str, Any] | None) -> Person | None:
    if not data:
        return None
    return Person(data.get("name", ""), CertificateType(data["certificate_type"]),
                  data.get("certificate_number", ""), data.get("mobile", ""),
                  data.get("email", ""), data.get("emergency_phone", ""),
                  data.get("certificate_valid_until", ""))


def _website(data: dict[str, Any]) -> Website:
    approval = data.get("pre_approval")
    return Website(data.get("name", ""), data.get("domain", ""), data.get("content", ""),
                   _person(data.get("leader")), data.get("filing_number", ""),
                   tuple(data.get("languages", ())),
                   PreApproval(approval["category"], approval["number"]) if approval else None,
                   data.get("domain_holder", ""), data.get("domain_expires", ""))


def submitted_order(data: dict[str, Any]) -> FilingOrder:
    """A sealed submission (``storage.submissions.snapshot``) as an order to read."""
    entity = data["entity"]
    leader = _person(entity["leader"])
    assert leader is not None
    access = data.get("access")
    return FilingOrder(
        "", OrderType(data["order_type"]), "",
        Entity(EntityType(entity["entity_type"]), entity.get("name", ""),
               CertificateType(entity["certificate_type"]),
               entity.get("certificate_number", ""), entity.get("region", ""),
               entity.get("address", ""), leader, entity.get("landline", ""),
               entity.get("filing_number", ""), entity.get("mailing_address", ""),
               entity.get("investor", ""), entity.get("leader_is_legal_representative", True)),
        [_website(site) for site in data.get("websites", [])],
        Access(access["service_code"], access.get("instance_region", "")) if access else None,
        remarks=data.get("remarks", ""), details=dict(data.get("details", {})))


def _paths(reader: OrderReader, data: dict[str, Any]) -> dict[str, str]:
    paths: dict[str, str] = {}
    for part in reader.parts(submitted_order(data)):
        paths.update(part.paths())
    return paths


def _material_changes(reader: OrderReader, before: dict[str, Any],
                      after: dict[str, Any]) -> list[Change]:
    """A material by what it is: a file sent again with other content is a new file."""
    t = reader.t
    old = Counter((m["kind"], m["sha256"]) for m in before.get("materials", []))
    new = Counter((m["kind"], m["sha256"]) for m in after.get("materials", []))
    kinds = dict.fromkeys(kind for kind, _ in [*old, *new])
    found = []

    def count(n: int) -> str:
        return t.ngettext("{n} file", "{n} files", n).format(n=n)

    for kind in kinds:
        kept = sum(n for (k, _), n in (old & new).items() if k == kind)
        gone = sum(n for (k, _), n in (old - new).items() if k == kind)
        added = sum(n for (k, _), n in (new - old).items() if k == kind)
        if not gone and not added:
            continue
        before_text = count(kept + gone) if kept + gone else ""
        after_text = ", ".join(filter(None, (
            count(kept) if kept else "",
            t.ngettext("{n} new file", "{n} new files", added).format(n=added) if added
            else "")))
        found.append(Change(f"{t.gettext('Materials')} · {reader.material_label(kind)}",
                            before_text, after_text))
    return found


def changes(reader: OrderReader, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every field whose value differs, present in either submission, in page order."""
    old, new = _paths(reader, before), _paths(reader, after)
    fields = list(old) + [key for key in new if key not in old]
    return [Change(key, old.get(key, ""), new.get(key, "")) for key in fields
            if old.get(key, "") != new.get(key, "")] + _material_changes(reader, before, after)
