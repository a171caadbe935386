"""Logging in and out; the login is rate-limited by the audit log's recent failures."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from functools import partial

from aiohttp import web

from bot.web.context import desk_of, reviewer_of, run
from bot.web.pages import render, url
from bot.web.passwords import code_matches, hash_password, needs_rehash, password_matches
from bot.web.security import cookie_path, signer_of
from storage.audit import LOGIN_FAILED

WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5  # per account or per address within the window


async def show(request: web.Request) -> web.StreamResponse:
    return _form(request)


def _form(request: web.Request, error: str = "", status: int = 200) -> web.StreamResponse:
    # The same token while the cookie is valid: several tabs (or a favicon fetch) do not
    # invalidate each other's forms.
    token = signer_of(request).login_token(request) or secrets.token_urlsafe(24)
    response = render(request, "login.html", status=status, error=error, login_token=token,
                      next=request.query.get("next", ""))
    signer_of(request).set_login_token(response, token, path=cookie_path(request),
                                       secure=desk_of(request).secure_cookies)
    return response


async def submit(request: web.Request) -> web.StreamResponse:
    desk = desk_of(request)
    form = await request.post()
    expected = signer_of(request).login_token(request)
    if expected is None or not hmac.compare_digest(str(form.get("csrf", "")), expected):
        return _form(request, "stale_form", status=403)
    name = str(form.get("name", "")).strip()[:64]
    peer = request.remote or ""
    failures = await run(partial(desk.audit.failed_logins, name, peer, desk.now() - WINDOW))
    if failures >= MAX_FAILURES:
        await desk.record(request, "login_blocked", actor=name)
        return _form(request, "too_many", status=429)
    reviewer = await run(partial(desk.reviewers.get, name))
    password = str(form.get("password", ""))
    if not (await run(partial(password_matches, reviewer, password))
            and reviewer is not None and reviewer.active
            and code_matches(reviewer, str(form.get("code", "")))):
        await desk.record(request, LOGIN_FAILED, actor=name)
        return _form(request, "wrong", status=401)
    if needs_rehash(reviewer):
        await run(partial(desk.reviewers.set_password_hash, name, hash_password(password)))
    await desk.record(request, "login", actor=name)
    response = web.HTTPSeeOther(_next(request, str(form.get("next", ""))))
    signer_of(request).start_session(response, name, path=cookie_path(request),
                                     secure=desk.secure_cookies)
    raise response


def _next(request: web.Request, wanted: str) -> str:
    """Only back into the desk: never an open redirect to another site."""
    home = url(request, "home")
    if wanted.startswith(home) and not wanted.startswith("//") and "\\" not in wanted:
        return wanted
    return home


async def logout(request: web.Request) -> web.StreamResponse:
    await desk_of(request).record(request, "logout")
    response = web.HTTPSeeOther(url(request, "login"))
    signer_of(request).end_session(response, path=cookie_path(request))
    raise response


async def home(request: web.Request) -> web.StreamResponse:
    reviewer = reviewer_of(request)
    raise web.HTTPSeeOther(url(request, "queue" if reviewer.decides else "audit"))


async def language(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    chosen = str(form.get("locale", ""))
    if chosen in ("en", "zh_Hans"):
        await run(partial(desk_of(request).reviewers.set_locale, reviewer_of(request).name,
                          chosen))
    back = _next(request, str(form.get("back", "")))
    raise web.HTTPSeeOther(back)
