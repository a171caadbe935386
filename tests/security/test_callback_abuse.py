"""Attack 8 on the back office's callback: a failed request must not use up its event id
(the retry applies it), a NaN timestamp must not pass the freshness check, long event ids
must not be cut into collisions, and long or NUL order ids must not give a 500 on
PostgreSQL. Every field is checked first: 400 with the reason; no input gives a 500."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import App, build
from bot.callback_api import SIGNATURE_HEADER, make_callback_app, sign
from filing.errors import StorageUnavailable
from filing.lifecycle import Status
from storage.orders import SqlOrderRepository
from tests.integration.test_callback_api import SECRET, settings_for
from tests.unit.test_lifecycle import sample_order


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path) -> App:
    url = request.getfixturevalue("postgres_url") if "postgres" in request.keywords else None
    return build(settings_for(tmp_path, url))


@pytest.fixture
async def client(app: App) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    async with TestClient(TestServer(make_callback_app(app.filing, SECRET))) as client:
        yield client


async def post(client: TestClient, raw: bytes) -> tuple[int, Any]:  # type: ignore[type-arg]
    response = await client.post("/callback/status", data=raw,
                                 headers={SIGNATURE_HEADER: sign(SECRET, raw)})
    return response.status, await response.json()


def body(**fields: Any) -> bytes:
    data = {"event_id": "e1", "timestamp": time.time(), "order_id": "O1", "action": "approve",
            **fields}
    return json.dumps(data).encode()


async def test_a_request_that_failed_does_not_use_up_its_event_id(
        app: App, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    real_add = SqlOrderRepository.add

    def server_fault(self: SqlOrderRepository, order: Any) -> None:
        raise RuntimeError("a bug or a crash after the receipt was written")

    def database_gone(self: SqlOrderRepository, order: Any) -> None:
        raise StorageUnavailable("server closed the connection")

    for fault, expected in ((server_fault, 500), (database_gone, 503)):
        monkeypatch.setattr(SqlOrderRepository, "add", fault)
        response = await client.post("/callback/status", data=(raw := body(
            order_id=order.id, event_id="retry-me")), headers={SIGNATURE_HEADER: sign(
                SECRET, raw)})
        assert response.status == expected
    monkeypatch.setattr(SqlOrderRepository, "add", real_add)
    status, answer = await post(client, body(order_id=order.id, event_id="retry-me"))
    assert status == 200 and answer["status"] == Status.SMS_VERIFICATION
    status, answer = await post(client, body(order_id=order.id, event_id="retry-me"))
    assert status == 409 and answer["error"] == "replayed event"


async def test_a_refused_step_can_be_sent_again_when_it_becomes_possible(
        app: App, client: TestClient) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    early = body(order_id=order.id, event_id="verified", action="sms_verified")
    assert (await post(client, early))[0] == 409  # not yet: still at the provider
    assert (await post(client, body(order_id=order.id, event_id="approved")))[0] == 200
    assert (await post(client, early))[0] == 200


@pytest.mark.parametrize("raw", [
    b'{"event_id": "n", "timestamp": NaN, "order_id": "O1", "action": "approve"}',
    b'{"event_id": "n", "timestamp": Infinity, "order_id": "O1", "action": "approve"}',
    b'{"event_id": "n", "timestamp": true, "order_id": "O1", "action": "approve"}',
    b'{"event_id": "n", "timestamp": "now", "order_id": "O1", "action": "approve"}',
    b'{"event_id": "n", "timestamp": 1e308, "order_id": "O1", "action": "approve"}',
], ids=["nan", "infinity", "bool", "string", "huge"])
async def test_a_timestamp_that_is_not_a_finite_number_is_refused(
        client: TestClient, raw: bytes) -> None:  # type: ignore[type-arg]
    status, answer = await post(client, raw)
    assert status == 400 and answer["error"].startswith(("timestamp", "not JSON: NaN",
                                                         "not JSON: Infinity"))


async def test_long_event_ids_are_refused_not_cut_into_collisions(
        app: App, client: TestClient) -> None:  # type: ignore[type-arg]
    order = app.filing.submit(sample_order(), actor="test:1")
    prefix = "x" * 100
    for suffix in ("-approve", "-reject"):
        status, answer = await post(client, body(order_id=order.id, event_id=prefix + suffix))
        assert status == 400 and "event_id" in answer["error"]
    assert (await post(client, body(order_id=order.id, event_id=prefix)))[0] == 200


@pytest.mark.parametrize("order_id", ["O" * 5000, "O1\x00", "O1\u0000x", "O1;DROP", 7, None])
@pytest.mark.postgres
async def test_long_or_nul_order_ids_are_a_400_on_postgres(
        client: TestClient, order_id: Any) -> None:  # type: ignore[type-arg]
    status, answer = await post(client, body(order_id=order_id))
    assert status == 400 and answer["error"].startswith("order_id")


@pytest.mark.parametrize("raw", [b"[]", b"null", b'"approve"', b"42", b"[" * 60_000,
                                 b'{"a":' * 50 + b"1" + b"}" * 50, b"\xff\xfe", b""])
async def test_a_body_that_is_not_a_flat_object_is_a_400(
        client: TestClient, raw: bytes) -> None:  # type: ignore[type-arg]
    status, _ = await post(client, raw)
    assert status == 400


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
                    max_leaves=10)
FIELDS = st.fixed_dictionaries({}, optional={
    name: JSON for name in ("event_id", "timestamp", "order_id", "action", "reasons", "note",
                            "icp_number")})


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=FIELDS)
async def test_no_signed_body_ever_gives_a_500(client: TestClient, fields: dict[str, Any]) -> None:  # type: ignore[type-arg]
    raw = json.dumps(fields, allow_nan=True).encode()
    status, _ = await post(client, raw)
    assert status in (200, 400, 404, 409, 422)
