"""Materials the order must carry, checked again by the core on submit (the form asks for
them at their steps). Only rules from sources dated 2022 or later require a document; older
ones are asked as optional in the form (``filing.data.province_rules``)."""

from __future__ import annotations

from filing import people_rules as people
from filing.data import province_rules as rules
from filing.model import FilingOrder
from filing.regional_rules import Problem, administrators, is_non_local, same_person
from filing.text import N_
from filing.types import EntityType


def material_problems(order: FilingOrder) -> list[Problem]:
    """The documents a blocking rule asks for that the order does not carry."""
    entity, kinds = order.entity, {m.kind for m in order.materials}
    region = entity.region
    needed: list[str] = []
    if is_non_local(order) and people.permit_required(region):
        needed.append("residence_permit")
    if entity.entity_type is not EntityType.INDIVIDUAL:
        rule = people.needs_leader_authorization(region)
        if not entity.leader_is_legal_representative and rule is not None and rule.blocks:
            needed.append("leader_authorization")
        rule = people.needs_admin_authorization(region)
        others = [a for a in administrators(order) if not same_person(a, entity.leader)]
        if others and rule is not None and rule.blocks:
            needed.append("admin_authorization")
    jiangsu = rules.AUTHENTICITY_NOTICE_AND_COMMITMENT.get(region)
    if jiangsu is not None and jiangsu.blocks:
        needed += ["authenticity_notice", "authenticity_commitment"]
    return [(kind, N_("This document is required here; please send it."), {})
            for kind in needed if kind not in kinds]
