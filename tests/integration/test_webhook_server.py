"""Our webhook server: the secret is checked in constant time, big bodies are refused, and
the back office's callback shares the server when its secret is set."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.tg import webhook
from bot.tg.webhook import MAX_UPDATE_BYTES, SECRET_HEADER, webhook_routes

UPDATE = {"update_id": 1, "message": {
    "message_id": 1, "date": 1767225600, "text": "/start",
    "chat": {"id": 5, "type": "private"}, "from": {"id": 5, "is_bot": False, "first_name": "Li"},
    "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}


class FakeApplication:
    """Just what the webhook route touches: a bot for de_json and the update queue."""

    def __init__(self) -> None:
        import asyncio

        self.bot = None
        self.update_queue: asyncio.Queue[Any] = asyncio.Queue()


@pytest.fixture
async def served() -> AsyncIterator[tuple[TestClient, FakeApplication]]:  # type: ignore[type-arg]
    application = FakeApplication()
    app = web.Application(client_max_size=MAX_UPDATE_BYTES)
    app.add_routes(webhook_routes(application, "telegram", "s3cret"))
    async with TestClient(TestServer(app)) as client:
        yield client, application


async def test_update_with_the_secret_is_queued(served: Any) -> None:
    client, application = served
    response = await client.post("/telegram", data=json.dumps(UPDATE),
                                 headers={SECRET_HEADER: "s3cret"})
    assert response.status == 200
    assert application.update_queue.get_nowait().update_id == 1


@pytest.mark.parametrize("secret", [None, "", "s3cre", "s3cret!", "S3CRET"])
async def test_update_without_the_right_secret_is_refused(served: Any, secret: str | None) -> None:
    client, application = served
    headers = {} if secret is None else {SECRET_HEADER: secret}
    response = await client.post("/telegram", data=json.dumps(UPDATE), headers=headers)
    assert response.status == 403 and application.update_queue.empty()


async def test_oversized_body_is_refused_unread(served: Any) -> None:
    client, application = served
    response = await client.post("/telegram", data=b"{" + b" " * MAX_UPDATE_BYTES + b"}",
                                 headers={SECRET_HEADER: "s3cret"})
    assert response.status == 413 and application.update_queue.empty()


async def test_malformed_update_is_refused(served: Any) -> None:
    client, _ = served
    response = await client.post("/telegram", data=b"not json", headers={SECRET_HEADER: "s3cret"})
    assert response.status == 400


def test_the_secret_is_compared_in_constant_time() -> None:
    import inspect

    assert "hmac.compare_digest" in inspect.getsource(webhook.webhook_routes)
