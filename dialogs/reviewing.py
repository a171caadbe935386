"""A reviewer's decision in the chat, step by step, on the message of the order's card:

card → (approve-like) "Approve order X?" → decided
card → (rejection) reason picker (toggles) → [note] → "Reject with these reasons?" → decided

Button values (after the router's ``rv:``): ``<action>:<order>`` on a card, then
``<step>:<order>:<action>:<picked>:<version>`` where ``picked`` is the set of reasons as a
hexadecimal bit mask over the order's reason catalogue and ``version`` the order's version
the reviewer looked at (a decision on an order changed since is refused).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from dialogs.cards import order_card
from dialogs.i18n import Translator
from dialogs.labels import ACTIONS, STATUSES
from dialogs.messages import Ask, Option, code
from filing.lifecycle import Action
from filing.model import FilingOrder
from filing.reasons import RejectionReason, is_known_reason, reason_by_code, reasons_for
from filing.text import N_
from filing.types import OrderType

MAX_BUTTON = 20  # characters of a reason button: what a phone shows on two columns
OTHER = "other"  # the reason that needs a note
PENDING_NOTE = "review_note"  # ChatProfile.pending while the note is awaited
STEPS = frozenset({"pick", "done", "note", "yes", "card"})

# Buttons ≤ 18 characters, so that "☑ " + label fits MAX_BUTTON; the full text is in the card.
SHORT_LABELS: dict[str, str] = {
    "domain_not_verified": N_("Domain unverified"),
    "domain_holder_mismatch": N_("Holder mismatch"),
    "domain_tld_or_expiry": N_("Suffix or expiry"),
    "cross_province": N_("Wrong province"),
    "website_name": N_("Website name"),
    "pre_approval_missing": N_("No pre-approval"),
    "individual_commercial": N_("Commercial content"),
    "site_online_during_review": N_("Site online"),
    "filed_sites_unreachable": N_("Filed sites down"),
    "leader_not_legal_rep": N_("Not legal rep"),
    "materials_unclear": N_("Unclear materials"),
    "face_verification_failed": N_("Face check failed"),
    "phone_problem": N_("Phone number"),
    "sms_not_verified": N_("SMS not verified"),
    "already_filed": N_("Already filed"),
    "order_conflict": N_("Order conflict"),
    "address_incomplete": N_("Address incomplete"),
    "filing_mismatch": N_("Filing mismatch"),
    "ownership_not_proven": N_("Ownership unproven"),
    "new_access_pending": N_("New access pending"),
    OTHER: N_("Other (note)"),
}

APPROVE_QUESTIONS: dict[Action, str] = {
    Action.APPROVE: N_("Approve order {order_id}? It goes on to MIIT and the applicant is "
                       "told at once."),
    Action.SMS_SENT: N_("Record that MIIT sent the SMS of order {order_id} again? A new "
                        "24-hour window starts."),
    Action.SMS_VERIFIED: N_("Record the SMS of order {order_id} as verified?"),
    Action.SMS_EXPIRED: N_("Record the SMS window of order {order_id} as missed? The order "
                           "comes back to your review."),
    Action.ADMINISTRATION_APPROVE: N_("Record the administration's approval of order "
                                      "{order_id}? A filing number is issued."),
}


@dataclass
class ReviewDraft:
    """A rejection being put together by one reviewer chat."""

    chat: str
    order_id: str
    action: str
    reasons: tuple[str, ...]
    version: int
    note: str | None = None


class ReviewDrafts(Protocol):
    def load(self, chat: str) -> ReviewDraft | None: ...

    def save(self, draft: ReviewDraft) -> None: ...

    def clear(self, chat: str) -> None: ...


@dataclass(frozen=True)
class Step:
    """A tapped panel button, parsed."""

    step: str
    order_id: str
    action: Action
    picked: int = 0  # bit mask over the catalogue
    version: int | None = None

    def value(self, step: str, picked: int | None = None) -> str:
        mask = self.picked if picked is None else picked
        return (f"rv:{step}:{self.order_id}:{self.action.value}:{mask:x}:"
                f"{self.version if self.version is not None else ''}")


def parse(arg: str) -> Step | None:
    """``<action>[~<reason>]:<order>`` (a card) or ``<step>:<order>:<action>:<mask>:<v>``."""
    parts = arg.split(":")
    try:
        if len(parts) == 2:
            return Step("start", parts[1], Action(parts[0].partition("~")[0]))
        if len(parts) == 5 and parts[0] in STEPS:
            version = int(parts[4]) if parts[4] else None
            return Step(parts[0], parts[1], Action(parts[2]), int(parts[3] or "0", 16),
                        version)
    except ValueError:
        return None
    return None


# --- the catalogue ------------------------------------------------------------------------


def catalogue(order_type: str) -> tuple[RejectionReason, ...]:
    """The reasons a reviewer may give for an order of ``order_type``."""
    return reasons_for(OrderType(order_type))


def short_label(reason: RejectionReason, t: Translator) -> str:
    label = SHORT_LABELS.get(reason.code)
    text = t.gettext(label) if label else t.gettext(reason.problem)
    return text if len(text) <= MAX_BUTTON - 2 else text[:MAX_BUTTON - 3] + "…"


def picked_codes(reasons: Sequence[RejectionReason], picked: int) -> tuple[str, ...]:
    return tuple(reason.code for index, reason in enumerate(reasons) if picked >> index & 1)


def mask_of(reasons: Sequence[RejectionReason], codes: Sequence[str]) -> int:
    return sum(1 << index for index, reason in enumerate(reasons) if reason.code in codes)


# --- the panels ---------------------------------------------------------------------------


def confirm_approval(card: str, step: Step, t: Translator) -> Ask:
    question = APPROVE_QUESTIONS.get(step.action, N_("Record “{action}” for order {order_id}?"))
    text = t.gettext(question).format(order_id=code(step.order_id),
                                      action=t.gettext(ACTIONS[step.action]))
    return Ask(f"{card}\n\n{text}", (Option(t.gettext("✅ Yes, record it"), step.value("yes")),
                                     Option(t.gettext("↩ Back"), step.value("card"))),
               columns=2, in_place=True, about_order=step.order_id)


def reason_picker(card: str, step: Step, reasons: Sequence[RejectionReason],
                  t: Translator) -> Ask:
    """Toggle buttons, one per reason (☑ picked), then "reject with N reasons"."""
    lines = [card, "", t.gettext("Why is order {order_id} rejected? Tap every reason that "
                                 "applies, then confirm; the applicant is told what to fix.")
             .format(order_id=code(step.order_id))]
    options = []
    for index, reason in enumerate(reasons):
        on = bool(step.picked >> index & 1)
        lines.append(f"{'☑' if on else '☐'} {index + 1}. {t.gettext(reason.problem)}")
        options.append(Option(f"{'☑' if on else '☐'} {short_label(reason, t)}",
                              step.value("pick", step.picked ^ (1 << index))))
    count = bin(step.picked).count("1")
    if count:
        options.append(Option(t.ngettext("❌ Reject: {count} reason", "❌ Reject: {count} reasons",
                                         count).format(count=count), step.value("done")))
    options.append(Option(t.gettext("↩ Back"), step.value("card")))
    return Ask("\n".join(lines), tuple(options), columns=2, in_place=True,
               about_order=step.order_id)


def ask_note(card: str, step: Step, t: Translator, required: bool) -> Ask:
    text = (t.gettext("“Other” needs a note: write what the applicant must fix, as your next "
                      "message.") if required else
            t.gettext("Write the note for the applicant as your next message."))
    return Ask(f"{card}\n\n{text}", (Option(t.gettext("↩ Back to the reasons"),
                                            step.value("pick")),),
               in_place=True, about_order=step.order_id)


def confirm_rejection(card: str, step: Step, reasons: Sequence[RejectionReason],
                      note: str | None, t: Translator, *, in_place: bool = True) -> Ask:
    lines = [card, "", t.gettext("Reject order {order_id} for these reasons?").format(
        order_id=code(step.order_id))]
    lines += ["• " + t.gettext(reason.problem) for reason in reasons
              if reason.code in picked_codes(reasons, step.picked)]
    if note:
        lines.append(t.gettext("Note: {note}").format(note=note))
    note_label = t.gettext("✍️ Change the note") if note else t.gettext("✍️ Add a note")
    return Ask("\n".join(lines), (Option(t.gettext("✅ Reject"), step.value("yes")),
                                  Option(note_label, step.value("note")),
                                  Option(t.gettext("↩ Back to the reasons"),
                                         step.value("pick"))),
               columns=2, in_place=in_place, about_order=step.order_id)


def decided_card(order: FilingOrder, t: Translator, lang: str, *, in_place: bool = False
                 ) -> Ask:
    """The card after a decision, wherever it was taken: the order as it is now, the step
    just recorded (with its reasons and note), and only the buttons its new status allows."""
    card = order_card(order.summary(), t, lang)
    lines = [card.text, ""]
    if order.history:
        change = order.history[-1]
        lines.append(t.gettext("Decided: {old} → {new}").format(
            old=t.gettext(STATUSES.get(change.old_status, change.old_status)),
            new=t.gettext(STATUSES.get(change.new_status, change.new_status))))
        lines += ["• " + t.gettext(reason_by_code(c).problem) for c in change.reasons
                  if is_known_reason(c)]
        if change.note:
            lines.append(t.gettext("Note: {note}").format(note=change.note))
    return Ask("\n".join(lines), card.options, in_place=in_place, about_order=order.id)
