"""Correcting a rejected order: its data back into a draft, starting at the flagged fields."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from dialogs.steps import Flow
from filing.model import Entity, FilingOrder, Material, Person, Website
from filing.reasons import is_known_reason, reason_by_code
from filing.types import EntityType


def _person(prefix: str, person: Person) -> dict[str, Any]:
    return {f"{prefix}_name": person.name, f"{prefix}_id_number": person.certificate_number,
            f"{prefix}_certificate_type": person.certificate_type.value,
            f"{prefix}_mobile": person.mobile, f"{prefix}_email": person.email,
            f"{prefix}_emergency_phone": person.emergency_phone,
            f"{prefix}_valid_until": person.certificate_valid_until}


def _entity(entity: Entity) -> dict[str, Any]:
    leader = entity.leader
    answers: dict[str, Any] = {
        "region": entity.region, "entity_type": entity.entity_type.value,
        "entity_name": entity.name, "certificate_type": entity.certificate_type.value,
        "certificate_number": entity.certificate_number, "address": entity.address,
        "landline": entity.landline, "entity_filing_number": entity.filing_number,
        "mailing_address": ("same" if entity.mailing_address == entity.address
                            else entity.mailing_address),
        "investor": entity.investor, "leader_mobile": leader.mobile,
        "leader_email": leader.email, "emergency_phone": leader.emergency_phone,
    }
    if entity.entity_type is EntityType.INDIVIDUAL:
        answers["certificate_valid_until"] = leader.certificate_valid_until
    else:
        answers.update({key: value for key, value in _person("leader", leader).items()
                        if key not in ("leader_emergency_phone",)})
        answers["leader_is_legal_rep"] = "yes" if entity.leader_is_legal_representative else "no"
    return answers


def _site(site: Website, leader: Person, organisation: bool) -> dict[str, Any]:
    approval = site.pre_approval
    item: dict[str, Any] = {
        "website_name": site.name, "domain": site.domain, "website_content": site.content,
        "filing_number": site.filing_number, "languages": ",".join(site.languages),
        "domain_holder": site.domain_holder, "domain_expiry": site.domain_expires,
        "pre_approval": approval.category if approval else "none",
        "pre_approval_number": approval.number if approval else "",
    }
    admin = site.leader
    if organisation and admin is not None:
        same = (admin.certificate_type, admin.certificate_number) == (
            leader.certificate_type, leader.certificate_number)
        item["admin_same"] = "leader" if same else "other"
        if not same:
            item.update(_person("admin", admin))
    return item


def _place_materials(flow: Flow, items: list[dict[str, Any]], top: dict[str, Any],
                     materials: list[Material]) -> None:
    """Give each material back to the step that took it, website by website in order."""
    left = list(materials)
    group = next((step.group for step in flow.steps if step.collect_as), ())
    for item in items:
        context = {**top, **item}
        for step in flow.steps:
            if not step.file_kind or (item is not top and step.field not in group):
                continue
            if not step.applies(context) or step.field in item:
                continue
            found = next((m for m in left if m.kind == step.file_kind), None)
            if found is not None:
                left.remove(found)
                item[step.field] = asdict(found)


def _kept(answers: dict[str, Any], flow: Flow) -> dict[str, Any]:
    return {key: value for key, value in answers.items()
            if value not in ("", None) and (key in flow.fields or key == "websites")}


def answers_from_order(order: FilingOrder, flow: Flow) -> dict[str, Any]:
    """The answers a flow's steps would have produced for ``order`` (the inverse of build)."""
    answers = _entity(order.entity)
    answers["remarks"] = order.remarks
    if order.access is not None:
        answers["service_code"] = order.access.service_code
        answers["instance_region"] = order.access.instance_region
    organisation = order.entity.entity_type is not EntityType.INDIVIDUAL
    sites = [_site(site, order.entity.leader, organisation) for site in order.websites]
    earlier: list[dict[str, Any]] = []
    if sites:
        *earlier, current = sites
        answers.update(current)
    answers.update(order.details)
    _place_materials(flow, [*earlier, answers], answers, order.materials)
    if earlier:
        answers["websites"] = [_kept(item, flow) for item in earlier]
    return _kept(answers, flow)


def flagged_fields(reasons: tuple[str, ...], flow: Flow) -> list[str]:
    """The steps of ``flow`` that the rejection reasons point at, in flow order."""
    named = {f for code in reasons if is_known_reason(code)
             for f in reason_by_code(code).fields}
    if "materials" in named:
        named |= {step.field for step in flow.steps if step.file_kind}
    return [step.field for step in flow.steps if step.field in named]
