"""The back office's signed HTTP callback: a provider system posts review results.

POST /callback/status with a JSON body and the header
``X-ICPBot-Signature: sha256=<hex HMAC-SHA256 of the raw body with ICPBOT_CALLBACK_SECRET>``.
The body: {"event_id", "timestamp" (unix seconds), "order_id", "action", "reasons", "note",
"icp_number"}, each field checked before anything else (bot/callback_body.py). Wrong
signatures, stale timestamps, replays and unknown orders are refused. The event id is
recorded in the same transaction as the change: a request that fails consumes nothing, and
the back office's retry applies it. The actions accepted are exactly the reviewer's decisions
for the order's type and status (``filing.lifecycle.decisions``, the same list the chat cards
and the CLI desk offer): a decision the order's path does not have is refused with 409.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.callback_body import BadBody, parse_body
from filing.errors import (
    ConcurrentUpdate,
    DomainError,
    ForbiddenTransition,
    OrderNotFound,
    ReplayedEvent,
    StorageUnavailable,
)
from filing.lifecycle import NOT_DECISIONS
from filing.services import FilingService, ReviewDecision

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024
MAX_SKEW = 300  # seconds a signed request stays valid
SIGNATURE_HEADER = "X-ICPBot-Signature"
BODY_TIMEOUT = 10.0  # seconds to receive the whole body


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _refuse(status: int, reason: str, **extra: Any) -> web.Response:
    log.warning("callback refused (%s): %s %s", status, reason, extra or "")
    return web.json_response({"ok": False, "error": reason}, status=status)


class CallbackHandler:
    def __init__(self, filing: FilingService, secret: str,
                 clock: Callable[[], float] = time.time) -> None:
        self._filing = filing
        self._secret = secret
        self._clock = clock

    async def status(self, request: web.Request) -> web.Response:
        if (request.content_length or 0) > MAX_BODY:
            return _refuse(413, "body too large")
        try:
            body = await _read(request)
        except TimeoutError:
            return _refuse(408, "body not received in time")
        if len(body) > MAX_BODY:  # also when mounted on a server with a larger limit
            return _refuse(413, "body too large")
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not hmac.compare_digest(signature.encode(), sign(self._secret, body).encode()):
            return _refuse(401, "bad signature", peer=request.remote)
        try:
            data = parse_body(body)
        except BadBody as bad:
            return _refuse(400, str(bad))
        if abs(self._clock() - data.timestamp) > MAX_SKEW:
            return _refuse(409, "stale timestamp", event_id=data.event_id)
        if data.action in NOT_DECISIONS:
            return _refuse(400, "not a review decision (the applicant submits and withdraws; "
                                "expiry is the bot's)")
        decision = ReviewDecision(data.order_id, data.action, "back-office", data.reasons,
                                  data.note, data.icp_number, event_id=data.event_id)
        return self._apply(decision)

    def _apply(self, decision: ReviewDecision) -> web.Response:
        order_id = decision.order_id
        try:
            order = self._filing.decide(decision)
        except ReplayedEvent:
            return _refuse(409, "replayed event", event_id=decision.event_id)
        except OrderNotFound:
            return _refuse(404, "unknown order", order_id=order_id)
        except (ForbiddenTransition, ConcurrentUpdate) as error:
            return _refuse(409, str(error), order_id=order_id)
        except DomainError as error:
            return _refuse(422, str(error), order_id=order_id)
        except StorageUnavailable:
            return _refuse(503, "storage unavailable; retry later", order_id=order_id)
        log.info("callback %s applied: order %s is %s", decision.event_id, order.id,
                 order.status)
        return web.json_response({"ok": True, "order_id": order.id, "status": order.status,
                                  "icp_number": order.icp_number})


async def _read(request: web.Request) -> bytes:
    """The body, at most MAX_BODY + 1 bytes, within BODY_TIMEOUT (a slow sender is cut)."""
    body = bytearray()
    async with asyncio.timeout(BODY_TIMEOUT):
        while len(body) <= MAX_BODY:
            chunk = await request.content.read(MAX_BODY + 1 - len(body))
            if not chunk:
                break
            body += chunk
    return bytes(body)


def callback_routes(filing: FilingService, secret: str) -> list[web.RouteDef]:
    return [web.post("/callback/status", CallbackHandler(filing, secret).status)]


def make_callback_app(filing: FilingService, secret: str) -> web.Application:
    web_app = web.Application(client_max_size=MAX_BODY)
    web_app.add_routes(callback_routes(filing, secret))
    return web_app
