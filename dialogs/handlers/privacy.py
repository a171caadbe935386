"""What is stored (/privacy) and deleting it (/forget)."""

from __future__ import annotations

from dialogs.handlers.menus import MainMenu
from dialogs.materials import MaterialStore
from dialogs.session import ConversationStore
from dialogs.turn import Turn
from filing.services import FilingService
from filing.text import N_


class PrivacyHandler:
    def __init__(self, store: ConversationStore, filing: FilingService,
                 materials: MaterialStore | None, menu: MainMenu,
                 draft_retention_days: int) -> None:
        self._draft_retention_days = draft_retention_days
        self._store = store
        self._filing = filing
        self._materials = materials
        self._menu = menu

    def privacy(self, turn: Turn, args: str = "") -> None:
        turn.say(N_("I store what you enter for your filing (names, certificate numbers, "
                    "phone numbers, e-mail, addresses and uploaded materials) encrypted, only "
                    "to prepare and track your filing. Only you and the provider's reviewers "
                    "can see it, and summaries show personal data masked."))
        turn.say(N_("A draft nobody touches for {days} days is deleted, with its uploaded "
                    "materials; /forget deletes your drafts and materials at once."),
                 days=self._draft_retention_days)

    def confirm_forget(self, turn: Turn, args: str = "") -> None:
        turn.ask(N_("Delete your drafts and their uploaded files now? Orders under review stay "
                    "with the reviewers until their review ends, as the filing requires; then "
                    "their personal data and files are deleted. Finished orders are "
                    "anonymised now. This cannot be undone."),
                 [(N_("Yes, delete my data"), "forget:yes"), (N_("No, keep it"), "menu:main")])

    def forget(self, turn: Turn, answer: str) -> None:
        """The retention rule announced above (filing.retention): drafts and files no order
        under review needs go now; orders under review when their review ends."""
        if answer != "yes":
            self._menu.show(turn)
            return
        orders = self._filing.forget(turn.chat.key)
        drafts = self._store.forget(turn.chat.key)
        files = (self._materials.delete_owner(turn.chat.key, keep=orders.kept_files)
                 if self._materials else 0)
        turn.close(keep=False)
        turn.profile.region_hint = turn.profile.pending = None
        t = turn.t
        turn.say_text("\n".join((
            t.ngettext("Deleted {count} draft.", "Deleted {count} drafts.",
                       drafts).format(count=drafts),
            t.ngettext("Deleted {count} uploaded file.", "Deleted {count} uploaded files.",
                       files).format(count=files))))
        if orders.kept:
            turn.say(N_("Orders under review are kept until the review ends, as the filing "
                        "requires: {orders}. When it ends, their personal data and files are "
                        "deleted by themselves."), orders=", ".join(orders.kept))
        if orders.anonymised:
            turn.say(N_("Finished orders were anonymised (only their number, status and filing "
                        "number remain): {orders}."), orders=", ".join(orders.anonymised))
