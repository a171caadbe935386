"""The desk's security over plain HTTP: sessions, roles, CSRF, ids, headers, rate limit."""

from __future__ import annotations

import re

import pyotp
import pytest
from aiohttp.test_utils import TestClient

from bot.bootstrap import App
from bot.web.app import routes
from bot.web.passwords import hash_password
from bot.web.security import PUBLIC, ROLES
from filing.lifecycle import Status
from tests.web.desk_support import AUDITOR, PASSWORD, accounts, csrf_of, log_in, submit_order

Client = TestClient  # type: ignore[type-arg]


def _order_paths(order_id: str) -> list[str]:
    base = f"/orders/{order_id}"
    return [base, base + "/materials/0", base + "/materials/0/image",
            base + "/materials/1/pages/0", base + "/materials/0/download"]


async def test_every_route_has_a_role_rule_or_is_public() -> None:
    names = {route.kwargs.get("name") for route in routes()}  # type: ignore[attr-defined]
    assert None not in names
    assert names - PUBLIC == set(ROLES)


async def test_without_a_session_pages_redirect_to_the_login_and_posts_are_refused(
        client: Client, app: App) -> None:
    order = submit_order(app)
    root = await client.get("/", allow_redirects=False)
    assert root.status == 303 and root.headers["Location"] == "/login"
    for path in ["/queue", "/dashboard", "/audit", *_order_paths(order.id)]:
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303, path
        assert response.headers["Location"].startswith("/login?next=")
    refused = await client.post(f"/orders/{order.id}/decision/confirm",
                                data={"action": "approve", "version": "1"})
    assert refused.status == 401


async def test_a_forged_or_tampered_session_cookie_is_ignored(client: Client) -> None:
    await log_in(client, "alice")
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))["desk_session"]
    forged = cookie.value[:-3] + ("AAA" if not cookie.value.endswith("AAA") else "BBB")
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({"desk_session": forged},
                                             response_url=client.make_url("/"))
    response = await client.get("/queue", allow_redirects=False)
    assert response.status == 303


async def test_a_post_without_the_sessions_csrf_token_is_refused(client: Client,
                                                                app: App) -> None:
    order = submit_order(app)
    await log_in(client, "alice")
    for token in ("", "forged"):
        response = await client.post(f"/orders/{order.id}/decision/confirm",
                                     data={"csrf": token, "action": "approve",
                                           "version": "1"})
        assert response.status == 403
    assert app.filing.get(order.id).status is Status.PROVIDER_REVIEW


async def test_unknown_order_and_material_ids_are_not_found(client: Client, app: App) -> None:
    order = submit_order(app)
    await log_in(client, "alice")
    for path in ("/orders/O00000000", "/orders/O00000000/materials/0",
                 f"/orders/{order.id}/materials/3", f"/orders/{order.id}/materials/-1",
                 f"/orders/{order.id}/materials/x/image",
                 f"/orders/{order.id}/materials/0/pages/0",  # an image has no pages
                 f"/orders/{order.id}/materials/1/pages/99",
                 f"/orders/{order.id}/materials/1/image",  # a PDF is not an image
                 "/orders/../../etc/passwd", "/no-such-page"):
        response = await client.get(path)
        assert response.status == 404, path


async def test_an_auditor_can_open_no_order_or_material(client: Client, app: App) -> None:
    order = submit_order(app)
    await log_in(client, AUDITOR)
    for path in ["/queue", *_order_paths(order.id)]:
        assert (await client.get(path)).status == 403, path
    assert (await client.get("/audit")).status == 200


async def test_a_reviewer_cannot_read_the_audit_log(client: Client) -> None:
    await log_in(client, "alice")
    assert (await client.get("/audit")).status == 403
    assert (await client.get("/audit.csv")).status == 403


async def test_pages_carry_security_headers_and_are_never_cached(client: Client,
                                                                 app: App) -> None:
    order = submit_order(app)
    login = await client.get("/login")
    await log_in(client, "alice")
    page = await client.get(f"/orders/{order.id}")
    for response in (login, page):
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"
    cookie = page.request_info.headers.get("Cookie", "")
    assert "desk_session" in cookie


async def test_the_session_cookie_is_httponly_samesite_and_expires(client: Client) -> None:
    form = await client.get("/login")
    response = await client.post("/login", allow_redirects=False, data={
        "csrf": csrf_of(await form.text()), "name": "alice", "password": PASSWORD})
    header = next(value for value in response.headers.getall("Set-Cookie")
                  if value.startswith("desk_session="))
    assert "HttpOnly" in header and "SameSite=Strict" in header
    assert re.search(r"Max-Age=28800", header)


async def test_materials_are_reencoded_private_and_never_sniffed(client: Client,
                                                                app: App) -> None:
    order = submit_order(app)
    await log_in(client, "alice")
    image = await client.get(f"/orders/{order.id}/materials/0/image")
    page = await client.get(f"/orders/{order.id}/materials/1/pages/1")
    original = await client.get(f"/orders/{order.id}/materials/1/download")
    for response, kind in ((image, "image/png"), (page, "image/png"),
                           (original, "application/octet-stream")):
        assert response.status == 200
        assert response.headers["Content-Type"] == kind
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response.headers["Cache-Control"]
    assert (await image.read()).startswith(b"\x89PNG")
    assert original.headers["Content-Disposition"].startswith("attachment;")
    assert image.headers["Content-Disposition"].startswith("inline;")
    assert (await original.read()).startswith(b"%PDF-")


async def test_a_file_that_only_claims_to_be_an_image_is_not_served(
        client: Client, app: App) -> None:
    order = submit_order(app)
    stored = app.filing.get(order.id)
    key = stored.materials[0].storage_key
    path = app.settings.data_dir / "materials" / key
    path.write_bytes(app.cipher.encrypt_bytes(b"<script>alert(1)</script>"))
    await log_in(client, "alice")
    response = await client.get(f"/orders/{order.id}/materials/0/image")
    assert response.status == 422
    assert "script" not in await response.text()


async def test_logins_are_rate_limited_per_account(client: Client) -> None:
    for _ in range(5):
        form = await client.get("/login")
        wrong = await client.post("/login", data={"csrf": csrf_of(await form.text()),
                                                  "name": "alice", "password": "nope"})
        assert wrong.status == 401
    form = await client.get("/login")
    blocked = await client.post("/login", data={"csrf": csrf_of(await form.text()),
                                                "name": "alice", "password": PASSWORD})
    assert blocked.status == 429
    assert "Too many failed attempts" in await blocked.text()


async def test_a_login_form_without_its_token_is_refused(client: Client) -> None:
    response = await client.post("/login", data={"csrf": "x", "name": "alice",
                                                 "password": PASSWORD})
    assert response.status == 403


async def test_a_totp_account_needs_the_current_code(client: Client, app: App) -> None:
    secret = pyotp.random_base32()
    accounts(app).add("dora", hash_password(PASSWORD), totp_secret=secret)
    form = await client.get("/login")
    without = await client.post("/login", data={"csrf": csrf_of(await form.text()),
                                                "name": "dora", "password": PASSWORD})
    assert without.status == 401
    await log_in(client, "dora", code=pyotp.TOTP(secret).now())


async def test_a_disabled_account_is_logged_out_at_its_next_request(client: Client,
                                                                   app: App) -> None:
    await log_in(client, "alice")
    accounts(app).disable("alice")
    response = await client.get("/queue", allow_redirects=False)
    assert response.status == 303


async def test_after_login_only_desk_paths_are_followed(client: Client) -> None:
    form = await client.get("/login")
    response = await client.post("/login", allow_redirects=False, data={
        "csrf": csrf_of(await form.text()), "name": "alice", "password": PASSWORD,
        "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("query", ["status=nonsense", "type=<script>", "region=XX",
                                   "age=9999", "sla=x", "after=garbage", "before=1|"])
async def test_the_queue_ignores_values_it_does_not_know(client: Client, query: str) -> None:
    await log_in(client, "alice")
    response = await client.get("/queue?" + query)
    assert response.status == 200
    assert "<script>" not in await response.text()
