"""Reviewers in the chat: /queue, and a decision taken step by step on an order's card (see
dialogs/reviewing.py): a confirmation before anything is recorded, several reasons per
rejection, a note (required with "other") typed as the next message."""

from __future__ import annotations

from dataclasses import replace

from dialogs import reviewing
from dialogs.cards import order_card
from dialogs.render import message
from dialogs.reviewing import ReviewDraft, ReviewDrafts, Step
from dialogs.turn import Turn
from filing.errors import DomainError
from filing.lifecycle import REJECTIONS, Action, Status, decisions
from filing.model import FilingOrder
from filing.services import FilingService, ReviewDecision
from filing.text import N_

CHANGED_MEANWHILE = N_("Order {order_id} was changed meanwhile (another decision came first); "
                       "look at it again.")


class ReviewHandler:
    def __init__(self, filing: FilingService, drafts: ReviewDrafts) -> None:
        self._filing = filing
        self._drafts = drafts

    def queue(self, turn: Turn, args: str = "") -> None:
        orders = self._filing.list_waiting()
        if not orders:
            turn.say(N_("The review queue is empty."))
            return
        turn.say_text(turn.t.ngettext("{count} order waits for a decision.",
                                      "{count} orders wait for a decision.",
                                      len(orders)).format(count=len(orders)))
        turn.out += [order_card(order, turn.t, turn.lang) for order in orders]

    def decide(self, turn: Turn, arg: str) -> None:
        """A tap on a card or on a step of the decision (``rv:…``)."""
        step = reviewing.parse(arg)
        if step is None:
            turn.say(N_("That button is no longer valid."))
            return
        try:
            order = self._filing.get(step.order_id)
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        if step.step == "start":
            self._start(turn, order, step)
        elif step.step == "card" or (step.version is not None
                                     and step.version != order.version):
            self._card(turn, order, changed=step.step != "card")
        elif step.step == "yes":
            self._record(turn, order, step)
        else:
            self._rejection_step(turn, order, step)

    def note(self, turn: Turn, text: str) -> None:
        """The reviewer's note, typed after "add a note": kept, then the confirmation."""
        turn.profile.pending = None
        draft = self._drafts.load(turn.chat.key)
        if draft is None:
            turn.say(N_("That button is no longer valid."))
            return
        draft.note = text.strip() or None
        self._drafts.save(draft)
        order = self._filing.get(draft.order_id)
        reasons = reviewing.catalogue(order.order_type)
        step = Step("done", draft.order_id, Action(draft.action),
                    reviewing.mask_of(reasons, draft.reasons), draft.version)
        turn.out.append(reviewing.confirm_rejection(self._card_text(turn, order), step,
                                                    reasons, draft.note, turn.t,
                                                    in_place=False))

    # --- the steps -------------------------------------------------------------------

    def _start(self, turn: Turn, order: FilingOrder, step: Step) -> None:
        if step.action not in decisions(order.order_type, Status(order.status)):
            self._card(turn, order, changed=True)
            return
        self._drafts.clear(turn.chat.key)
        step = replace(step, version=order.version, picked=0)
        card = self._card_text(turn, order)
        if step.action in REJECTIONS:
            reasons = reviewing.catalogue(order.order_type)
            turn.out.append(reviewing.reason_picker(card, step, reasons, turn.t))
        else:
            turn.out.append(reviewing.confirm_approval(card, step, turn.t))

    def _rejection_step(self, turn: Turn, order: FilingOrder, step: Step) -> None:
        reasons = reviewing.catalogue(order.order_type)
        card = self._card_text(turn, order)
        codes = reviewing.picked_codes(reasons, step.picked)
        draft = self._draft_for(turn, step, codes)
        if step.step == "pick" or not codes:
            turn.profile.pending = None
            turn.out.append(reviewing.reason_picker(card, step, reasons, turn.t))
        elif step.step == "note" or (reviewing.OTHER in codes and not draft.note):
            self._drafts.save(draft)
            turn.profile.pending = reviewing.PENDING_NOTE
            turn.out.append(reviewing.ask_note(card, step, turn.t,
                                               required=reviewing.OTHER in codes))
        else:
            turn.out.append(reviewing.confirm_rejection(card, step, reasons, draft.note,
                                                        turn.t))

    def _record(self, turn: Turn, order: FilingOrder, step: Step) -> None:
        reasons = reviewing.catalogue(order.order_type)
        codes = reviewing.picked_codes(reasons, step.picked)
        note = self._draft_for(turn, step, codes).note
        if step.action in REJECTIONS and (not codes or (reviewing.OTHER in codes
                                                        and not note)):
            self._rejection_step(turn, order, replace(step, step="done"))
            return
        decision = ReviewDecision(order.id, step.action, turn.chat.key, codes, note,
                                  expected_version=step.version)
        try:
            decided = self._filing.decide(decision)
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            self._card(turn, self._filing.get(order.id), changed=False)
            return
        self._drafts.clear(turn.chat.key)
        turn.profile.pending = None
        turn.out.append(reviewing.decided_card(decided, turn.t, turn.lang, in_place=True))

    def _card(self, turn: Turn, order: FilingOrder, *, changed: bool) -> None:
        """The order's card as it is now, in place of the panel; ``changed``: say why."""
        self._drafts.clear(turn.chat.key)
        turn.profile.pending = None
        card = order_card(order.summary(), turn.t, turn.lang)
        if changed:
            note = turn.t.gettext(CHANGED_MEANWHILE).format(order_id=order.id)
            card = replace(card, text=f"{card.text}\n\n{note}")
        turn.out.append(replace(card, in_place=True))

    def _card_text(self, turn: Turn, order: FilingOrder) -> str:
        return order_card(order.summary(), turn.t, turn.lang).text

    def _draft_for(self, turn: Turn, step: Step, codes: tuple[str, ...]) -> ReviewDraft:
        """The chat's rejection draft for this order (its note), updated to ``codes``."""
        stored = self._drafts.load(turn.chat.key)
        note = stored.note if stored is not None and stored.order_id == step.order_id else None
        return ReviewDraft(turn.chat.key, step.order_id, step.action.value, codes,
                           step.version or 0, note)
