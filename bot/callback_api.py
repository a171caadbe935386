"""The back office's signed HTTP callback: a provider system posts review results.

POST /callback/status with a JSON body and the header
``X-ICPBot-Signature: sha256=<hex HMAC-SHA256 of the raw body with ICPBOT_CALLBACK_SECRET>``.
The body: {"event_id", "timestamp" (unix seconds), "order_id", "action", "reasons", "note",
"icp_number"}. Wrong signatures, stale timestamps, replays and unknown orders are refused.
The actions accepted are exactly the reviewer's decisions for the order's type and status
(``filing.lifecycle.decisions``, the same list the chat cards and the CLI desk offer): a
decision the order's path does not have is refused with 409.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from filing.errors import DomainError, ForbiddenTransition, OrderNotFound
from filing.lifecycle import NOT_DECISIONS, Action
from filing.services import FilingService, ReviewDecision
from storage.receipts import SqlReceipts

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024
MAX_SKEW = 300  # seconds a signed request stays valid
SIGNATURE_HEADER = "X-ICPBot-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _refuse(status: int, reason: str, **extra: Any) -> web.Response:
    log.warning("callback refused (%s): %s %s", status, reason, extra or "")
    return web.json_response({"ok": False, "error": reason}, status=status)


class CallbackHandler:
    def __init__(self, filing: FilingService, receipts: SqlReceipts, secret: str,
                 clock: Callable[[], float] = time.time) -> None:
        self._filing = filing
        self._receipts = receipts
        self._secret = secret
        self._clock = clock

    async def status(self, request: web.Request) -> web.Response:
        if (request.content_length or 0) > MAX_BODY:
            return _refuse(413, "body too large")
        body = await request.read()
        if len(body) > MAX_BODY:  # also when mounted on a server with a larger limit
            return _refuse(413, "body too large")
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not hmac.compare_digest(signature, sign(self._secret, body)):
            return _refuse(401, "bad signature", peer=request.remote)
        try:
            data = json.loads(body)
            event_id = str(data["event_id"])[:100]
            stamp = float(data["timestamp"])
            order_id = str(data["order_id"])
            action = Action(str(data["action"]))
        except (ValueError, KeyError, TypeError):
            return _refuse(400, "malformed body")
        if abs(self._clock() - stamp) > MAX_SKEW:
            return _refuse(409, "stale timestamp", event_id=event_id)
        if action in NOT_DECISIONS:
            return _refuse(400, "not a review decision (the applicant submits and withdraws; "
                                "expiry is the bot's)")
        if not self._receipts.first_callback(event_id, order_id):
            return _refuse(409, "replayed event", event_id=event_id)
        decision = ReviewDecision(order_id, action, "back-office",
                                  tuple(str(r) for r in data.get("reasons") or ()),
                                  data.get("note"), data.get("icp_number"))
        try:
            order = self._filing.decide(decision)
        except OrderNotFound:
            self._receipts.forget_callback(event_id)
            return _refuse(404, "unknown order", order_id=order_id)
        except ForbiddenTransition as error:
            self._receipts.forget_callback(event_id)
            return _refuse(409, str(error), order_id=order_id)
        except DomainError as error:
            self._receipts.forget_callback(event_id)
            return _refuse(422, str(error), order_id=order_id)
        log.info("callback %s applied: order %s is %s", event_id, order.id, order.status)
        return web.json_response({"ok": True, "order_id": order.id, "status": order.status,
                                  "icp_number": order.icp_number})


def callback_routes(filing: FilingService, receipts: SqlReceipts,
                    secret: str) -> list[web.RouteDef]:
    return [web.post("/callback/status", CallbackHandler(filing, receipts, secret).status)]


def make_callback_app(filing: FilingService, receipts: SqlReceipts,
                      secret: str) -> web.Application:
    web_app = web.Application(client_max_size=MAX_BODY)
    web_app.add_routes(callback_routes(filing, receipts, secret))
    return web_app
