"""The back office's signed callback: valid requests move orders; everything else is refused."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import App, build
from bot.callback_api import MAX_BODY, SIGNATURE_HEADER, make_callback_app, sign
from bot.config import Settings
from filing.lifecycle import Action, Status, decisions, table
from filing.types import OrderType
from storage.crypto import Cipher
from tests.conftest import FakeWorld
from tests.orders_by_type import order_of
from tests.unit.test_lifecycle import sample_order

SECRET = "back-office-secret"


def settings_for(tmp_path: Path, database_url: str | None = None) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database_url, telegram_token=None,
                    telegram_api_url=None, admin_ids=frozenset(),
                    secret_key=Cipher.new_key(), webhook_secret=None,
                    callback_secret=SECRET, draft_reminder_days=3)


@pytest.fixture
def app(tmp_path: Path) -> App:
    return build(settings_for(tmp_path))


@pytest.fixture
async def client(app: App) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    server = TestServer(make_callback_app(app.filing, SECRET))
    async with TestClient(server) as client:
        yield client


def body(order_id: str, action: str, event_id: str = "evt-1", **extra: Any) -> bytes:
    data = {"event_id": event_id, "timestamp": time.time(), "order_id": order_id,
            "action": action, **extra}
    return json.dumps(data).encode()


async def post(client: TestClient, raw: bytes, signature: str | None = None) -> Any:  # type: ignore[type-arg]
    headers = {SIGNATURE_HEADER: signature or sign(SECRET, raw),
               "Content-Type": "application/json"}
    return await client.post("/callback/status", data=raw, headers=headers)


async def test_signed_callback_moves_the_order(app: App, client: TestClient) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    response = await post(client, body(order.id, "approve"))
    assert response.status == 200
    assert app.filing.get(order.id).status is Status.SMS_VERIFICATION


async def test_signature_fails_on_a_changed_body(app: App, client: TestClient) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    signed = body(order.id, "approve")
    changed = signed.replace(b"approve", b"reject_")
    response = await post(client, changed, signature=sign(SECRET, signed))
    assert response.status == 401
    assert app.filing.get(order.id).status is Status.PROVIDER_REVIEW


async def test_replayed_event_is_refused(app: App, client: TestClient) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    raw = body(order.id, "reject", reasons=["website_name"])
    assert (await post(client, raw)).status == 200
    again = await post(client, raw)
    assert again.status == 409 and "replayed" in (await again.json())["error"]


async def test_stale_timestamp_is_refused(app: App, client: TestClient) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    raw = json.dumps({"event_id": "old", "timestamp": time.time() - 3600,
                      "order_id": order.id, "action": "approve"}).encode()
    assert (await post(client, raw)).status == 409


async def test_unknown_order_is_refused_with_404(client: TestClient) -> None:  # type: ignore[type-arg]
    response = await post(client, body("NOPE", "approve"))
    assert response.status == 404


async def test_forbidden_transition_is_refused_with_the_reason(app: App,
                                                                client: TestClient) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    response = await post(client, body(order.id, "administration_approve"))
    assert response.status == 409
    assert app.filing.get(order.id).status is Status.PROVIDER_REVIEW


async def test_oversized_body_is_refused(client: TestClient) -> None:  # type: ignore[type-arg]
    raw = b"{" + b" " * (MAX_BODY + 10) + b"}"
    response = await post(client, raw)
    assert response.status == 413


async def test_full_lifecycle_through_callbacks_reaches_approval(app: App,
                                                                 client: TestClient) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    for number, action in enumerate(("approve", "sms_verified", "administration_approve")):
        assert (await post(client, body(order.id, action, f"e{number}"))).status == 200
    approved = app.filing.get(order.id)
    assert approved.status is Status.APPROVED and approved.icp_number
    assert [h.actor for h in approved.history][1:] == ["back-office"] * 3


REASONS_FOR_ANY_TYPE = ["order_conflict"]


async def test_the_callback_accepts_exactly_the_per_type_decisions() -> None:
    """For every order type, status and action: accepted iff the lifecycle data list it as
    a decision there (the one list the chat cards and the CLI desk offer too)."""
    world = FakeWorld()
    handler = make_callback_app(world.filing, SECRET)
    mismatches = []
    async with TestClient(TestServer(handler)) as client:
        for order_type in OrderType:
            statuses = {row.source for row in table(order_type)}
            for status in sorted(statuses):
                for action in Action:
                    # Each on an entity of its own: one approved cancellation must not
                    # refuse the next order on the same number.
                    entity = f"浙ICP备2025{len(world.orders.rows) + 1:06d}号"
                    order = world.filing.submit(order_of(order_type, entity_number=entity),
                                                actor="test:1")
                    stored = world.orders.rows[order.id]
                    world.orders.rows[order.id] = replace(stored, status=status)
                    response = await post(client, body(order.id, action.value, order.id,
                                                       reasons=REASONS_FOR_ANY_TYPE))
                    accepted = response.status == 200
                    if accepted != (action in decisions(order_type, status)):
                        mismatches.append((order_type, status, action, response.status))
    assert mismatches == []
