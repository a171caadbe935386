"""Attack 14: the webhook answered 500 to a JSON list, null, a string or deeply nested JSON.
Anything that is not a Telegram update object is a 400 and reaches no handler."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.tg.webhook import MAX_UPDATE_BYTES, SECRET_HEADER, webhook_routes
from tests.integration.test_webhook_server import UPDATE, FakeApplication

NOT_UPDATES = {
    "list": b"[]", "list_of_updates": json.dumps([UPDATE]).encode(), "null": b"null",
    "string": b'"update"', "number": b"1", "true": b"true", "empty": b"",
    "deep_list": b"[" * 100_000 + b"]" * 100_000,
    "deep_object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "deep_inside_an_update": json.dumps({**UPDATE, "message": {
        **UPDATE["message"], "x": json.loads("[" * 200 + "]" * 200)}}).encode(),
    "update_id_a_string": json.dumps({**UPDATE, "update_id": "one"}).encode(),
    "message_a_list": json.dumps({"update_id": 3, "message": []}).encode(),
    "nan": b'{"update_id": NaN}', "not_utf8": b"\xff\xfe{}",
}


@pytest.fixture
async def client() -> AsyncIterator[tuple[TestClient, FakeApplication]]:  # type: ignore[type-arg]
    application = FakeApplication()
    app = web.Application(client_max_size=MAX_UPDATE_BYTES)
    app.add_routes(webhook_routes(application, "telegram", "s3cret"))
    async with TestClient(TestServer(app)) as client:
        yield client, application


@pytest.mark.parametrize("name", NOT_UPDATES)
async def test_a_body_that_is_not_an_update_is_a_400(client: Any, name: str) -> None:
    http, application = client
    response = await http.post("/telegram", data=NOT_UPDATES[name],
                               headers={SECRET_HEADER: "s3cret"})
    assert response.status == 400 and application.update_queue.empty()


async def test_a_real_update_still_passes(client: Any) -> None:
    http, application = client
    response = await http.post("/telegram", data=json.dumps(UPDATE),
                               headers={SECRET_HEADER: "s3cret"})
    assert response.status == 200 and not application.update_queue.empty()
