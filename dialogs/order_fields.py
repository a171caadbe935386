"""An order as a person reads it: every filed field under its label, unmasked (the desk's order
page is the authorized view, every view of it audited; the applicant's PDF is their own order),
every value in words — options by the labels the bot uses, dates and lists as the reader's
language writes them — and never a key, code or repr (filing-details: no internal data reaches
a person).

The one source of an order's rows: the web desk's order page, its resubmission diff (which
compares these same rows, so that it speaks the same words) and the applicant's PDF
(dialogs/documents.py). Dates and lists are written by the ``Formats`` the caller passes in
(bot.i18n's Babel formats: dialogs imports no Babel)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogs.i18n import Translator, lang_of
from dialogs.labels import (
    CERTIFICATES,
    ENTITY_TYPES,
    PRE_APPROVALS,
    WEBSITE_CONTENT,
    WEBSITE_LANGUAGES,
)
from dialogs.render import region_name
from dialogs.steps import Flow, Step
from filing.model import FilingOrder, Material, Person, StatusChange, Website
from filing.reasons import is_known_reason, reason_by_code
from filing.site_rules import MAINLAND, SUBSCRIPTION
from filing.text import N_
from filing.types import EntityType
from filing.validation import LONG_TERM

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The instance, as the access part names it (the bot asks region and billing as one question,
# so it has no label for each alone; older orders keep the billing answer of their own step).
INSTANCE_REGIONS = {MAINLAND: N_("Mainland China"), "hongkong": N_("Hong Kong"),
                    "overseas": N_("Outside China")}
BILLINGS = {SUBSCRIPTION: N_("Subscription, at least 3 months bought in total"),
            "short": N_("Subscription, less than 3 months so far"),
            "payg": N_("Pay-as-you-go")}
# Facts an order may keep in ``details`` that no step of today's flows asks.
EXTRA_FIELDS = {"instance_billing": N_("Billing"),
                "domains_not_held": N_("Domains held by someone else")}
CHANNELS = {"telegram": "Telegram", "terminal": N_("Terminal")}
DOCUMENT = N_("Document")  # a material of a kind no step takes any more
# A material's format by its type (its stored file name is made of its kind: not for people).
FILE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}


@dataclass(frozen=True)
class Formats:
    """How the reader's language writes a date ("20 May 2031" / "2031年5月20日") and a list
    ("a, b and c" / "a、b和c"): given by the i18n edge (bot.i18n.formats)."""

    day: Callable[[date], str]
    items: Callable[[Sequence[str]], str]


FormatsFactory = Callable[[str], Formats]  # locale -> its formats


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Part:
    """A titled group of rows (the entity, its leader, one website, …); ``heading`` is what
    names it on the page besides its title (a website's name), ``people`` the persons in it."""

    title: str
    rows: tuple[Row, ...]
    heading: str = ""
    people: tuple[Part, ...] = ()

    @property
    def statement(self) -> str:
        """The part's one value when it is a single statement (the administrator is "the same
        as the entity leader"): the page shows it under the title, without a label."""
        if len(self.rows) == 1 and self.rows[0].label == self.title:
            return self.rows[0].value
        return ""

    def paths(self) -> dict[str, str]:
        """``Website 1 · Website name``-style paths to values: what the diff compares."""
        found = {self.title if row.label == self.title else f"{self.title} · {row.label}":
                 row.value for row in self.rows}
        for person in self.people:
            found.update({f"{self.title} · {path}": value
                          for path, value in person.paths().items()})
        return found


class OrderReader:
    """Labels and values in one reviewer's language, with the flows' own words for answers."""

    def __init__(self, t: Translator, locale: str, flows: Mapping[str, Flow],
                 formats: Formats) -> None:
        self.t = t
        self.locale = locale
        self.formats = formats
        self.lang = lang_of(locale)
        self.steps: dict[str, Step] = {}
        self.kinds: dict[str, str] = {}
        for flow in flows.values():
            for step in flow.steps:
                self.steps.setdefault(step.field, step)
                if step.file_kind:
                    self.kinds.setdefault(step.file_kind, step.label)

    # --- words ------------------------------------------------------------------------------

    def label_of(self, field: str) -> str:
        """A field's label as the bot names it; empty for a key nobody named (never shown)."""
        step = self.steps.get(field)
        if step is not None:
            return self.t.gettext(step.label)
        return self.t.gettext(EXTRA_FIELDS[field]) if field in EXTRA_FIELDS else ""

    def material_label(self, kind: str) -> str:
        """What a material is, as the step that took it names it."""
        return self.t.gettext(self.kinds.get(kind, DOCUMENT))

    def material(self, material: Material) -> str:
        """A material's format and size ("PDF · 2.0 KB"): what the label does not say."""
        size = f"{material.size / 1024:.1f} KB"
        return " · ".join(filter(None, [FILE_FORMATS.get(material.content_type, ""), size]))

    def reason(self, code: str) -> str:
        """A rejection reason by what is wrong; a retired code by the field it named, or
        "Other" (a code itself is never shown)."""
        if is_known_reason(code):
            return self.t.gettext(reason_by_code(code).problem)
        return self.label_of(code) or self.t.gettext("Other")

    def reasons(self, change: StatusChange) -> list[str]:
        """A change's reasons in words, then the reviewer's note."""
        found = [self.reason(code) for code in change.reasons]
        if change.note:
            found.append(self.t.gettext("Reviewer's note: {note}").format(note=change.note))
        return found

    def _word(self, labels: Mapping[str, str], code: str) -> str:
        return self.t.gettext(labels[code]) if code in labels else code

    def day(self, value: str) -> str:
        """An ISO date as the reader's language writes it; a long-term validity in words."""
        if value == LONG_TERM:
            return self.t.gettext("Long-term")
        if ISO_DATE.match(value):
            try:
                return self.formats.day(date.fromisoformat(value))
            except ValueError:
                return value
        return value

    def yes_no(self, value: bool) -> str:
        return self.t.gettext("Yes") if value else self.t.gettext("No")

    def answer(self, field: str, value: Any, answers: Mapping[str, Any]) -> str:
        """An answer kept on the order, shown as the bot shows it to its owner: an option by
        its label, a date as a date, free text as typed."""
        text = str(value)
        step = self.steps.get(field)
        if field == "instance_billing":
            return self._word(BILLINGS, text)
        # A summary's display first (it names an option as a fact, not as a button's answer).
        if step is not None and step.display is not None and not step.sensitive:
            shown = step.display(value, self.t)
            if shown != "—":
                return shown
        if step is not None and step.choices is not None:
            labels = dict(step.choice_items(answers, self.lang))
            if text in labels:
                return self.t.gettext(labels[text]) if step.translate_choices else labels[text]
        return self.day(text)

    # --- parts ------------------------------------------------------------------------------

    def parts(self, order: FilingOrder) -> list[Part]:
        """Every part of the order, in the order a reviewer checks them."""
        _ = self.t.gettext
        parts = [self.entity(order),
                 Part(_("Entity leader"), self.person(order.entity.leader))]
        parts += [self.website(order, index) for index in range(len(order.websites))]
        access = self.access(order)
        if access.rows:
            parts.append(access)
        answers = self.further_answers(order)
        if answers.rows:
            parts.append(answers)
        return parts

    def entity(self, order: FilingOrder) -> Part:
        _, entity = self.t.gettext, order.entity
        organisation = entity.entity_type is not EntityType.INDIVIDUAL
        mailing = (_("Same as the address above") if entity.mailing_address == entity.address
                   else entity.mailing_address)
        rows = [(_("Entity type"), self._word(ENTITY_TYPES, entity.entity_type)),
                (_("Entity name"), entity.name),
                (_("Certificate type"), self._word(CERTIFICATES, entity.certificate_type)),
                (_("Certificate number"), entity.certificate_number),
                (_("Province"), region_name(entity.region, self.lang)),
                (_("Address"), entity.address),
                (_("Mailing address"), mailing if entity.mailing_address else ""),
                (_("Investor or superior unit"), entity.investor),
                (_("Landline"), entity.landline),
                (_("Entity filing number"), entity.filing_number)]
        if organisation:
            rows.append((_("Leader is the legal representative"),
                         self.yes_no(entity.leader_is_legal_representative)))
        return Part(_("Entity"), _rows(rows))

    def person(self, person: Person) -> tuple[Row, ...]:
        _ = self.t.gettext
        return _rows([(_("Name"), person.name),
                      (_("Certificate type"), self._word(CERTIFICATES, person.certificate_type)),
                      (_("Certificate number"), person.certificate_number),
                      (_("Certificate valid until"), self.day(person.certificate_valid_until)),
                      (_("Mobile number"), person.mobile),
                      (_("E-mail"), person.email),
                      (_("Emergency phone"), person.emergency_phone)])

    def website(self, order: FilingOrder, index: int) -> Part:
        _, site = self.t.gettext, order.websites[index]
        approval = site.pre_approval
        languages = [self._word(WEBSITE_LANGUAGES, code) for code in site.languages]
        rows = [(_("Website name"), site.name),
                (_("Domain"), site.domain),
                (_("Domain holder"), self.answer("domain_holder", site.domain_holder, {})
                 if site.domain_holder else ""),
                (_("Domain expires"), self.day(site.domain_expires)),
                (_("Website content"), self._word(WEBSITE_CONTENT, site.content)),
                (_("Languages"), self.formats.items(languages)),
                (_("Pre-approval"), self._word(PRE_APPROVALS, approval.category)
                 if approval else ""),
                (_("Approval number"), approval.number if approval else ""),
                (_("Website filing number"), site.filing_number)]
        return Part(_("Website {number}").format(number=index + 1), _rows(rows),
                    heading=site.name, people=(self.administrator(order, site),))

    def administrator(self, order: FilingOrder, site: Website) -> Part:
        _, admin, leader = self.t.gettext, site.leader, order.entity.leader
        title = _("Website administrator")
        if admin is None:
            return Part(title, ())
        if (admin.certificate_type, admin.certificate_number) == (
                leader.certificate_type, leader.certificate_number):
            return Part(title, (Row(title, _("Same as the entity leader")),))
        return Part(title, self.person(admin))

    def access(self, order: FilingOrder) -> Part:
        _, access = self.t.gettext, order.access
        rows = [] if access is None else [
            (_("Service code"), access.service_code),
            (_("Instance region"), self._word(INSTANCE_REGIONS, access.instance_region))]
        billing = order.details.get("instance_billing", "")
        rows.append((_("Billing"), self._word(BILLINGS, billing)))
        return Part(_("Access"), _rows(rows))

    def further_answers(self, order: FilingOrder) -> Part:
        """The operation's own answers (what changes, the claim's conditions, …) and the
        remarks: ``details`` under their steps' labels (a key no step names stays hidden)."""
        _ = self.t.gettext
        answers = {"entity_type": order.entity.entity_type, "region": order.region,
                   **order.details}
        rows = [(self.label_of(key), self.answer(key, value, answers))
                for key, value in order.details.items() if key != "instance_billing"]
        rows.append((_("Remarks"), order.remarks))
        return Part(_("Operation details"), _rows((label, value) for label, value in rows
                                                  if label))

    def applicant(self, who: str) -> str:
        """``telegram:5550001`` as "Telegram 5550001"; a desk account's name as it is."""
        channel, _, ident = who.partition(":")
        if not ident:
            return who
        name = CHANNELS.get(channel)
        return f"{self.t.gettext(name)} {ident}" if name else ident


def _rows(pairs: Iterable[tuple[str, str]]) -> tuple[Row, ...]:
    """The rows that hold something: an empty field is one the applicant was not asked."""
    return tuple(Row(label, value) for label, value in pairs if value not in ("", None))
