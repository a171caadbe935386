"""How the desk is reached: mounted under /desk beside the webhook, and the accounts CLI."""

from __future__ import annotations

import io
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import App, desk_app
from bot.cli import main
from bot.tg.webhook import webhook_app
from storage.crypto import Cipher
from tests.integration.test_webhook_server import FakeApplication
from tests.web.desk_support import PASSWORD, accounts, csrf_of, submit_order


@pytest.fixture
async def beside_webhook(app: App) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    server = webhook_app(FakeApplication(), path="telegram", secret="s3cret",
                         mounted={"/desk": desk_app(app)})
    async with TestClient(TestServer(server)) as client:
        yield client


async def test_the_desk_works_under_a_prefix_beside_the_webhook(
        beside_webhook: TestClient, app: App) -> None:  # type: ignore[type-arg]
    client = beside_webhook
    order = submit_order(app)
    root = await client.get("/desk/", allow_redirects=False)
    assert root.headers["Location"] == "/desk/login"
    form = await client.get("/desk/login")
    page = await form.text()
    assert 'action="/desk/login"' in page and "/desk/static/desk.css" in page
    queue = await client.post("/desk/login", data={"csrf": csrf_of(page), "name": "alice",
                                                   "password": PASSWORD})
    assert queue.status == 200 and order.id in await queue.text()
    assert f'href="/desk/orders/{order.id}"' in await queue.text()
    css = await client.get("/desk/static/desk.css")
    assert css.status == 200 and "Cache-Control" not in css.headers
    assert (await client.post("/telegram", data=b"{}")).status == 403  # the webhook's own


def test_reviewers_are_added_from_stdin_listed_and_disabled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        app: App) -> None:
    monkeypatch.setenv("ICPBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ICPBOT_SECRET_KEY", app.settings.secret_key or Cipher.new_key())
    monkeypatch.delenv("ICPBOT_DATABASE_URL", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\na long password\n"))
    assert main(["reviewers", "add", "erin", "--lang", "zh"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\ndifferent one!\n"))
    assert main(["reviewers", "add", "frank"]) == 2
    assert main(["reviewers", "add", "gina", "--password", "short"]) == 2
    assert main(["reviewers", "add", "hugo", "--password", "auditing words",
                 "--role", "auditor", "--totp"]) == 0
    assert "otpauth://totp/" in capsys.readouterr().out
    assert main(["reviewers", "add", "erin", "--password", "a long password"]) == 1
    assert main(["reviewers", "disable", "erin"]) == 0
    assert main(["reviewers", "list"]) == 0
    listed = capsys.readouterr().out
    assert "erin" in listed and "zh_Hans" in listed and "disabled" in listed
    assert "hugo" in listed and "auditor" in listed and "totp" in listed
    assert "frank" not in listed and "gina" not in listed
    stored = accounts(app).get("erin")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")


def test_the_command_line_loads_none_of_the_desks_libraries_until_it_serves() -> None:
    import subprocess

    code = ("import sys, bot.cli; print(sorted(m for m in ('argon2', 'pyotp', 'jinja2', 'PIL', "
            "'pypdfium2', 'aiohttp') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"
