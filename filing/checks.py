"""Checks shared by the order rules: a validator's refusal as a problem, a person in charge."""

from __future__ import annotations

from datetime import date
from typing import Any

from filing import validation as v
from filing.model import Person
from filing.regional_rules import Problem


def check(problems: list[Problem], field: str, func: Any, *args: Any) -> None:
    try:
        func(*args)
    except v.Invalid as invalid:
        problems.append((field, invalid.msgid, invalid.params))


def person_problems(fields: dict[str, str], person: Person, problems: list[Problem],
                    today: date | None = None) -> None:
    """A person in charge: ``fields`` names the steps of name, number, mobile, …"""
    check(problems, fields["name"], v.person_name, person.name, person.certificate_type)
    check(problems, fields["number"], v.certificate_number,
          person.certificate_type, person.certificate_number)
    check(problems, fields["mobile"], v.mobile, person.mobile)
    if person.email:
        check(problems, fields["email"], v.email, person.email)
    if person.certificate_valid_until:
        check(problems, fields["valid_until"], v.certificate_expiry,
              person.certificate_valid_until, today)


LEADER_FIELDS = {"name": "leader_name", "number": "leader_id_number", "mobile": "leader_mobile",
                 "email": "leader_email", "valid_until": "leader_valid_until"}
INDIVIDUAL_FIELDS = {**LEADER_FIELDS, "name": "entity_name", "number": "certificate_number",
                     "valid_until": "certificate_valid_until"}


