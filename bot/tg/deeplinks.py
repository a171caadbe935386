"""Deep links ``https://t.me/<bot>?start=<payload>``: open a flow, or an order's fix screen.

Payloads (Telegram allows 1-64 characters of ``A-Z a-z 0-9 _ -``):

- ``flow_<flow name>`` — starts that filing operation, e.g. ``flow_first_filing``;
- ``fix_<order id>_<expiry>_<signature>`` — the correction screen of a returned order, from a
  reminder or the provider's web page. It names an order, so it is signed: HMAC-SHA256 over
  ``fix:<order id>:<expiry>`` with a key derived from the secret key(s) (ICPBOT_SECRET_KEY;
  every key of a rotation is accepted), and it expires (``expiry``: Unix time, base 36).

The link only opens the screen: the engine still shows an order to its own applicant only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from dialogs.messages import Choice, Command, Incoming
from filing.text import N_

MAX_PAYLOAD = 64
FIX_VALID_FOR = 30 * 24 * 3600  # seconds a fix link works by default
SIGNATURE_CHARS = 22  # base64url of 16 bytes of HMAC-SHA256, unpadded
_KEY_CONTEXT = b"icpbot deep links v1"
_FLOW = re.compile(r"^flow_([a-z][a-z_]{0,40})$")
_FIX = re.compile(r"^fix_([A-Za-z0-9]{1,20})_([0-9a-z]{1,10})_([A-Za-z0-9_-]{22})$")

LINK_EXPIRED = N_("This link has expired. Your orders are under /status; the provider can "
                  "send you a new link.")
LINK_INVALID = N_("This link is not valid (perhaps it was copied only in part). Here is the "
                  "main menu.")


@dataclass(frozen=True)
class Opened:
    """What a payload asks the engine for, and what to tell the user first (a msgid)."""

    incoming: Incoming
    problem: str | None = None


class DeepLinks:
    def __init__(self, secret_keys: Sequence[str], flows: Collection[str],
                 now: Callable[[], float] = time.time) -> None:
        self._keys = [hmac.new(key.encode(), _KEY_CONTEXT, hashlib.sha256).digest()
                      for key in secret_keys]
        self._flows = frozenset(flows)
        self._now = now

    # --- making links ----------------------------------------------------------------

    def flow_payload(self, flow: str) -> str:
        if flow not in self._flows:
            raise ValueError(f"unknown flow {flow!r}")
        return f"flow_{flow}"

    def fix_payload(self, order_id: str, valid_for: float = FIX_VALID_FOR) -> str:
        if not re.fullmatch(r"[A-Za-z0-9]{1,20}", order_id):
            raise ValueError(f"not an order id: {order_id!r}")
        expiry = _base36(int(self._now() + valid_for))
        payload = f"fix_{order_id}_{expiry}_{self._sign(self._keys[0], order_id, expiry)}"
        assert len(payload) <= MAX_PAYLOAD
        return payload

    @staticmethod
    def url(bot_username: str, payload: str) -> str:
        return f"https://t.me/{bot_username.lstrip('@')}?start={payload}"

    # --- opening links ---------------------------------------------------------------

    def open(self, payload: str) -> Opened:
        """The engine input a /start payload stands for; a plain /start with a polite word
        for a payload that is forged, damaged, unknown or expired."""
        flow = _FLOW.match(payload)
        if flow and flow.group(1) in self._flows:
            return Opened(Choice(f"flow:{flow.group(1)}"))
        fix = _FIX.match(payload)
        if not fix or not self._signed(*fix.groups()):
            return Opened(Command("start"), LINK_INVALID)
        order_id, expiry, _ = fix.groups()
        if int(expiry, 36) < self._now():
            return Opened(Command("start"), LINK_EXPIRED)
        return Opened(Choice(f"fix:{order_id}"))

    def _signed(self, order_id: str, expiry: str, signature: str) -> bool:
        return any(hmac.compare_digest(self._sign(key, order_id, expiry), signature)
                   for key in self._keys)

    @staticmethod
    def _sign(key: bytes, order_id: str, expiry: str) -> str:
        digest = hmac.new(key, f"fix:{order_id}:{expiry}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text
