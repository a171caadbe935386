"""The end of a form: the order submitted to the core, or (for the chooser) a recommended
operation."""

from __future__ import annotations

from collections.abc import Mapping

from dialogs import form
from dialogs.handlers.menus import MainMenu
from dialogs.labels import SMS_RECIPIENTS
from dialogs.messages import Ask, Option
from dialogs.render import message
from dialogs.session import DialogSession, StaleDraft
from dialogs.steps import Flow
from dialogs.turn import Turn
from filing.errors import ConcurrentUpdate, DomainError, OrderInvalid
from filing.lifecycle import PATHS, Outcome, Status
from filing.model import FilingOrder
from filing.services import FilingService
from filing.text import N_


def after_submission(order: FilingOrder, turn: Turn) -> str:
    """What happens next, for this operation's path: an SMS is announced only where MIIT
    sends one, and to whose mobile."""
    path, t = PATHS[order.order_type], turn.t
    if path.outcome is Outcome.IN_ACCOUNT:
        text = N_("Submitted! Your order number is {order_id}. The provider checks that the "
                  "filing is yours; there is no MIIT SMS and no review by the Communications "
                  "Administration. Once approved, the filing appears in your account. I will "
                  "tell you about every step here.")
    elif not path.has_sms:
        text = N_("Submitted! Your order number is {order_id}. The provider reviews it first, "
                  "then the Communications Administration records it; removing access needs "
                  "no SMS verification. I will tell you about every step here.")
    elif path.steps[0] is Status.SMS_VERIFICATION:
        text = N_("Submitted! Your order number is {order_id}. A cancellation goes straight "
                  "to MIIT: an SMS from 12381 comes to {who} and must be verified within 24 "
                  "hours (ignore it to stop the cancellation); then the Communications "
                  "Administration decides. I will tell you about every step here.")
    else:
        text = N_("Submitted! Your order number is {order_id}. The provider reviews it first "
                  "(usually 1–2 working days); then MIIT sends an SMS from 12381 to {who} that "
                  "must be verified within 24 hours. I will tell you about every step here.")
    return t.gettext(text).format(order_id=order.id,
                                  who=t.gettext(SMS_RECIPIENTS.get(path.sms_to, "")))


def order_id_for(draft: DialogSession) -> str:
    """The id of the order a new-filing draft becomes (the draft id is 8 random hex digits,
    so this looks like any other order number)."""
    return "O" + draft.id.upper()


class FormEnding:
    def __init__(self, filing: FilingService, flows: Mapping[str, Flow],
                 menu: MainMenu) -> None:
        self._filing = filing
        self._flows = flows
        self._menu = menu

    def recommend(self, turn: Turn, flow_name: str) -> None:
        """End of the chooser: say which operation fits, and offer to start it."""
        assert turn.draft is not None
        form.move(turn, "confirm")
        turn.draft.status = "done"
        turn.close()
        turn.out.clear()
        target = self._flows.get(flow_name)
        if target is None:
            turn.say(N_("I could not tell which operation fits; please choose one."))
            self._menu.operations(turn)
            return
        title = turn.t.gettext(target.title)
        turn.out.append(Ask(
            turn.t.gettext("From your answers, the right operation is: {operation}.").format(
                operation=title),
            (Option(turn.t.gettext("Start: {operation}").format(operation=title),
                    f"flow:{flow_name}"),
             Option(turn.t.gettext("Choose another operation"), "menu:new"))))

    def confirm(self, turn: Turn) -> None:
        draft, flow = turn.draft, turn.flow
        assert draft is not None and flow is not None
        if not form.complete(turn) or flow.build_order is None:
            form.prompt(turn)
            return
        order = flow.build_order(draft.answers, turn.chat.key)
        # A new order's id comes from its draft: a confirmation handled twice (a crash after
        # the order was filed but before the draft was saved; a redelivery to another
        # worker) finds the order already filed instead of filing a second one.
        order.id = draft.order_id or order_id_for(draft)
        try:
            order = self._filing.submit(order, actor=turn.chat.key, new=not draft.order_id)
        except ConcurrentUpdate as error:  # filed by another worker just now: start over,
            raise StaleDraft(draft.id) from error  # and the turn finds the order filed
        except OrderInvalid as invalid:
            turn.say_text("\n".join([turn.t.gettext("Before you can submit, please fix:"),
                                     *form.problems_of(turn, invalid)]))
            form.prompt(turn)
            return
        except DomainError as error:
            turn.say_text(message(turn.t, error.msgid, error.params, turn.lang))
            return
        form.move(turn, "confirm")
        draft.status, draft.order_id = "submitted", order.id
        turn.close()
        turn.say_text(after_submission(order, turn))
