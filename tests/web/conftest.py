"""Fixtures of the desk: an app with accounts and orders, and an aiohttp test client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import App, desk_app
from tests.web.desk_support import desk_world


@pytest.fixture
def app(tmp_path: Path) -> App:
    return desk_world(tmp_path)


@pytest.fixture
async def client(app: App) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    async with TestClient(TestServer(desk_app(app))) as client:
        yield client
