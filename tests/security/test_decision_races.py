"""Attack 1: two deciders on one order at the same moment (two CLI processes on SQLite, a
Telegram tap against a signed callback, a final approval run twice). Every decision is a
compare-and-set on the order's version: exactly one applies, the loser is told, one notice."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.callback_api import SIGNATURE_HEADER, make_callback_app, sign
from dialogs.flood import FloodGuard
from dialogs.messages import Ask, ChatRef, Choice
from filing.lifecycle import Status
from tests.security.support import icpbot, orders_in, scalar, sqlite_app, sqlite_env

ORDERS = 20
LOSER_TOLD = ("changed meanwhile", "changed while you were looking", "not possible now")


def _decisions(app: object, order_id: str) -> int:
    return int(scalar(app, "SELECT count(*) FROM status_history WHERE order_id = :o "  # type: ignore[arg-type]
                           "AND actor != 'setup' AND old_status != 'draft'", o=order_id) or 0)


def _notices(app: object, order_id: str) -> int:
    return int(scalar(app, "SELECT count(*) FROM outbox WHERE order_id = :o AND "  # type: ignore[arg-type]
                           "event = 'OrderStatusChanged' AND payload NOT LIKE '%\"draft\"%' "
                           "AND id > (SELECT max(id) FROM outbox WHERE order_id = :o "
                           "AND event = 'OrderSubmitted')", o=order_id) or 0)


def _race(env: dict[str, str], first: list[str], second: list[str]) -> tuple[list[str], int]:
    """Start both commands at once; the outputs of the winner and loser, and how many won."""
    runs = [icpbot(env, *first), icpbot(env, *second)]
    outputs = [run.communicate(timeout=120) for run in runs]
    codes = [run.returncode for run in runs]
    assert sorted(codes) == [0, 2], (codes, outputs)
    loser = outputs[codes.index(2)][0]
    return [loser], codes.count(0)


@pytest.mark.slow
def test_two_cli_processes_approve_and_reject_the_same_order_one_wins(tmp_path: Path) -> None:
    app = sqlite_app(tmp_path)
    ids = orders_in(app, Status.PROVIDER_REVIEW, ORDERS)
    env = sqlite_env(tmp_path)
    collided = 0
    for order_id in ids:
        losers, _ = _race(env, ["review", "approve", order_id],
                          ["review", "reject", order_id, "--reason", "website_name"])
        assert any(told in losers[0] for told in LOSER_TOLD), losers
        collided += "changed meanwhile" in losers[0]
        assert _decisions(app, order_id) == 1
        status = app.filing.get(order_id).status
        assert status in (Status.SMS_VERIFICATION, Status.PROVIDER_REJECTED)
    print(f"\n{ORDERS} orders, approve vs reject at once: {collided} lost the compare-and-set, "
          f"{ORDERS - collided} saw the decision already made; one decision each")


@pytest.mark.slow
def test_final_approval_run_twice_issues_one_icp_number(tmp_path: Path) -> None:
    app = sqlite_app(tmp_path)
    ids = orders_in(app, Status.ADMINISTRATION_REVIEW, ORDERS // 2)
    env = sqlite_env(tmp_path)
    for order_id in ids:
        _race(env, ["review", "administration-approve", order_id],
              ["review", "administration-approve", order_id])
        order = app.filing.get(order_id)
        assert order.status is Status.APPROVED and order.icp_number
        assert _decisions(app, order_id) == 1
    numbers = {app.filing.get(order_id).icp_number for order_id in ids}
    assert len(numbers) == len(ids)
    assert scalar(app, "SELECT sum(last) FROM icp_serial") == len(ids)  # no number spent twice


async def test_telegram_approve_tap_against_signed_callback_reject(tmp_path: Path) -> None:
    reviewer = ChatRef("telegram", "77")
    # A reviewer tapping 20 cards in a row is not a flood; the guard is tested elsewhere.
    app = sqlite_app(tmp_path, reviewers=frozenset({reviewer.key}),
                     flood=FloodGuard(rate=1000, burst=1000))
    ids = orders_in(app, Status.PROVIDER_REVIEW, ORDERS)
    server = TestServer(make_callback_app(app.filing, "s"))
    async with TestClient(server) as client:
        for number, order_id in enumerate(ids):
            raw = json.dumps({"event_id": f"e{number}", "timestamp": time.time(),
                              "order_id": order_id, "action": "reject",
                              "reasons": ["website_name"]}).encode()
            # A decision in the chat is confirmed: the race is the confirming tap.
            [panel] = app.engine.handle_sync(reviewer, Choice(f"rv:approve:{order_id}", None))
            assert isinstance(panel, Ask)
            confirm = next(o.value for o in panel.options if o.value.startswith("rv:")
                           and o.value != f"rv:approve:{order_id}" and "card" not in o.value)
            tap = asyncio.to_thread(app.engine.handle_sync, reviewer, Choice(confirm, None))
            post = client.post("/callback/status", data=raw,
                               headers={SIGNATURE_HEADER: sign("s", raw)})
            replies, response = await asyncio.gather(tap, post)
            callback_won = response.status == 200
            tap_won = not any(told in m.text for m in replies for told in LOSER_TOLD)
            assert callback_won != tap_won, (response.status, [m.text for m in replies])
            assert _decisions(app, order_id) == 1
            assert _notices(app, order_id) == 1
