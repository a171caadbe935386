"""Correcting a rejected order: its data back into a draft, starting at the flagged fields."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from dialogs.steps import Flow
from filing.model import FilingOrder
from filing.reasons import is_known_reason, reason_by_code


def answers_from_order(order: FilingOrder, flow: Flow) -> dict[str, Any]:
    """The answers a flow's steps would have produced for ``order`` (the inverse of build)."""
    entity = order.entity
    answers: dict[str, Any] = {
        "region": entity.region, "entity_type": entity.entity_type.value,
        "entity_name": entity.name, "certificate_type": entity.certificate_type.value,
        "certificate_number": entity.certificate_number, "address": entity.address,
        "landline": entity.landline, "entity_filing_number": entity.filing_number,
        "leader_name": entity.leader.name, "leader_id_number": entity.leader.certificate_number,
        "leader_mobile": entity.leader.mobile, "leader_email": entity.leader.email,
        "remarks": order.remarks,
    }
    if order.access is not None:
        answers["service_code"] = order.access.service_code
    sites = [{"website_name": s.name, "domain": s.domain, "website_content": s.content,
              "filing_number": s.filing_number} for s in order.websites]
    if sites:
        *earlier, current = sites
        answers.update(current)
        if earlier:
            answers["websites"] = earlier
    for step in flow.steps:
        if step.file_kind:
            for material in order.materials:
                if material.kind == step.file_kind:
                    answers[step.field] = asdict(material)
    answers.update(order.details)
    return {key: value for key, value in answers.items()
            if value not in ("", None) and (key in flow.fields or key == "websites")}


def flagged_fields(reasons: tuple[str, ...], flow: Flow) -> list[str]:
    """The steps of ``flow`` that the rejection reasons point at, in flow order."""
    named = {f for code in reasons if is_known_reason(code)
             for f in reason_by_code(code).fields}
    if "materials" in named:
        named |= {step.field for step in flow.steps if step.file_kind}
    return [step.field for step in flow.steps if step.field in named]
